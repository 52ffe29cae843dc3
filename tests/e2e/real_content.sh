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
expect "en meta description" grep -qF '<meta name="description" content="Community of Practice · Peru 2021–2023">' "$en_html"
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

finish
