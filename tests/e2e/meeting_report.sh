#!/bin/bash
# Builds the meeting report (the 3rd MIEUX+ LAC Community meeting) and
# checks both editions: files, PDF structure and text, cards side by side
# in print with their lists, the links, the counts its summary line states
# checked against its table of institutions (and a wrong one reported at
# its line), the layout report and the HTML with the Nu HTML Checker.
. "$(dirname "$0")/lib.bash"
ID=mieux-lac-meeting-3-2022
PUB=$SRC/content/$ID
OUT=$WORK/out
"$FOLIO" build --layout-report --out "$OUT" "$PUB" >"$WORK/report" 2>"$WORK/stderr"
rc=$?
[ $rc -eq 0 ] && ok || { fail "build exited $rc"; cat "$WORK/stderr"; }
[ -s "$WORK/stderr" ] && { fail "a clean build printed diagnostics"; cat "$WORK/stderr"; } || ok
"$FOLIO" check "$PUB" >"$WORK/check" 2>&1 && ok || fail "check exited non-zero"
[ -s "$WORK/check" ] && { fail "check printed diagnostics: the stated counts disagree"; cat "$WORK/check"; } || ok

for lang in es en; do
  dir=$OUT/$ID/$lang
  for f in index.html style.css favicon.svg $ID-$lang.pdf; do
    expect "$lang: $f exists" test -s "$dir/$f"
  done
  pdf=$dir/$ID-$lang.pdf
  expect "$lang: qpdf --check" qpdf --check "$pdf"
  pdftotext -enc UTF-8 "$pdf" "$WORK/$lang.txt" 2>"$WORK/$lang.pdftotext"
  if [ -s "$WORK/$lang.pdftotext" ]; then fail "$lang: pdftotext printed warnings"; head -3 "$WORK/$lang.pdftotext"
  else ok; fi
  tr -s ' \n' '  ' <"$WORK/$lang.txt" >"$WORK/$lang.flat"
  pdffonts "$pdf" | tail -n +3 >"$WORK/$lang.fonts"
  if [ -s "$WORK/$lang.fonts" ] && awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes") bad=1 } END { exit bad }' "$WORK/$lang.fonts"; then ok
  else fail "$lang: a font is not embedded and subset"; cat "$WORK/$lang.fonts"; fi
  expect "$lang: PDF author" sh -c "pdfinfo '$pdf' | grep -q '^Author: *MIEUX+'"
  expect "$lang: outline" sh -c "qpdf --qdf --object-streams=disable '$pdf' - | grep -aq '/Outlines'"
  expect "$lang: resource links in the PDF" sh -c "qpdf --qdf --object-streams=disable '$pdf' - | grep -aq 'training8rev1sp.pdf'"
  # good practices and challenges side by side: one line of the page has both titles
  page=$(pdftotext -layout "$pdf" - | awk -v RS='\f' '/Desaf|Challenges identified/ { print NR; exit }')
  case $lang in es) pair="Buenas prácticas .*Desafíos identificados" ;; en) pair="Good practices .*Challenges identified" ;; esac
  expect "$lang: practices and challenges side by side in print" sh -c \
    "pdftotext -layout -f $page -l $page '$pdf' - | grep -Eq '$pair'"
  row=$(grep "^$ID *$lang " "$WORK/report")
  read -r _ _ pages _ _ _ _ overfull widows orphans <<<"$row"
  [ "$pages" = "$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')" ] && ok || fail "$lang: layout report's pages"
  [ "${overfull:-x}" = 0 ] && [ "${widows:-x}" = 0 ] && [ "${orphans:-x}" = 0 ] && ok ||
    fail "$lang: layout report: $overfull overfull, $widows widows, $orphans orphans"
  # the web edition: cards with their lists, stacked on a phone
  expect "$lang: cards in the web edition" grep -q '<ul class="cards">' "$dir/index.html"
  expect "$lang: a sub-list in a card" sh -c "tr -d '\n' <'$dir/index.html' | grep -Eq '<li class=\"card\">.*<ul>.*<ul>'"
  expect "$lang: one card a row on a phone" grep -q 'grid-template-columns: 1fr' "$dir/style.css"
  expect "$lang: links to the other edition" grep -q 'href="../'"$([ $lang = es ] && echo en || echo es)"'/index.html"' "$dir/index.html"
done

# Both languages' text, the date and ordinal for each locale, every part.
for t in "Salud mental y migración" "3.ª reunión" "8 de marzo de 2022" "Antecedentes" \
  "Falta de homogeneidad" "Acompañamiento de las necesidades inmediatas" \
  "1. Grupo de Trabajo de Salud Mental, MTIGM" "5. Capacitación del personal de salud" \
  "Ley N.° 30947" "1. Fases del proceso migratorio" "6. Niveles de intervención psicosocial" \
  "Provincia de Andalucía" "Provincia de Asturias" "Protocolo de Estambul" "República Dominicana" \
  "20 participantes de 8 países de la región, en representación de 12 instituciones"; do
  expect "es text: $t" contains "$WORK/es.flat" "$t"
done
for t in "Mental health and migration" "3rd meeting" "8 March 2022" "Background" \
  "Lack of homogeneity" "Accompaniment of immediate needs" \
  "1. Working Group on Mental Health, MTIGM" "5. Training for health workers" \
  "Mental Health Law (No. 30947)" "1. Phases of the migration process" \
  "6. Levels of Psychosocial Intervention" "Province of Andalusia" "Province of Asturias" \
  "Dominican Republic" "Desclée de Brower" \
  "20 participants from 8 countries in the region representing 12 institutions"; do
  expect "en text: $t" contains "$WORK/en.flat" "$t"
done
expect "es: Spanish lang" sh -c "qpdf --qdf --object-streams=disable '$OUT/$ID/es/$ID-es.pdf' - | grep -aq '/Lang (es-MX)'"
expect "en: English lang" sh -c "qpdf --qdf --object-streams=disable '$OUT/$ID/en/$ID-en.pdf' - | grep -aq '/Lang (en-GB)'"
rows=$(grep -c '<tr' "$OUT/$ID/en/index.html")
[ "$rows" -eq 13 ] && ok || fail "the institutions table has $rows rows, not 13 (a head and 12)"

# A wrong stated count is reported at its line, as a warning, an error
# with --strict; an institution more makes the stated 12 wrong.
line=$(grep -n '<en>20 participants' "$PUB/publication.xml" | cut -d: -f1)
mkdir -p "$WORK/v1" "$WORK/v2"
cp -r "$PUB" "$WORK/v1/" && cp -r "$PUB" "$WORK/v2/"
sed -i "${line}s/stated=\"8\"/stated=\"9\"/" "$WORK/v1/$ID/publication.xml"
sed -i "$((line - 1))s/stated=\"8\"/stated=\"9\"/" "$WORK/v1/$ID/publication.xml"
"$FOLIO" check "$WORK/v1/$ID" >"$WORK/v1.out" 2>&1
[ $? -eq 0 ] && ok || fail "a wrong count fails check without --strict"
expect "wrong country count named at its line" grep -qx \
  "$WORK/v1/$ID/publication.xml:$line: warning: value printed 9, computed 8 (distinct(#t-institutions, 1))" "$WORK/v1.out"
[ "$(wc -l <"$WORK/v1.out")" -eq 1 ] && ok || { fail "one warning for both editions"; cat "$WORK/v1.out"; }
"$FOLIO" check --strict "$WORK/v1/$ID" >"$WORK/v1s.out" 2>&1
[ $? -eq 1 ] && ok || fail "--strict: a wrong count is an error"
expect "--strict error at its line" grep -qx \
  "$WORK/v1/$ID/publication.xml:$line: error: value printed 9, computed 8 (distinct(#t-institutions, 1))" "$WORK/v1s.out"
sed -i 's|<row key="do-inm">|<row key="pe-sis"><cell>Peru</cell><cell>SIS</cell></row><row key="do-inm">|' "$WORK/v2/$ID/publication.xml"
"$FOLIO" check "$WORK/v2/$ID" >"$WORK/v2.out" 2>&1
expect "an institution more: 13 computed, 12 printed" grep -qx \
  "$WORK/v2/$ID/publication.xml:$line: warning: value printed 12, computed 13 (distinct(#t-institutions, 1, 2))" "$WORK/v2.out"
expect "an institution of a country already there adds no country" sh -c "! grep -q 'printed 8' '$WORK/v2.out'"

VNU=$SRC/node_modules/vnu-jar/build/dist/vnu.jar
if [ -f "$VNU" ]; then
  if java -jar "$VNU" --errors-only "$OUT/$ID/es/index.html" "$OUT/$ID/en/index.html" 2>"$WORK/vnu"; then ok
  else fail "vnu found errors"; cat "$WORK/vnu"; fi
else
  fail "the Nu HTML Checker is not installed (run .ci/setup)"
fi
finish
