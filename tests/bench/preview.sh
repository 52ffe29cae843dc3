#!/bin/bash
# Preview benchmark (not a test): folio preview on a copy of the booklet,
# RUNS one-word edits (default 20); for each, the time the preview took to
# rebuild the Spanish edition (HTML and PDF, load to files in place, as it
# prints it) and the time from the save to the reload event a page
# receives. Prints the median, fastest and slowest of each, and for
# comparison a whole `folio build --lang es` process after the same edit.
#
#   tests/bench/preview.sh [FOLIO_BINARY]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
folio=${1:-$src/build/folio}
runs=${RUNS:-20}
work=${BENCH_DIR:-/tmp/folio-bench-preview}
rm -rf "$work" && mkdir -p "$work/tmp"
cp -r "$src/content/cop-peru-2021-2023" "$work/"
pub=$work/cop-peru-2021-2023/publication.xml
cd "$work"
TMPDIR=$work/tmp timeout 600 "$folio" preview --port 0 cop-peru-2021-2023 > log 2> err &
server=$!
trap 'kill -INT $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 500); do grep -q '^preview: serving' log && break; sleep 0.02; done
port=$(sed -n 's|^preview: serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' log)
[ -n "$port" ] || { echo "preview did not start"; cat log err; exit 1; }

now_ns() { date +%s%N; }
words=(permanecen siguen)
: > save_to_reload
for i in $(seq "$runs"); do
  gen=$(curl -s "http://127.0.0.1:$port/es/" | sed -n 's|.*_folio/events?lang=es&gen=\([0-9]*\)".*|\1|p')
  : > events
  curl -sN --max-time 30 "http://127.0.0.1:$port/_folio/events?lang=es&gen=$gen" > events &
  stream=$!
  until grep -q '^retry:' events; do sleep 0.005; done
  from=${words[$(( (i + 1) % 2 ))]} to=${words[$(( i % 2 ))]}
  start=$(now_ns)
  sed -i "0,/organizaciones $from activas/s//organizaciones $to activas/" "$pub"
  until grep -q '^data: reload' events; do sleep 0.001; done
  echo $(( ($(now_ns) - start) / 1000000 )) >> save_to_reload
  kill "$stream" 2>/dev/null; wait "$stream" 2>/dev/null || true
done
grep -o '^preview: es rebuilt in [0-9]* ms' log | awk '{print $5}' > rebuild
: > cli
for i in $(seq 5); do
  sed -i "0,/organizaciones [a-z]* activas/s//organizaciones w$i activas/" "$pub"
  start=$(now_ns)
  "$folio" build --quiet --lang es --out "$work/out" cop-peru-2021-2023
  echo $(( ($(now_ns) - start) / 1000000 )) >> cli
done
stats() { # stats FILE: median fastest slowest
  sort -n "$1" | awk '{v[NR] = $1} END {printf "%6d %8d %8d %6d\n", v[int((NR + 1) / 2)], v[1], v[NR], NR}'
}
printf '%-40s %6s %8s %8s %6s\n' "ms" median fastest slowest runs
printf '%-40s %s\n' "preview: rebuild of the es edition" "$(stats rebuild)"
printf '%-40s %s\n' "preview: save to reload event" "$(stats save_to_reload)"
printf '%-40s %s\n' "folio build --lang es (a new process)" "$(stats cli)"
