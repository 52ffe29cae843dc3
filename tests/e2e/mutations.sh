#!/bin/bash
# A smoke run of broken content: the booklet built and the report checked
# with one line deleted, duplicated, cut short, a mark doubled or a digit
# changed, a hundred and forty ways over (a fixed seed, so every run is the
# same). Each run must end with exit 0 or 1 and a diagnostic, never a crash
# (under the sanitizer build: no sanitizer report either), and leave no
# temporary file behind.
. "$(dirname "$0")/lib.bash"
RANDOM=20261123
mutate() { # ID COMMAND COUNT
  local id=$1 command=$2 count=$3 n
  local src=$SRC/content/$id lines=$(wc -l < "$SRC/content/$id/publication.xml")
  for n in $(seq 1 "$count"); do
    local dir=$WORK/$id-$n/$id at=$((RANDOM % lines + 1))
    mkdir -p "$dir"
    [ -d "$src/data" ] && cp -r "$src/data" "$dir/"
    case $((n % 5)) in
      0) sed "${at}d" ;;
      1) sed "${at}p" ;;
      2) sed "${at}s/.\{$((RANDOM % 20 + 1))\}\$//" ;;
      3) sed "${at}s/[<>\"]/&&/" ;;
      4) sed "${at}s/[0-9]/$((RANDOM % 10))/" ;;
    esac < "$src/publication.xml" > "$dir/publication.xml"
    "$FOLIO" "$command" --out "$WORK/out" "$dir" > /dev/null 2> "$WORK/err"
    local rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then fail "$id mutation $n (line $at): exit $rc"; head -5 "$WORK/err"; continue; fi
    if grep -qE 'Sanitizer|runtime error' "$WORK/err"; then fail "$id mutation $n: sanitizer report"; head -20 "$WORK/err"; continue; fi
    if [ $rc -eq 1 ] && ! grep -qE '(error|warning): ' "$WORK/err"; then fail "$id mutation $n: exit 1 without a diagnostic"; continue; fi
    ok
  done
}
mutate cop-peru-2021-2023 build 100
mutate alma-llanera-ii-evaluation-2023 check 40
expect "no temporary files" sh -c "! find '$WORK/out' -name '*.folio-tmp' 2>/dev/null | grep -q ."
finish
