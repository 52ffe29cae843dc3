# A corpus of cases (tests/diagnostics/, tests/hostile/): each case breaks
# a small publication one way and states the exact messages folio must
# print. Sourced after lib.bash.
#
# A case file: "# what it is" lines, then steps, then "expect" and the
# expected stderr, line for line:
#   base booklet|report   start from tests/diagnostics/base/<name>/
#   sed FILE SCRIPT       edit a file of the copy with sed
#   sh COMMAND            run a command in the copy (iconv, printf, python3 ...)
#   exit N                the expected exit status (1 unless said)
# folio runs as `folio check pub` in the case's folder, so places read
# pub/publication.xml:LINE. With CASE_SECONDS and CASE_KB set, each check
# must also finish within that time and peak memory (/usr/bin/time);
# the costliest case is reported.
BASES=$SRC/tests/diagnostics/base
worst_seconds=0 worst_kb=0 worst_time_case='' worst_memory_case=''

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
      'base '*) cp -r "$BASES/${line#base }" "$dir/pub" ;;
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
  if diff -rq "$BASES/$base_name" "$dir/pub" >/dev/null; then
    fail "$name: the steps changed nothing"
    return
  fi
  local rc
  if [ -n "${CASE_SECONDS:-}" ]; then
    (cd "$dir" && timeout 20 /usr/bin/time -f '%e %M' -o cost "$FOLIO" check pub) >/dev/null 2>"$dir/got"
    rc=$?
  else
    (cd "$dir" && "$FOLIO" check pub) >/dev/null 2>"$dir/got"
    rc=$?
  fi
  if [ "$rc" -ne "$want_exit" ]; then
    fail "$name: exit $rc, expected $want_exit"
    head -c 2000 "$dir/got"
  elif ! diff -u "$dir/expected" "$dir/got" > "$dir/diff"; then
    fail "$name: the messages differ"
    head -c 4000 "$dir/diff"
  else
    ok
  fi
  if [ -n "${CASE_SECONDS:-}" ]; then
    local seconds kb
    read -r seconds kb < <(tail -n 1 "$dir/cost") # after "Command exited with ..."
    if awk -v s="$seconds" -v l="$CASE_SECONDS" 'BEGIN { exit !(s > l) }'; then
      fail "$name: took $seconds s, more than $CASE_SECONDS s"
    fi
    if [ "$kb" -gt "$CASE_KB" ]; then fail "$name: peak memory $kb kB, more than $CASE_KB kB"; fi
    if awk -v s="$seconds" -v w="$worst_seconds" 'BEGIN { exit !(s > w) }'; then
      worst_seconds=$seconds worst_time_case=$name
    fi
    if [ "$kb" -gt "$worst_kb" ]; then worst_kb=$kb worst_memory_case=$name; fi
  fi
}

# Runs every case of a corpus folder; fails when it has fewer than `min`.
run_corpus() { # run_corpus DIR MIN
  for base in "$BASES"/*/; do
    "$FOLIO" check "$base" >/dev/null 2>"$WORK/base.err" && [ ! -s "$WORK/base.err" ] && ok ||
      { fail "base $(basename "$base") is not clean"; cat "$WORK/base.err"; }
  done
  local count=0
  for file in "$1"/*.case; do
    run_case "$file"
    count=$((count + 1))
  done
  [ "$count" -ge "$2" ] && ok || fail "the corpus has $count cases, fewer than $2"
  echo "$count cases"
  if [ -n "${CASE_SECONDS:-}" ]; then
    echo "slowest: $worst_time_case, $worst_seconds s; most memory: $worst_memory_case, $worst_kb kB"
  fi
}
