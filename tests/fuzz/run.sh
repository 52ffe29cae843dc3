#!/bin/bash
# Runs one libFuzzer target for SECONDS on a seed corpus made from the
# real content, and prints its executions and coverage:
#   tests/fuzz/run.sh BUILD_DIR TARGET SECONDS [WORK_DIR]
# BUILD_DIR is a build with -DFOLIO_FUZZ=ON; TARGET one of csv,
# expression, load, xliff, build. Exit 1 when the target found a crash,
# a leak or a timeout: the input is kept in WORK_DIR/artifacts/ and
# becomes a case of tests/hostile/.
set -u
build=$1 target=$2 seconds=$3
src=$(cd "$(dirname "$0")/../.." && pwd)
work=${4:-$build/fuzz-$target}
fuzzer=$build/tests/fuzz/${target}_fuzz
[ -x "$fuzzer" ] || { echo "fuzz: $fuzzer is not built (cmake -DFOLIO_FUZZ=ON)" >&2; exit 2; }
rm -rf "$work/seeds"
mkdir -p "$work/seeds" "$work/corpus" "$work/artifacts"
seeds=$work/seeds

# Element and attribute names of every schema, for mutations that keep the
# input close to content.
dict=$work/xml.dict
grep -oh 'name="[a-z][a-z-]*"' "$src"/templates/*.rng "$src"/templates/*/schema.rng |
  sed 's/name="\(.*\)"/\1/' | sort -u |
  awk '{ printf "\"<%s>\"\n\"</%s>\"\n\" %s=\\\"\"\n", $1, $1, $1 }' > "$dict"
printf '%s\n' '"<es>"' '"</es>"' '"<en>"' '"</en>"' '"&amp;"' '"<![CDATA["' '"<!--"' >> "$dict"

n=0
seed() { n=$((n + 1)); cp "$1" "$seeds/$(printf '%03d' $n)-$(basename "$1")"; }
case $target in
  csv)
    for f in "$src"/content/*/data/*.csv "$src"/tests/diagnostics/base/*/data/*.csv; do seed "$f"; done
    options=() ;;
  expression)
    # every calc and value of the real content, one a file
    grep -oh ' \(calc\|of\)="[^"]*"' "$src"/content/*/publication.xml |
      sed 's/^ [a-z]*="//; s/"$//; s/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g' | sort -u |
      while IFS= read -r e; do n=$((n + 1)); printf '%s' "$e" > "$seeds/$n.expr"; done
    options=() ;;
  load)
    for f in "$src"/content/*/publication.xml "$src"/tests/diagnostics/base/*/publication.xml; do seed "$f"; done
    options=(-dict="$dict") ;;
  build)
    # small publications only: a whole build per input
    for f in "$src"/tests/diagnostics/base/*/publication.xml; do seed "$f"; done
    options=(-dict="$dict") ;;
  xliff)
    folio=$build/folio
    "$folio" i18n export --to xliff2 "$src/tests/diagnostics/base/booklet" -o "$seeds/booklet.xlf" 2>/dev/null
    "$folio" i18n export --to xliff12 "$src/tests/diagnostics/base/booklet" -o "$seeds/booklet-12.xlf" 2>/dev/null
    [ -s "$seeds/booklet.xlf" ] || { echo "fuzz: cannot export the XLIFF seeds" >&2; exit 2; }
    options=(-dict="$dict") ;;
  *) echo "fuzz: unknown target $target" >&2; exit 2 ;;
esac

# Quiet libraries: diagnostics of bad input are the expected outcome.
"$fuzzer" "$work/corpus" "$seeds" "${options[@]}" -max_total_time="$seconds" -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
  >"$work/log" 2>&1
rc=$?
final=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE|INITED)' "$work/log" | tail -1)
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
cov=$(echo "$final" | grep -o 'cov: [0-9]*' | cut -d' ' -f2)
ft=$(echo "$final" | grep -o 'ft: [0-9]*' | cut -d' ' -f2)
crashes=$(find "$work/artifacts" -type f | wc -l)
echo "fuzz $target: ${seconds} s, ${execs:-?} executions, cov ${cov:-?}, ft ${ft:-?}, corpus $(ls "$work/corpus" | wc -l), crashes $crashes"
if [ $rc -ne 0 ] || [ "$crashes" -ne 0 ]; then
  grep -E 'ERROR|SUMMARY|Test unit written' "$work/log" | head -20
  exit 1
fi
