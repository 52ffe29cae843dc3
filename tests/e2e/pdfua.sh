#!/bin/bash
# Tagged PDF (PDF/UA-1) and PDF/A-2u: every PDF of every publication in
# content/ passes tests/tools/pdfua_check.py (the Matterhorn Protocol's
# machine-checkable conditions, the XMP identification, the sRGB output
# intent), stays qpdf-clean and byte-identical from build to build;
# poppler reads its structure tree; and the same PDF built untagged fails
# the checker, so the checker can fail.
. "$(dirname "$0")/lib.bash"
CHECK="python3 $SRC/tests/tools/pdfua_check.py"
for dir in "$SRC"/content/*/; do
  [ -f "$dir/publication.xml" ] || continue
  id=$(basename "$dir")
  "$FOLIO" build --quiet --out "$WORK/out" "$dir" 2>"$WORK/$id.err" && ok || fail "$id: build"
  for pdf in "$WORK/out/$id"/*/"$id"-*.pdf; do
    [ -f "$pdf" ] || { fail "$id: no PDF"; continue; }
    name=$(basename "$pdf")
    if $CHECK "$pdf" >"$WORK/$name.check" 2>&1; then ok; else fail "$name: PDF/UA checker"; cat "$WORK/$name.check"; fi
    expect "$name: qpdf --check" qpdf --check "$pdf"
    expect "$name: pdfinfo says tagged" sh -c "pdfinfo '$pdf' | grep -q '^Tagged: *yes'"
    pdfinfo -struct-text "$pdf" >"$WORK/$name.struct" 2>&1
    expect "$name: structure starts with Document" sh -c "head -1 '$WORK/$name.struct' | grep -qx Document"
    expect "$name: headings in the structure" grep -q '^ *H1 ' "$WORK/$name.struct"
    expect "$name: no pdftotext warnings" sh -c "! pdftotext '$pdf' - 2>&1 >/dev/null | grep -q ."
    expect "$name: XMP pdfaid" sh -c "qpdf --qdf --object-streams=disable '$pdf' - | grep -aq '<pdfaid:conformance>U</pdfaid:conformance>'"
  done
done
# the kinds of structure a reader meets, in the report and the booklet
report=$WORK/out/alma-llanera-ii-evaluation-2023/es/alma-llanera-ii-evaluation-2023-es.pdf
struct=$WORK/alma-llanera-ii-evaluation-2023-es.pdf.struct
for el in Table THead TBody TR TH TD Caption Figure Note Reference Link L LI Lbl LBody TOC TOCI; do
  expect "report: a $el element" grep -q "^ *$el\b" "$struct"
done
booklet_struct=$WORK/cop-peru-2021-2023-es.pdf.struct
for el in Sect Div BlockQuote; do
  expect "booklet: a $el element" grep -q "^ *$el\b" "$booklet_struct"
done
# a link's /Contents is its words as they read, not cut at kerning pairs
# ("Intr oduction"): the booklet's first contents entry
booklet_en=$WORK/out/cop-peru-2021-2023/en/cop-peru-2021-2023-en.pdf
want=$(python3 -c 'print("feff" + "Introduction and key figures 3".encode("utf-16-be").hex())')
expect "booklet: a contents link's /Contents" sh -c \
  "qpdf --qdf --object-streams=disable '$booklet_en' - | grep -aq '/Contents <$want>'"
# deterministic with tagging
cp "$report" "$WORK/first.pdf"
"$FOLIO" build --quiet --out "$WORK/out" "$SRC/content/alma-llanera-ii-evaluation-2023" 2>/dev/null
expect "report: byte-identical on a second build" cmp -s "$report" "$WORK/first.pdf"
# the checker fails an untagged PDF
FOLIO_PDF_UNTAGGED=1 "$FOLIO" build --quiet --out "$WORK/plain" "$BOOKLET" 2>/dev/null
plain=$WORK/plain/cop-peru-2021-2023/es/cop-peru-2021-2023-es.pdf
expect "untagged: built" test -f "$plain"
expect "untagged: the checker fails it" sh -c "! $CHECK '$plain' >/dev/null"
finish
