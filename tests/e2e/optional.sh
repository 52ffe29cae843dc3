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

finish
