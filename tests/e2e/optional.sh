#!/bin/bash
# Optional where life is optional (issue 9, section 3): variants of the
# booklet and the report with a part absent or written another way, each
# built, its HTML and PDF text checked for the words and for no empty
# heading or frame; and check failing on a block no page can hold.
. "$(dirname "$0")/lib.bash"
REPORT=$SRC/content/alma-llanera-ii-evaluation-2023

variant() { # variant NAME FROM TO: the booklet with FROM replaced by TO
  mkdir -p "$WORK/$1" && sed "s|$2|$3|" "$BOOKLET/publication.xml" > "$WORK/$1/publication.xml"
}
build() { # build NAME: builds $WORK/NAME into $WORK/NAME-out, text of each PDF beside it
  "$FOLIO" build --quiet --out "$WORK/$1-out" "$WORK/$1" 2>"$WORK/$1.stderr"
  expect "$1: built cleanly" test $? -eq 0 -a ! -s "$WORK/$1.stderr"
  for lang in es en; do
    pdftotext -enc UTF-8 "$WORK/$1-out/$1/$lang/$1-$lang.pdf" "$WORK/$1-$lang.txt" 2>/dev/null
  done
}

# A block that no page can hold is an error of check too, at the content's
# line, before anything is built: here a cover title forty times longer.
title='Aprendizajes, metodologías y experiencias en SMAPS'
variant long-title "<es>$title</es>" "<es>$(printf "$title %.0s" $(seq 40))</es>"
front=$(grep -n '<front>' "$BOOKLET/publication.xml" | cut -d: -f1)
"$FOLIO" check "$WORK/long-title" >"$WORK/long-title.stdout" 2>"$WORK/long-title.stderr"
expect "long title: check exits 1" test $? -eq 1
expect "long title: error at the cover's line" grep -qE \
  "^$WORK/long-title/publication.xml:$front: error: the cover's text takes [0-9]+ pt .*shorten the title" \
  "$WORK/long-title.stderr"
expect "long title: check writes nothing" test ! -e "$WORK/long-title/out" -a ! -s "$WORK/long-title.stdout"
"$FOLIO" build --out "$WORK/long-title-out" "$WORK/long-title" 2>/dev/null
expect "long title: build exits 1" test $? -eq 1
expect "long title: build writes no file" test -z "$(find "$WORK/long-title-out" -type f 2>/dev/null)"

# Testimonials from someone who is not of a member: a person described in
# each language with an organization that is not a member, a person of no
# organization (no separator, no empty org), an organization that is not a
# member speaking for itself.
mkdir -p "$WORK/quotes"
sed -e 's|<quote org="caps">|<quote>|' \
    -e 's|<person>Carlos Jibaja</person>|<person><es>Un vecino de Comas</es><en>A resident of Comas</en></person>|' \
    -e 's|<es>Centro de Atención Psicosocial</es>|<es>Comedor popular Las Flores</es>|' \
    -e 's|<en>Centro de Atención Psicococial - CAPS</en>|<en>Las Flores community kitchen</en>|' \
    -e 's|<quote org="hias">|<quote>|' -e '/<person>José Ponce<\/person>/{n;N;N;N;d}' \
    -e 's|<quote org="veneactiva">|<quote>|' -e '/<person>Nurys Morín<\/person>/d' \
    -e 's|<es>Veneactiva</es>|<es>Red de Mujeres Migrantes</es>|' -e 's|<en>Veneactive</en>|<en>Migrant Women Network</en>|' \
    "$BOOKLET/publication.xml" > "$WORK/quotes/publication.xml"
build quotes
q_html=$WORK/quotes-out/quotes/en/index.html
expect "quotes en: a person described, a non-member organization" contains "$q_html" \
  '<span class="cite-name">A resident of Comas</span><span class="cite-sep">, </span><span class="cite-org">Las Flores community kitchen</span>'
expect "quotes es: the description in Spanish" contains "$WORK/quotes-out/quotes/es/index.html" \
  '<span class="cite-name">Un vecino de Comas</span><span class="cite-sep">, </span><span class="cite-org">Comedor popular Las Flores</span>'
expect "quotes: a person alone" contains "$q_html" '<figcaption><span class="cite-name">José Ponce</span></figcaption>'
expect "quotes: an organization alone" contains "$q_html" '<figcaption><span class="cite-name">Migrant Women Network</span></figcaption>'
expect "quotes: no empty org" sh -c "! grep -q 'class=\"cite-org\"></span>' '$q_html'"
expect "quotes PDF: a described person" grep -qx '— A resident of Comas · Las Flores community kitchen' "$WORK/quotes-en.txt"
expect "quotes PDF: a person alone" grep -qx '— José Ponce' "$WORK/quotes-en.txt"
expect "quotes PDF: an organization alone" grep -qx '— Migrant Women Network' "$WORK/quotes-en.txt"
expect "quotes PDF es: a person alone" grep -qx '— José Ponce' "$WORK/quotes-es.txt"
expect "quotes PDF: the testimonial texts are there" grep -q 'safe space' "$WORK/quotes-en.txt"
# a description that lacks a language is a missing translation
mkdir -p "$WORK/quote-untranslated"
sed 's|<person>Carlos Jibaja</person>|<person><es>Un vecino de Comas</es></person>|' \
  "$BOOKLET/publication.xml" > "$WORK/quote-untranslated/publication.xml"
line=$(grep -n '<person>Carlos Jibaja' "$BOOKLET/publication.xml" | cut -d: -f1)
"$FOLIO" check "$WORK/quote-untranslated" 2>"$WORK/qu.stderr"
expect "quote untranslated: exit 1" test $? -eq 1
expect "quote untranslated: at the person" contains "$WORK/qu.stderr" \
  "quote-untranslated/publication.xml:$line: error: <person> has no en text (missing translation)"

# Meetings without agenda, description or photo: the entry keeps its name,
# date and format, with no empty list; the gallery leaves the meeting out.
mkdir -p "$WORK/bare-meetings"
sed -e '/<meeting id="m3"/,/<\/meeting>/{/<agenda-item/,/<\/agenda-item>/d;/<photo>/,/<\/photo>/d}' \
    -e '/<meeting id="m1"/,/<\/meeting>/{/<description>/,/<\/description>/d}' \
    -e '/<photo-of meeting="m3"\/>/d' "$BOOKLET/publication.xml" > "$WORK/bare-meetings/publication.xml"
build bare-meetings
b_html=$WORK/bare-meetings-out/bare-meetings/en/index.html
entry() { sed -n "/<li class=\"entry\" id=\"$1\">/,/^<\/li>/p" "$b_html"; }
entry m3 > "$WORK/m3.html"
expect "bare m3: name, date and format" grep -q '2nd Exchange Meeting</h3>' "$WORK/m3.html"
expect "bare m3: date and format" contains "$WORK/m3.html" 'August 2022</span> <span class="tag">hybrid'
expect "bare m3: no list" test "$(entry m3 | grep -c '<ul\|<li>')" -eq 0
expect "bare m3: three lines" test "$(entry m3 | wc -l)" -eq 4
expect "bare m1: no paragraph" test "$(entry m1 | grep -c '<p>')" -eq 0
expect "no empty list anywhere" sh -c "! grep -qz '<ul>\s*</ul>' '$b_html'"
expect "bare: gallery of five" test "$(grep -c 'class="photo-title"' "$b_html")" -eq 5
expect "bare: m3 not in the gallery" sh -c "! grep -q 'class=\"photo-title\">2nd Exchange Meeting' '$b_html'"
expect "bare PDF: m3 in the timeline" grep -qx '2nd Exchange Meeting' "$WORK/bare-meetings-en.txt"
expect "bare PDF: m3 not in the gallery" sh -c "! grep -q '^2nd Exchange Meeting (hybrid)' '$WORK/bare-meetings-en.txt'"
expect "bare PDF: the others are" grep -q '^1st Exchange Meeting (hybrid)' "$WORK/bare-meetings-en.txt"
# ... and one in the gallery that has no photo is an error at its line
mkdir -p "$WORK/photo-of-none"
sed -e '/<meeting id="m3"/,/<\/meeting>/{/<photo>/,/<\/photo>/d}' "$BOOKLET/publication.xml" > "$WORK/photo-of-none/publication.xml"
line=$(grep -n '<photo-of meeting="m3"/>' "$WORK/photo-of-none/publication.xml" | cut -d: -f1)
"$FOLIO" check "$WORK/photo-of-none" 2>"$WORK/photo-of-none.stderr"
expect "photo-of a meeting without photo: exit 1" test $? -eq 1
expect "photo-of a meeting without photo: at its line" grep -q \
  "photo-of-none/publication.xml:$line: error: meeting=\"m3\": that meeting (line [0-9]*) has no <photo>" "$WORK/photo-of-none.stderr"
# No photos at all: no gallery, no heading for it, not in the contents.
mkdir -p "$WORK/no-gallery"
sed -e '/<meetings /,/<\/meetings>/{/<photo>/,/<\/photo>/d}' -e '/<gallery /,/<\/gallery>/d' \
  "$BOOKLET/publication.xml" > "$WORK/no-gallery/publication.xml"
build no-gallery
for f in "$WORK/no-gallery-out/no-gallery/en/index.html" "$WORK/no-gallery-en.txt"; do
  expect "no gallery: no heading in $(basename "$f")" sh -c "! grep -q 'Images from the meetings' '$f'"
done
expect "no gallery: es neither" sh -c "! grep -q 'Imágenes de los encuentros' '$WORK/no-gallery-es.txt'"
expect "no gallery: no photo card" sh -c "! grep -q 'class=\"photo' '$WORK/no-gallery-out/no-gallery/en/index.html'"
expect "no gallery: the timeline is there" grep -qx '4th Exchange Meeting' "$WORK/no-gallery-en.txt"
expect "with gallery: the heading is" grep -q 'Images from the meetings' "$WORK/bare-meetings-en.txt"

# Key figures with decimals, a percentage and a "+", each edition writing
# them for its locale (es-PE: "87 %" with a no-break space); a figure that
# is not a number is an error at its line.
mkdir -p "$WORK/figures"
sed -e 's|<figure value="21">|<figure value="4.5">|' -e 's|<figure value="31">|<figure value="87%">|' \
    -e 's|<figure value="250" prefix="+">|<figure value="+1200">|' \
    "$BOOKLET/publication.xml" > "$WORK/figures/publication.xml"
build figures
stat_values() { grep -o 'class="stat-value">[^<]*<' "$1" | sed 's/^[^>]*>//; s/<$//' | tr '\n' '|'; }
nbsp=$(printf '\302\240')
expect "figures en" test "$(stat_values "$WORK/figures-out/figures/en/index.html")" = "4.5|6|87%|+1,200|"
expect "figures es" test "$(stat_values "$WORK/figures-out/figures/es/index.html")" = "4.5|6|87${nbsp}%|+1,200|"
for lang in en es; do
  expect "figures PDF $lang: 4.5" grep -qx '4.5' "$WORK/figures-$lang.txt"
  expect "figures PDF $lang: +1,200" grep -qx '+1,200' "$WORK/figures-$lang.txt"
done
expect "figures PDF en: 87%" grep -qx '87%' "$WORK/figures-en.txt"
# pdftotext writes the no-break space as a space
expect "figures PDF es: 87 %" grep -qxE "87( |$nbsp)%" "$WORK/figures-es.txt"
variant figure-after '<figure value="21">' '<figure value="300+">'
build figure-after
expect "figure 300+" test "$(stat_values "$WORK/figure-after-out/figure-after/en/index.html")" = "300+|6|31|+250|"
variant figure-comma '<figure value="21">' '<figure value="1,200">'
line=$(grep -n '<figure value="1,200">' "$WORK/figure-comma/publication.xml" | cut -d: -f1)
"$FOLIO" check "$WORK/figure-comma" 2>"$WORK/figure-comma.stderr"
expect "figure 1,200: exit 1" test $? -eq 1
expect "figure 1,200: at its line, in words" contains "$WORK/figure-comma.stderr" \
  "figure-comma/publication.xml:$line: error: value=\"1,200\": write the figure in digits, without thousands separators"
"$FOLIO" build --out "$WORK/figure-comma-out" "$WORK/figure-comma" 2>/dev/null
expect "figure 1,200: build exits 1" test $? -eq 1

# A report's period of days, formatted per edition like a meeting's dates;
# a day not in the calendar is an error at its line.
cp -r "$REPORT" "$WORK/period-days"
sed -i 's|<period from="2022-09" to="2023-08"/>|<period from="2022-09-15" to="2023-08-31"/>|' "$WORK/period-days/publication.xml"
"$FOLIO" build --quiet --out "$WORK/period-days-out" "$WORK/period-days" 2>/dev/null
expect "period of days: built" test $? -eq 0
p_out=$WORK/period-days-out/period-days
expect "period es" contains "$p_out/es/index.html" '<p class="period">15 de septiembre de 2022 – 31 de agosto de 2023</p>'
expect "period en" contains "$p_out/en/index.html" '<p class="period">September 15, 2022 – August 31, 2023</p>'
pdftotext -enc UTF-8 -l 1 "$p_out/en/period-days-en.pdf" "$WORK/period-days-en.txt"
expect "period en PDF cover" grep -q 'September 15, 2022 – August 31, 2023' "$WORK/period-days-en.txt"
sed -i 's|from="2022-09-15"|from="2022-09-31"|' "$WORK/period-days/publication.xml"
line=$(grep -n '<period ' "$WORK/period-days/publication.xml" | cut -d: -f1)
"$FOLIO" check "$WORK/period-days" 2>"$WORK/period-days.stderr"
expect "period 31 September: exit 1" test $? -eq 1
expect "period 31 September: at its line" contains "$WORK/period-days.stderr" \
  "period-days/publication.xml:$line: error: from=\"2022-09-31\": no such day (September 2022 has 30 days)"

finish
