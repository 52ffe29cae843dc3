#!/bin/bash
# folio build --layout-report: a row per PDF edition, and for the real
# booklet no overfull line, no widow, no orphan.
. "$(dirname "$0")/lib.bash"
"$FOLIO" build --layout-report --out "$WORK/out" "$BOOKLET" > "$WORK/report" 2>"$WORK/err" && ok || fail "build"
cat "$WORK/report"
expect "header row" grep -q '^publication .*overfull widows orphans$' "$WORK/report"
for lang in es en; do
  row=$(grep "^cop-peru-2021-2023 *$lang " "$WORK/report")
  [ -n "$row" ] && ok || { fail "$lang: no row"; continue; }
  read -r _ _ pages lines worst mean hyph overfull widows orphans <<< "$row"
  pdf_pages=$(pdfinfo "$WORK/out/cop-peru-2021-2023/$lang/cop-peru-2021-2023-$lang.pdf" | awk '/^Pages:/ {print $2}')
  [ "$pages" = "$pdf_pages" ] && ok || fail "$lang: report says $pages pages, the PDF has $pdf_pages"
  [ "$lines" -gt 100 ] && ok || fail "$lang: only $lines lines counted"
  [ "$overfull" -eq 0 ] && ok || fail "$lang: $overfull overfull lines"
  [ "$widows" -eq 0 ] && ok || fail "$lang: $widows widows"
  [ "$orphans" -eq 0 ] && ok || fail "$lang: $orphans orphans"
done
"$FOLIO" build --quiet --out "$WORK/quiet" "$BOOKLET" > "$WORK/quiet.out" && ok || fail "build without report"
expect "no report unless asked" test ! -s "$WORK/quiet.out"
finish
