#!/bin/bash
# The diagnostics corpus (tests/diagnostics/*.case): each case breaks a
# small publication one way and states the exact messages folio must
# print, in words the writer of the content can act on.
#
# A case file: "# what it is" lines, then steps, then "expect" and the
# expected stderr, line for line:
#   base booklet|report   start from tests/diagnostics/base/<name>/
#   sed FILE SCRIPT       edit a file of the copy with sed
#   sh COMMAND            run a command in the copy (iconv, printf ...)
#   exit N                the expected exit status (1 unless said)
# folio runs as `folio check pub` in the case's folder, so places read
# pub/publication.xml:LINE.
. "$(dirname "$0")/lib.bash"
CORPUS=$SRC/tests/diagnostics

run_case() { # run_case FILE
  local file=$1 name dir want_exit=1 expecting=0
  name=$(basename "$file" .case)
  dir=$WORK/$name
  mkdir -p "$dir"
  : > "$dir/expected"
  while IFS= read -r line || [ -n "$line" ]; do
    if [ $expecting -eq 1 ]; then printf '%s\n' "$line" >> "$dir/expected"; continue; fi
    case $line in
      '#'*|'') ;;
      'base '*) cp -r "$CORPUS/base/${line#base }" "$dir/pub" ;;
      'sed '*)
        local rest=${line#sed } target
        target=${rest%% *}
        sed -i -e "${rest#* }" "$dir/pub/$target" ;;
      'sh '*) (cd "$dir/pub" && sh -c "${line#sh }") ;;
      'exit '*) want_exit=${line#exit } ;;
      expect) expecting=1 ;;
      *) fail "$name: cannot read the step '$line'"; return ;;
    esac
  done < "$file"
  if [ ! -d "$dir/pub" ]; then fail "$name: no base"; return; fi
  local base_name
  base_name=$(sed -n 's/^base //p' "$file")
  if diff -rq "$CORPUS/base/$base_name" "$dir/pub" >/dev/null; then
    fail "$name: the steps changed nothing"
    return
  fi
  (cd "$dir" && "$FOLIO" check pub) >/dev/null 2>"$dir/got"
  local rc=$?
  if [ "$rc" -ne "$want_exit" ]; then
    fail "$name: exit $rc, expected $want_exit"
    cat "$dir/got"
  elif ! diff -u "$dir/expected" "$dir/got" > "$dir/diff"; then
    fail "$name: the messages differ"
    cat "$dir/diff"
  else
    ok
  fi
}

# The bases themselves are clean: every message of a case is the case's.
for base in "$CORPUS"/base/*/; do
  "$FOLIO" check "$base" >/dev/null 2>"$WORK/base.err" && [ ! -s "$WORK/base.err" ] && ok ||
    { fail "base $(basename "$base") is not clean"; cat "$WORK/base.err"; }
done
count=0
for file in "$CORPUS"/*.case; do
  run_case "$file"
  count=$((count + 1))
done
[ "$count" -ge 30 ] && ok || fail "the corpus has $count cases, fewer than 30"
finish
