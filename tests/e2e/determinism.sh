#!/bin/bash
# Same content, same bytes; SOURCE_DATE_EPOCH sets the PDF dates.
. "$(dirname "$0")/lib.bash"
"$FOLIO" build --out "$WORK/a" "$SRC"/content/*/ 2>/dev/null && ok || fail "first build"
"$FOLIO" build --out "$WORK/b" "$SRC"/content/*/ 2>/dev/null && ok || fail "second build"
a=$(tree_sum "$WORK/a") b=$(tree_sum "$WORK/b")
[ -n "$a" ] && [ "$a" = "$b" ] && ok || { fail "two builds differ"; diff -r "$WORK/a" "$WORK/b" | head; }

SOURCE_DATE_EPOCH=946684800 "$FOLIO" build --lang en --out "$WORK/c" "$BOOKLET" && ok || fail "dated build"
pdf=$WORK/c/cop-peru-2021-2023/en/cop-peru-2021-2023-en.pdf
expect "date from SOURCE_DATE_EPOCH" sh -c "pdfinfo '$pdf' | grep -q '^CreationDate:.*2000'"
expect "--lang builds one edition" test ! -e "$WORK/c/cop-peru-2021-2023/es"
SOURCE_DATE_EPOCH=soon "$FOLIO" build --out "$WORK/d" "$BOOKLET" 2>/dev/null
[ $? -eq 2 ] && ok || fail "a malformed SOURCE_DATE_EPOCH is a usage error"
finish
