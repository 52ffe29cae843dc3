#!/bin/bash
# Real-world content: the words of each edition come from its content, the
# forms of dates and the parts that may be absent (issue 9, sections 3 and 5).
. "$(dirname "$0")/lib.bash"
REPORT=$SRC/content/alma-llanera-ii-evaluation-2023
OUT=$WORK/out

# The report's recommendations run a. to f., in both editions.
"$FOLIO" build --out "$OUT" "$REPORT" 2>"$WORK/report.stderr" || { fail "report build"; cat "$WORK/report.stderr"; }
RID=alma-llanera-ii-evaluation-2023
pdftotext -enc UTF-8 "$OUT/$RID/es/$RID-es.pdf" "$WORK/report-es.txt"
pdftotext -enc UTF-8 "$OUT/$RID/en/$RID-en.pdf" "$WORK/report-en.txt"
expect "report es: recommendation f" contains "$OUT/$RID/es/index.html" "establecer un proceso continuo de evaluación y retroalimentación"
expect "report en: recommendation f" contains "$OUT/$RID/en/index.html" "establish a continuous process of evaluation and feedback"
expect "report es PDF: recommendation f" grep -q "siga siendo efectivo y relevante" "$WORK/report-es.txt"
expect "report en PDF: recommendation f" grep -q "effective and relevant" "$WORK/report-en.txt"
# f. is the sixth item of the lower-alpha list that holds the recommendations
expect "report: six recommendations" test "$(sed -n '/id="recomendaciones"/,/<\/section>/p' "$OUT/$RID/en/index.html" | grep -c '<li')" -eq 6

# The English booklet speaks English where its content says so: cover,
# back cover, meta description; a meeting is named from its kind's name in
# the content, numbered among its kind, alike in the timeline and gallery.
"$FOLIO" build --out "$OUT" "$BOOKLET" 2>"$WORK/booklet.stderr" || { fail "booklet build"; cat "$WORK/booklet.stderr"; }
BID=cop-peru-2021-2023
en_html=$OUT/$BID/en/index.html
pdftotext -enc UTF-8 "$OUT/$BID/en/$BID-en.pdf" "$WORK/booklet-en.txt"
html_text() { # html_text FILE CLASS: the texts of the elements of that class, one a line
  grep -o "class=\"$2\">[^<]*<" "$1" | sed 's/^[^>]*>//; s/<$//'
}
expect "en cover kicker" test "$(html_text "$en_html" kicker | head -1)" = "Community of Practice"
expect "en meta description" grep -qF '<meta name="description" content="A Community of Practice (CoP) serves as a strategic platform' "$en_html"
expect "en back cover" grep -qF '<p>From the Mental Health and Psychosocial Support Sub-Group of GTRM Peru</p>' "$en_html"
expect "en cover publisher" test "$(html_text "$en_html" publisher)" = "Mental Health and Psychosocial Support Sub-Group of GTRM Peru"
expect "en PDF cover kicker" sh -c "head -3 '$WORK/booklet-en.txt' | grep -q 'C *O *M *M *U *N *I *T *Y'"
expect "en PDF back cover" grep -q "^From the Mental Health and Psychosocial Support Sub-Group of GTRM Peru" "$WORK/booklet-en.txt"
for spanish in "Comunidad de Práctica" "Sub-Grupo" "Del Sub"; do
  expect "en: no '$spanish' in the HTML" sh -c "! grep -qF '$spanish' '$en_html'"
done
html_text "$en_html" entry-label > "$WORK/timeline.labels"
html_text "$en_html" photo-title | sed 's/ ([^)]*)$//' > "$WORK/gallery.labels"
expect "en: the second workshop is the 2nd" test "$(sed -n 4p "$WORK/timeline.labels")" = "2nd Strengthening Workshop"
expect "en: the last meeting is the 4th exchange meeting" test "$(sed -n 6p "$WORK/timeline.labels")" = "4th Exchange Meeting"
expect "en: timeline names six meetings" test "$(wc -l < "$WORK/timeline.labels")" -eq 6
expect "en: timeline and gallery name the meetings alike" cmp -s "$WORK/timeline.labels" "$WORK/gallery.labels"
expect "en PDF: 2nd Strengthening Workshop" grep -q "2nd Strengthening Workshop" "$WORK/booklet-en.txt"
expect "en PDF: no bare Meeting label" sh -c "! grep -qE '^[0-9]+(st|nd|rd|th) Meeting' '$WORK/booklet-en.txt'"
es_html=$OUT/$BID/es/index.html
expect "es: the second workshop" grep -qF '<h3 class="entry-label">2.º Taller de fortalecimiento</h3>' "$es_html"
expect "es: first workshop shortened" grep -qF '<h3 class="entry-label">1.er Taller de fortalecimiento</h3>' "$es_html"
expect "es cover kicker stays Spanish" test "$(html_text "$es_html" kicker | head -1)" = "Comunidad de Práctica"

# Dates: days and ranges of days, formatted per edition; a day not in the
# calendar or an end before its start is an error at its line; meetings out
# of order or outside the period are warnings.
variant() { # variant NAME FROM TO: the booklet with FROM replaced by TO
  mkdir -p "$WORK/$1" && sed "s|$2|$3|" "$BOOKLET/publication.xml" > "$WORK/$1/publication.xml"
}
variant days 'id="m2" kind="exchange" start="2022-04"' 'id="m2" kind="exchange" start="2022-04-14" end="2022-04-16"'
"$FOLIO" build --quiet --out "$WORK/days-out" "$WORK/days" 2>"$WORK/days.stderr"
expect "days: built cleanly" test ! -s "$WORK/days.stderr"
expect "days: en" contains "$WORK/days-out/days/en/index.html" "April 14–16, 2022"
expect "days: es" contains "$WORK/days-out/days/es/index.html" "14–16 de abril de 2022"
pdftotext -enc UTF-8 "$WORK/days-out/days/en/days-en.pdf" "$WORK/days-en.txt"
expect "days: en PDF" grep -q "April 14–16, 2022" "$WORK/days-en.txt"
line=$(grep -n 'id="m2"' "$BOOKLET/publication.xml" | cut -d: -f1)
variant feb30 'id="m2" kind="exchange" start="2022-04"' 'id="m2" kind="exchange" start="2022-02-30"'
"$FOLIO" check "$WORK/feb30" 2>"$WORK/feb30.stderr"
expect "30 February: exit 1" test $? -eq 1
expect "30 February: error at its line" contains "$WORK/feb30.stderr" "feb30/publication.xml:$line: error: start=\"2022-02-30\": no such day (February 2022 has 28 days)"
variant backwards 'id="m2" kind="exchange" start="2022-04"' 'id="m2" kind="exchange" start="2022-04" end="2022-03"'
"$FOLIO" check "$WORK/backwards" 2>"$WORK/backwards.stderr"
expect "end before start: exit 1" test $? -eq 1
expect "end before start: error at its line" contains "$WORK/backwards.stderr" "backwards/publication.xml:$line: error: end=\"2022-03\" is before start=\"2022-04\""
variant late 'id="m2" kind="exchange" start="2022-04"' 'id="m2" kind="exchange" start="2024-04-02"'
"$FOLIO" check "$WORK/late" 2>"$WORK/late.stderr"
expect "outside the period: exit 0" test $? -eq 0
expect "outside the period: warning" contains "$WORK/late.stderr" "late/publication.xml:$line: warning: outside the publication's period"
expect "out of order: warning" grep -q "warning: out of date order: it starts before the one at line $line" "$WORK/late.stderr"

# Optional parts: a booklet without testimonials has no such heading; an
# organization without a website has no empty link.
mkdir -p "$WORK/no-testimonials"
sed '/<testimonials /,/<\/testimonials>/d' "$BOOKLET/publication.xml" > "$WORK/no-testimonials/publication.xml"
"$FOLIO" build --quiet --out "$WORK/nt-out" "$WORK/no-testimonials" 2>"$WORK/nt.stderr"
expect "no testimonials: built cleanly" test ! -s "$WORK/nt.stderr"
pdftotext -enc UTF-8 "$WORK/nt-out/no-testimonials/en/no-testimonials-en.pdf" "$WORK/nt-en.txt"
for f in "$WORK/nt-out/no-testimonials/en/index.html" "$WORK/nt-en.txt"; do
  expect "no testimonials: no heading in $(basename "$f")" sh -c "! grep -q 'Benefits\|What we have learned as organizations' '$f'"
done
expect "no testimonials: the rest is there" contains "$WORK/nt-en.txt" "And we will continue in 2024!"
expect "with testimonials: the heading is there" grep -q 'id="testimonials"\|Benefits\|What we have learned as organizations' "$en_html"
variant no-site ' href="http://www.ccefiro.blogspot.com/"' ''
sed -i '/<link-text>/{N;/www.ccefiro.blogspot.com/{N;N;d}}' "$WORK/no-site/publication.xml"
"$FOLIO" build --quiet --out "$WORK/ns-out" "$WORK/no-site" 2>"$WORK/ns.stderr"
expect "no website: built cleanly" test ! -s "$WORK/ns.stderr"
expect "no website: the card" grep -A2 -q '<h3 class="card-title">CCEFIRO</h3>' "$WORK/ns-out/no-site/en/index.html"
expect "no website: no link" sh -c "! grep -q 'ccefiro.blogspot' '$WORK/ns-out/no-site/en/index.html'"

# Every footnote of every web edition is in its PDF too, wherever it is
# called: a paragraph, a table, a key figure (the bulletin's), a card, a quote.
"$FOLIO" build --quiet --out "$WORK/all" "$SRC"/content/*/ 2>/dev/null || fail "every publication builds"
for html in "$WORK"/all/*/*/index.html; do
  dir=$(dirname "$html")
  pdftotext -enc UTF-8 "$dir"/*.pdf "$dir/text.txt"
  expect "notes in the PDF: ${dir#"$WORK"/all/}" python3 "$SRC/tests/tools/notes_in_pdf.py" "$html" "$dir/text.txt"
done
finish
