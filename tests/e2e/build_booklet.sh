#!/bin/bash
# Builds the CoP booklet and checks both editions: files, text, links,
# fonts, PDF structure, HTML validity.
. "$(dirname "$0")/lib.bash"
OUT=$WORK/out
"$FOLIO" build --out "$OUT" "$BOOKLET" 2>"$WORK/stderr"
rc=$?
[ $rc -eq 0 ] && ok || { fail "build exited $rc"; cat "$WORK/stderr"; }
[ -s "$WORK/stderr" ] && { fail "a clean build printed diagnostics"; cat "$WORK/stderr"; } || ok

ID=cop-peru-2021-2023
for lang in es en; do
  dir=$OUT/$ID/$lang
  for f in index.html style.css favicon.svg $ID-$lang.pdf; do
    expect "$lang: $f exists" test -s "$dir/$f"
  done
  pdf=$dir/$ID-$lang.pdf
  expect "$lang: qpdf --check" qpdf --check "$pdf"
  # text extraction: no warning (libharu's ToUnicode CMaps are replaced by
  # correct ones, src/pdf/tounicode.h)
  pdftotext -enc UTF-8 "$pdf" "$WORK/$lang.txt" 2>"$WORK/$lang.pdftotext"
  if [ -s "$WORK/$lang.pdftotext" ]; then fail "$lang: pdftotext printed warnings"; head -3 "$WORK/$lang.pdftotext"
  else ok; fi
  # fonts: every one embedded and subset
  pdffonts "$pdf" | tail -n +3 > "$WORK/$lang.fonts"
  expect "$lang: fonts listed" test -s "$WORK/$lang.fonts"
  if awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes") bad=1 } END { exit bad }' "$WORK/$lang.fonts"; then ok
  else fail "$lang: a font is not embedded and subset"; cat "$WORK/$lang.fonts"; fi
  pdfinfo "$pdf" > "$WORK/$lang.info"
  expect "$lang: PDF title" grep -q '^Title: *[A-Z]' "$WORK/$lang.info"
  expect "$lang: PDF author" contains "$WORK/$lang.info" "GTRM"
  expect "$lang: PDF keywords" grep -q '^Keywords: *[A-Za-z]' "$WORK/$lang.info"
  expect "$lang: PDF date from SOURCE_DATE_EPOCH" grep -q '^CreationDate:.*2023' "$WORK/$lang.info"
  expect "$lang: outline" sh -c "qpdf --show-object=trailer '$pdf' >/dev/null && qpdf --qdf --object-streams=disable '$pdf' - | grep -aq '/Outlines'"
  expect "$lang: link annotations" sh -c "qpdf --qdf --object-streams=disable '$pdf' - | grep -aq '/URI'"
  expect "$lang: HTML lang" grep -q "<html lang=\"$lang-" "$dir/index.html"
done

# Text of each edition, accents and all, and the computed figures.
es=$WORK/es.txt en=$WORK/en.txt
for t in "Introducción y números generales" "1.er Taller de fortalecimiento" "2.ª Reunión de intercambio" "abril – mayo de 2021" \
         "¿" "Cáritas Chiclayo" "Qué hemos ganado como organizaciones" "Nurys Morín" \
         "Christian Guzmán" "Y continuamos el 2024" "+250"; do
  [ "$t" = "¿" ] && continue
  expect "es text: $t" contains "$es" "$t"
done
for t in "Introduction and key figures" "2nd Strengthening Workshop" "April – May 2021" "Librementepe" \
         "Veneactive" "And we will continue in 2024" "Community-based MHPSS" "+250"; do
  expect "en text: $t" contains "$en" "$t"
done
expect "es: Spanish lang" sh -c "qpdf --qdf --object-streams=disable '$OUT/$ID/es/$ID-es.pdf' - | grep -aq '/Lang (es-PE)'"
expect "en: English lang" sh -c "qpdf --qdf --object-streams=disable '$OUT/$ID/en/$ID-en.pdf' - | grep -aq '/Lang (en-US)'"

# The web editions link to each other and to the organizations.
expect "es links to en" grep -q 'href="../en/index.html"' "$OUT/$ID/es/index.html"
expect "en links to es" grep -q 'href="../es/index.html"' "$OUT/$ID/en/index.html"
expect "organization link" grep -q 'href="https://www.rescue.org/country/peru"' "$OUT/$ID/es/index.html"
expect "PDF link" grep -q "href=\"$ID-es.pdf\"" "$OUT/$ID/es/index.html"
expect "no script" sh -c "! grep -qi '<script' '$OUT/$ID/es/index.html'"

VNU=$SRC/node_modules/vnu-jar/build/dist/vnu.jar
if [ -f "$VNU" ]; then
  if java -jar "$VNU" --errors-only "$OUT/$ID/es/index.html" "$OUT/$ID/en/index.html" 2>"$WORK/vnu"; then ok
  else fail "vnu found errors"; cat "$WORK/vnu"; fi
else
  fail "the Nu HTML Checker is not installed (run .ci/setup)"
fi
finish
