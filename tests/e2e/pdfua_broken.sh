#!/bin/bash
# Every rule of tests/tools/pdfua_check.py can fail: tests/tools/pdfua_break.py
# breaks one condition in a copy of a real PDF (qpdf's JSON, edited and
# written back with qpdf --json-input), and the checker must then report
# that checkpoint and no other. The small test report has every kind of
# element (Figure, Note, TH, Lbl, Link, TOC); the meeting report has the
# long paragraphs that words run together show in.
. "$(dirname "$0")/lib.bash"
CHECK="python3 $SRC/tests/tools/pdfua_check.py"
BREAK="python3 $SRC/tests/tools/pdfua_break.py"
"$FOLIO" build --quiet --lang en --out "$WORK/out" "$SRC/tests/data/report-minimal" \
  "$SRC/content/mieux-lac-meeting-3-2022" 2>"$WORK/build.err" && ok || fail "build"
small=$WORK/out/report-minimal/en/report-minimal-en.pdf
long=$WORK/out/mieux-lac-meeting-3-2022/en/mieux-lac-meeting-3-2022-en.pdf
for pdf in "$small" "$long"; do
  qpdf --json=2 --json-stream-data=inline --decode-level=generalized "$pdf" "$pdf.json" ||
    fail "$(basename "$pdf"): qpdf --json"
done
broken=0
while read -r case want; do
  src=$small
  [ "$case" = words-run-together ] && src=$long
  out=$WORK/$case.pdf
  if ! $BREAK "$src.json" "$case" "$out" 2>"$WORK/$case.err"; then
    fail "$case: could not break the copy"; cat "$WORK/$case.err"; continue
  fi
  $CHECK "$out" >"$WORK/$case.check" 2>&1
  status=$?
  got=$(sed -n 's/^FAIL [^:]*: \[\([^]]*\)\].*/\1/p' "$WORK/$case.check" | sort -u | tr '\n' ' ')
  if [ "$want" = ok ]; then
    [ "$status" -eq 0 ] && [ -z "$got" ] && ok || { fail "$case: the unbroken copy fails"; cat "$WORK/$case.check"; }
  else
    broken=$((broken + 1))
    [ "$status" -eq 1 ] && [ "$got" = "$want " ] && ok ||
      { fail "$case: expected [$want] alone, the checker said: ${got:-nothing}"; cat "$WORK/$case.check"; }
  fi
done < <($BREAK --list)
expect "every rule broken once (24 cases)" test "$broken" -eq 24
# the paragraph's text is read from the page, not from the file: the unbroken
# meeting report passes the rule the broken copy fails
$BREAK "$long.json" unchanged "$WORK/long-unchanged.pdf" 2>/dev/null
expect "meeting report: the unbroken copy passes" $CHECK "$WORK/long-unchanged.pdf"
finish
