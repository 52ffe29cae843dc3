#!/bin/bash
# Photos in a booklet: a copy of the CoP booklet whose meetings and gallery
# have photographs (drawn by tests/tools/make_photo, no stock photo kept),
# built to both editions. The web edition's <img> (size, alt, lazy
# loading, the copied file), the PDF's image objects and alternative
# text, the low-resolution warning at the content line, and the errors
# that stop a build (a missing file, an SVG, no alt) writing nothing.
. "$(dirname "$0")/lib.bash"
ID=cop-peru-2021-2023
MAKE_PHOTO=${MAKE_PHOTO:-$(dirname "$FOLIO")/tests/make_photo}
OUT=$WORK/out
PUB=$WORK/photos/$ID
P=$PUB/publication.xml

mkdir -p "$PUB/photos"
"$MAKE_PHOTO" "$PUB/photos/m1.png" 1500 1000 1 && ok || fail "make_photo"
"$MAKE_PHOTO" "$PUB/photos/m2.png" 1600 900 2
"$MAKE_PHOTO" "$PUB/photos/m3.png" 1200 1600 3
"$MAKE_PHOTO" "$PUB/photos/grupo.png" 1400 1050 4
cp "$SRC/tests/data/images/photo.jpg" "$PUB/photos/feria.jpg" # 240 px: prints below 150 dpi

# The first three meetings' photos get an image; the gallery two photos of
# its own, one a small JPEG.
image() { # image HREF N: an <image> element on one line
  printf '<image href="%s"><alt><es>Participantes del encuentro %s reunidos</es><en>Participants of meeting %s together</en></alt><credit><es>Ana Ríos</es><en>Ana Ríos</en></credit></image>' "$1" "$2" "$2"
}
awk -v i1="$(image photos/m1.png 1)" -v i2="$(image photos/m2.png 2)" -v i3="$(image photos/m3.png 3)" '
  { print }
  /<photo>/ { n++; if (n == 1) print i1; if (n == 2) print i2; if (n == 3) print i3 }
  /<photo-of meeting="m6"\/>/ {
    print "<photo>" ; print "<image href=\"photos/grupo.png\"><alt><es>Foto grupal</es><en>Group photo</en></alt></image>"
    print "<caption><es>Foto de grupo al cierre del 2023</es><en>Group photo at the close of 2023</en></caption></photo>"
    print "<photo>" ; print "<image href=\"photos/feria.jpg\"><alt><es>Montaña y sol</es><en>A mountain and the sun</en></alt><credit><es>Archivo GTRM</es><en>GTRM archive</en></credit></image>"
    print "<caption><es>Feria de servicios</es><en>Services fair</en></caption></photo>"
  }' "$BOOKLET/publication.xml" > "$P"
line_of() { grep -n -m1 -F -- "$1" "$P" | cut -d: -f1; }

"$FOLIO" build --out "$OUT" "$PUB" 2>"$WORK/stderr"
rc=$?
[ $rc -eq 0 ] && ok || { fail "build with photos exited $rc"; cat "$WORK/stderr"; }
# the 240 px JPEG prints about 190 pt wide: a warning at its line, once
expect "low-resolution warning at the image's line" \
  grep -qE "^$P:$(line_of 'feria.jpg'): warning: image photos/feria.jpg is 240 px wide: upscaled to [0-9]+ dpi" "$WORK/stderr"
[ "$(grep -c 'warning:' "$WORK/stderr")" -eq 1 ] && ok || { fail "exactly one warning"; cat "$WORK/stderr"; }

for lang in es en; do
  dir=$OUT/$ID/$lang
  html=$dir/index.html pdf=$dir/$ID-$lang.pdf
  for f in m1.png m2.png m3.png grupo.png feria.jpg; do
    expect "$lang: $f copied" cmp "$PUB/photos/$f" "$dir/$f"
  done
  expect "$lang: img with size, lazy, async" \
    grep -qF '<img src="m1.png" alt="' "$html"
  expect "$lang: m1 1500×1000 lazy" \
    grep -qE '<img src="m1.png" alt="[^"]+" width="1500" height="1000" loading="lazy" decoding="async">' "$html"
  expect "$lang: portrait 1200×1600" grep -qE 'src="m3.png" alt="[^"]+" width="1200" height="1600"' "$html"
  expect "$lang: JPEG 240×160" grep -qE 'src="feria.jpg" alt="[^"]+" width="240" height="160"' "$html"
  [ "$(grep -c '<img ' "$html")" -eq 5 ] && ok || fail "$lang: five images in the page"
  # no img without width, height and loading
  if grep -o '<img [^>]*>' "$html" | grep -v 'width="[0-9]*" height="[0-9]*" loading="lazy"' | grep -q .; then
    fail "$lang: an img lacks its size or lazy loading"; else ok; fi
  # the images are in the PDF: five image objects, each at its pixel size
  pdfimages -list "$pdf" > "$WORK/$lang.images" 2>&1
  [ "$(tail -n +3 "$WORK/$lang.images" | grep -c ' image ')" -eq 5 ] && ok || { fail "$lang: five images in the PDF"; cat "$WORK/$lang.images"; }
  expect "$lang: PNG 1500×1000 embedded" grep -qE '^ *[0-9]+ +[0-9]+ image +1500 +1000 ' "$WORK/$lang.images"
  expect "$lang: JPEG embedded as DCT" grep -qE ' image +240 +160 .* jpeg ' "$WORK/$lang.images"
  # the gallery's printed sizes: no photo is wider than the text area and
  # every one keeps its proportions (x-ppi = y-ppi)
  if tail -n +3 "$WORK/$lang.images" | awk '{ if ($13 != $14) bad=1 } END { exit bad }'; then ok
  else fail "$lang: a photo is stretched"; cat "$WORK/$lang.images"; fi
  expect "$lang: qpdf --check" qpdf --check "$pdf"
  # alternative text on the Figure structure element, the credit with the caption
  qpdf --qdf --object-streams=disable "$pdf" "$WORK/$lang.qdf.pdf"
  expect "$lang: alt text on a /Figure" grep -aqi '/Alt <FEFF' "$WORK/$lang.qdf.pdf"
  pdftotext -enc UTF-8 "$pdf" - | tr -s ' \n' '  ' > "$WORK/$lang.txt"
done
expect "es: credit in print" grep -qF 'Foto: Ana Ríos' "$WORK/es.txt"
expect "en: credit in print" grep -qF 'Photo: GTRM archive' "$WORK/en.txt"
expect "es: credit on the web" grep -qF '<p class="credit">Foto: Ana Ríos</p>' "$OUT/$ID/es/index.html"
expect "en: gallery photo's own caption" grep -qF 'Group photo at the close of 2023' "$OUT/$ID/en/index.html"
expect "es: alt on the web" grep -qF 'alt="Participantes del encuentro 1 reunidos"' "$OUT/$ID/es/index.html"

# The pages with their images are valid HTML.
VNU=$SRC/node_modules/vnu-jar/build/dist/vnu.jar
if [ -f "$VNU" ]; then
  if java -jar "$VNU" --errors-only "$OUT/$ID/es/index.html" "$OUT/$ID/en/index.html" 2>"$WORK/vnu"; then ok
  else fail "vnu found errors"; cat "$WORK/vnu"; fi
else
  fail "the Nu HTML Checker is not installed (run .ci/setup)"
fi

# The same content builds to the same bytes.
"$FOLIO" build --out "$WORK/again" "$PUB" 2>/dev/null
if diff -r "$OUT" "$WORK/again" >/dev/null; then ok; else fail "a second build differs"; fi

# A report figure with an image: numbered label, caption, credit and
# source in both editions.
RID=alma-llanera-ii-evaluation-2023
RPUB=$WORK/report/$RID
mkdir -p "$WORK/report" && cp -r "$SRC/content/$RID" "$WORK/report/"
mkdir -p "$RPUB/figuras" && "$MAKE_PHOTO" "$RPUB/figuras/metodologia.png" 1600 1000 9
awk '{ print } /<figure id="f-metodologia"/ { f = 1 } f && /<\/caption>/ { f = 0
  print "<image href=\"figuras/metodologia.png\"><alt><es>Etapas del estudio</es><en>Stages of the study</en></alt><credit><es>CARE Perú</es><en>CARE Peru</en></credit></image>" }' \
  "$SRC/content/$RID/publication.xml" > "$RPUB/publication.xml"
"$FOLIO" build --quiet --out "$WORK/rout" "$RPUB" 2>"$WORK/report.err"
[ $? -eq 0 ] && ok || { fail "report with a figure image"; cat "$WORK/report.err"; }
expect "report: figure image on the web" grep -qF '<img src="metodologia.png" alt="Etapas del estudio" width="1600" height="1000" loading="lazy" decoding="async">' "$WORK/rout/$RID/es/index.html"
expect "report: credit after the caption" grep -qF 'evaluación <span class="credit">Imagen: CARE Perú</span></figcaption>' "$WORK/rout/$RID/es/index.html"
pdfimages -list "$WORK/rout/$RID/en/$RID-en.pdf" > "$WORK/report.images" 2>&1
expect "report: image in the PDF" grep -qE ' image +1600 +1000 ' "$WORK/report.images"
expect "report: credit in print" sh -c "pdftotext -enc UTF-8 '$WORK/rout/$RID/en/$RID-en.pdf' - | grep -q 'Image: CARE Peru'"

# A broken copy must fail with exit 1, the error at the content line, and
# leave the output folder as it was.
before=$(tree_sum "$OUT")
broken() { # broken NAME SED-SCRIPT EXPECTED-REGEX
  local dir=$WORK/$1/$ID
  mkdir -p "$dir" && cp -r "$PUB/photos" "$dir/" && sed -e "$2" "$P" > "$dir/publication.xml"
  "$FOLIO" build --out "$OUT" "$dir" 2>"$WORK/$1.err"
  local rc=$?
  [ $rc -eq 1 ] && ok || fail "$1: exit $rc, not 1"
  if grep -qE "$3" "$WORK/$1.err"; then ok; else fail "$1: diagnostic"; cat "$WORK/$1.err"; fi
  [ "$(tree_sum "$OUT")" = "$before" ] && ok || fail "$1: the output changed"
}
L=$(line_of 'photos/m2.png')
broken missing-image 's#photos/m2.png#photos/gone.png#' \
  "^$WORK/missing-image/$ID/publication.xml:$L: error: image .*photos/gone.png cannot be read: No such file"
broken svg-image 's#photos/m2.png#photos/diagram.svg#' \
  "^$WORK/svg-image/$ID/publication.xml:$L: error: image photos/diagram.svg: SVG is not supported"
# no <alt>: a schema error at the image (libxml2 words it "Expecting an
# element , got nothing")
G=$(line_of 'photos/grupo.png')
broken no-alt "${G}s#<alt>.*</alt>##" "^$WORK/no-alt/$ID/publication.xml:$G: error: "
broken outside 's#photos/m2.png#../m2.png#' \
  "^$WORK/outside/$ID/publication.xml:$L: error: image '../m2.png' refused"
finish
