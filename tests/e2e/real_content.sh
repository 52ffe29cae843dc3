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

finish
