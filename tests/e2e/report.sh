#!/bin/bash
# The Alma Llanera II evaluation report: folio check's data warnings (the
# print's own inconsistencies, each verified by hand against the printed
# report), --strict, both editions built and valid, charts as vector
# graphics, and the diagnostics of a missing cross-reference target and of
# a malformed CSV file.
. "$(dirname "$0")/lib.bash"
ID=alma-llanera-ii-evaluation-2023
REPORT=$SRC/content/$ID

# ---- folio check: every inconsistency of the printed report, once --------
"$FOLIO" check "$REPORT" 2>"$WORK/check"
rc=$?
[ $rc -eq 0 ] && ok || fail "check exited $rc"
expect "no error" sh -c "! grep -q ': error:' '$WORK/check'"
data=$(grep -c -E "computed|printed [0-9.%]+, computed" "$WORK/check")
numbering=$(grep -c "was printed as number" "$WORK/check")
[ "$data" -eq 16 ] && ok || { fail "$data data warnings, not 16"; grep computed "$WORK/check"; }
[ "$numbering" -eq 22 ] && ok || fail "$numbering numbering warnings, not 22"
for w in \
  "publication.xml:289: warning: table 't-muestreo' (printed as 2), row 'Lima y Callao', column 5: printed 264, computed 263 (sum(c2:c4))" \
  "row 'TOTAL', column 7: printed 69.2%, computed 69.417% (rounds to 69.4%) (c6/c5)" \
  "value printed 60.6%, computed 60.477% (rounds to 60.5%)" \
  "data/t-mensajes-salud.csv:4: warning: table 't-mensajes-salud' (printed as 14), row 'Jóvenes (18 – 29 años)', column 5: printed 11728, computed 11758" \
  "value printed 15%, computed 17.14% (rounds to 17%)" \
  "warning: table 5 was printed as number 1" \
  "warning: table 10 was printed as number 102" \
  "warning: table 17 was printed as number 14" \
  "warning: figure 12 was printed as number 82"; do
  expect "check says: $w" contains "$WORK/check" "$w"
done
"$FOLIO" check --strict "$REPORT" 2>"$WORK/strict"
[ $? -eq 1 ] && ok || fail "--strict does not fail"
strict_errors=$(grep -c ': error: .*computed' "$WORK/strict")
[ "$strict_errors" -eq 16 ] && ok || fail "--strict: $strict_errors data errors, not 16"

# ---- both editions --------------------------------------------------------
OUT=$WORK/out
"$FOLIO" build --out "$OUT" "$REPORT" 2>/dev/null && ok || fail "build"
for lang in es en; do
  dir=$OUT/$ID/$lang pdf=$OUT/$ID/$lang/$ID-$lang.pdf
  for f in index.html style.css favicon.svg $ID-$lang.pdf; do
    expect "$lang: $f exists" test -s "$dir/$f"
  done
  expect "$lang: qpdf --check" qpdf --check "$pdf"
  pdftotext -enc UTF-8 "$pdf" "$WORK/$lang.txt" 2>"$WORK/$lang.pdftotext"
  [ -s "$WORK/$lang.pdftotext" ] && fail "$lang: pdftotext printed warnings" || ok
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  [ "$pages" -ge 60 ] && ok || fail "$lang: only $pages pages"
  # charts are vector paths: the PDF has no images at all
  images=$(pdfimages -list "$pdf" | tail -n +3 | wc -l)
  [ "$images" -eq 0 ] && ok || fail "$lang: $images raster images"
  # on the web, each of the 16 charts as two SVGs (laid out for a desktop
  # and for a phone; CSS shows one) with its text alternative
  svgs=$(grep -o '<svg [^>]*role="img"' "$dir/index.html" | wc -l)
  [ "$svgs" -eq 32 ] && ok || fail "$lang: $svgs chart SVGs, not 32"
  titles=$(grep -o '<title id="chart-[0-9a-f]*-title">[^<]' "$dir/index.html" | wc -l)
  [ "$titles" -eq 32 ] && ok || fail "$lang: $titles chart titles, not 32"
  narrow=$(grep -c '^<div class="narrow"><svg ' "$dir/index.html")
  [ "$narrow" -eq 16 ] && ok || fail "$lang: $narrow narrow charts, not 16"
done
# the text on one line, for phrases a line break may cut
# (a word the line breaker hyphenated whole again: its hyphen is U+00AD)
for lang in es en; do
  sed -z 's/\xc2\xad\n//g' "$WORK/$lang.txt" | tr -s '\n ' '  ' > "$WORK/$lang.flat"
done
es=$WORK/es.flat en=$WORK/en.flat
for t in "Tabla 13. Número de participantes" "Figura 12. Distribución" "Informe Final" \
         "asistir a 4,108 beneficiarios/as" "(un 2.7 % más)" \
         "Fuente: Elaboración propia" "Índice de contenidos"; do
  expect "es text: $t" contains "$es" "$t"
done
for t in "Table 13. Number of participants" "Figure 12." "Final Report" \
         "assisting 4,108 beneficiaries instead of the 4,000" "(2.7% more)" \
         "Source: Own elaboration"; do
  expect "en text: $t" contains "$en" "$t"
done
# the reference in the text follows the table's number, not the print's "tabla 5"
expect "es: cross-reference to the table printed as 1" \
  contains "$es" "se presenta en la Tabla 5"
if [ -f "$SRC/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
  expect "HTML valid (vnu)" java -jar "$SRC/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only \
    "$OUT/$ID/es/index.html" "$OUT/$ID/en/index.html"
else
  fail "vnu.jar not installed (npm ci)"
fi

# ---- bad input: nothing written, file and line named ----------------------
before=$(tree_sum "$OUT")
bad=$WORK/bad/$ID
mkdir -p "$WORK/bad" && cp -r "$REPORT" "$bad"
sed -i '0,/<ref to="t-muestra-entrevistas"\/>/s//<ref to="t-no-such-table"\/>/' "$bad/publication.xml"
"$FOLIO" build --out "$OUT" "$bad" 2>"$WORK/bad.err"
[ $? -eq 1 ] && ok || fail "a dangling cross-reference does not fail"
expect "dangling ref: its diagnostic" grep -qE \
  "publication.xml:[0-9]+: error: to=\"t-no-such-table\": no table, figure or section has the id 't-no-such-table'" "$WORK/bad.err"
rm -rf "$bad" && cp -r "$REPORT" "$bad"
printf 'grupo_edad,mujeres,hombres,total\ninfancia,"2,-,2\n' > "$bad/data/t-empleo.csv"
"$FOLIO" build --out "$OUT" "$bad" 2>"$WORK/csv.err"
[ $? -eq 1 ] && ok || fail "a malformed CSV file does not fail"
expect "malformed CSV: file and line" grep -q "data/t-empleo.csv:2: error:" "$WORK/csv.err"
[ "$(tree_sum "$OUT")" = "$before" ] && ok || fail "a failed build changed out/"
finish
