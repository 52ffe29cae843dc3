#!/bin/bash
# A smoke run of broken content: the booklet with one line deleted,
# duplicated or cut short, a hundred ways over (a fixed seed, so every run
# is the same). Each build must end with exit 0 or 1 and a diagnostic,
# never a crash (under the sanitizer build: no sanitizer report either),
# and leave no temporary file behind.
. "$(dirname "$0")/lib.bash"
ID=cop-peru-2021-2023
SRC_XML=$BOOKLET/publication.xml
lines=$(wc -l < "$SRC_XML")
RANDOM=20261123
for n in $(seq 1 100); do
  dir=$WORK/m$n/$ID
  mkdir -p "$dir"
  at=$((RANDOM % lines + 1))
  case $((n % 4)) in
    0) sed "${at}d" "$SRC_XML" ;;
    1) sed "${at}p" "$SRC_XML" ;;
    2) sed "${at}s/.\{$((RANDOM % 20 + 1))\}\$//" "$SRC_XML" ;;
    3) sed "${at}s/[<>\"]/&&/" "$SRC_XML" ;;
  esac > "$dir/publication.xml"
  "$FOLIO" build --out "$WORK/out" "$dir" > /dev/null 2> "$WORK/err"
  rc=$?
  if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then fail "mutation $n (line $at): exit $rc"; head -5 "$WORK/err"; continue; fi
  if grep -qE 'Sanitizer|runtime error' "$WORK/err"; then fail "mutation $n: sanitizer report"; head -20 "$WORK/err"; continue; fi
  if [ $rc -eq 1 ] && ! grep -qE '(error|warning): ' "$WORK/err"; then fail "mutation $n: exit 1 without a diagnostic"; continue; fi
  ok
done
expect "no temporary files" sh -c "! find '$WORK/out' -name '*.folio-tmp' 2>/dev/null | grep -q ."
finish
