#!/bin/bash
# The MHPSS bulletin (IOM Colombia, second semester 2021): both editions
# build, figures and dates formatted per locale (48,659 / 48.659; "October
# 2 and 3, 2021" / "2 y 3 de octubre de 2021"), the semester on the
# masthead, the coverage counts the text states checked against the
# coverage list (43 municipalities listed, 40 printed: a warning at its
# line), HTML valid, PDF clean; and a copy whose stories have photos.
. "$(dirname "$0")/lib.bash"
ID=mhpss-bulletin-colombia-2021-s2
PUB=$SRC/content/$ID
OUT=$WORK/out
MAKE_PHOTO=${MAKE_PHOTO:-$(dirname "$FOLIO")/tests/make_photo}

"$FOLIO" build --quiet --out "$OUT" "$PUB" 2>"$WORK/build.err" && ok || fail "build: $(cat "$WORK/build.err")"
line=$(grep -n 'stated="40"' "$PUB/publication.xml" | head -1 | cut -d: -f1)
[ "$(cat "$WORK/build.err")" = "$PUB/publication.xml:$line: warning: value printed 40, computed 43 (count(#coverage, municipality))" ] \
  && ok || fail "the one diagnostic is the count of municipalities: $(cat "$WORK/build.err")"
"$FOLIO" check --strict "$PUB" 2>/dev/null && fail "--strict makes the count an error" || ok
EN=$OUT/$ID/en/index.html
ES=$OUT/$ID/es/index.html
contains "$EN" '<span class="stat-value">48,659</span>' && ok || fail "en: 48,659"
contains "$ES" '<span class="stat-value">48.659</span>' && ok || fail "es: 48.659"
contains "$EN" '<span class="stat-value">20,586</span>' && contains "$ES" '<span class="stat-value">1.913</span>' && ok || fail "grid"
contains "$EN" "October 2 and 3, 2021" && contains "$ES" "2 y 3 de octubre de 2021" && ok || fail "workshop days"
contains "$EN" "October 15, 2021" && contains "$ES" "15 de octubre de 2021" && ok || fail "a one-day workshop"
contains "$EN" "Second semester 2021" && contains "$ES" "Segundo semestre de 2021" && ok || fail "semester"
contains "$EN" "40 municipalities of the 17 departaments" && ok || fail "en: the counts as printed"
contains "$ES" "40 municipios de los 17 departamentos" && ok || fail "es: the counts as printed"
contains "$EN" "1,062 Venezuelan" && contains "$ES" "1.062 mujeres" && ok || fail "story figures per locale"
contains "$EN" 'href="#activate"' && ok || fail "In this issue links to its sections"
[ "$(grep -o '<tr' "$EN" | wc -l)" = 19 ] && ok || fail "coverage: 18 rows and a header"
for l in en es; do
  pdf=$OUT/$ID/$l/$ID-$l.pdf
  qpdf --check "$pdf" >/dev/null 2>&1 && ok || fail "$l: qpdf --check"
  pdftotext "$pdf" "$WORK/$l.txt" 2>"$WORK/$l.pdferr"; [ -s "$WORK/$l.pdferr" ] && fail "$l: pdftotext warnings" || ok
done
tr -s ' \n' ' ' <"$WORK/en.txt" | grep -q "Bello and Caldas (Antioquia) | Telarte" && ok || fail "pdf: a story's place line"
# The masthead is a band: the first page goes on with "In this issue" and the results
pdftotext -f 1 -l 1 "$OUT/$ID/en/$ID-en.pdf" - | tr -s ' \n' ' ' >"$WORK/en-p1.txt"
grep -q "During the second half" "$WORK/en-p1.txt" && grep -q "In this issue" "$WORK/en-p1.txt" &&
  grep -q "48,659" "$WORK/en-p1.txt" && ok || fail "pdf: masthead, In this issue and results on page 1"
tr -s ' \n' ' ' <"$WORK/es.txt" | grep -q "Norte de Santander Cúcuta · Chinácota" && ok || fail "pdf: a department's row"
VNU=$SRC/node_modules/vnu-jar/build/dist/vnu.jar
if [ -f "$VNU" ]; then
  if java -jar "$VNU" --errors-only "$EN" "$ES" 2>"$WORK/vnu"; then ok
  else fail "vnu found errors"; cat "$WORK/vnu"; fi
fi

# Photos for the stories (the originals are lost): drawn, added to a copy
COPY=$WORK/photos/$ID
mkdir -p "$COPY/photos"
n=0
awk '{ print } /<story>/ { s++ } /<photo>/ && s { printf "<image href=\"photos/s%d.png\"><alt><en>Generated test picture %d</en><es>Imagen de prueba generada %d</es></alt></image>\n", s, s, s }' \
  "$PUB/publication.xml" >"$COPY/publication.xml"
for i in 1 2 3 4; do "$MAKE_PHOTO" "$COPY/photos/s$i.png" 1500 1000 "$i" && n=$((n + 1)); done
[ "$n" = 4 ] && ok || fail "make_photo"
"$FOLIO" build --quiet --out "$WORK/out2" "$COPY" 2>"$WORK/photos.err" && ok || fail "with photos: $(cat "$WORK/photos.err")"
[ "$(grep -c "<img " "$WORK/out2/$ID/en/index.html")" = 5 ] && ok || fail "five photos on the web (four stories, the strategy)"
[ -f "$WORK/out2/$ID/es/s1.png" ] || [ -f "$WORK/out2/$ID/es/photos/s1.png" ] && ok || fail "photo copied"
[ "$(pdfimages -list "$WORK/out2/$ID/en/$ID-en.pdf" 2>/dev/null | tail -n +3 | wc -l)" -ge 4 ] && ok || fail "photos in the PDF"
finish
