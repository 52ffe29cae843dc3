#!/bin/bash
# The command line: help, version, usage errors (exit 2); what a build
# says it wrote, --quiet; check reporting what build would.
. "$(dirname "$0")/lib.bash"
"$FOLIO" --help > "$WORK/help" && ok || fail "--help exit code"
expect "help lists build" grep -q "folio build" "$WORK/help"
expect "help lists check" grep -q "folio check" "$WORK/help"
"$FOLIO" --version | grep -Eq '^folio [0-9]+\.[0-9]+\.[0-9]+$' && ok || fail "--version"
usage() { "$FOLIO" "$@" >/dev/null 2>"$WORK/err"; [ $? -eq 2 ] && grep -q "^folio: " "$WORK/err" && ok || fail "usage: $*"; }
usage
usage publish "$BOOKLET"
usage build
usage build --lang fr "$BOOKLET"
usage build --frobnicate "$BOOKLET"
usage --frobnicate
usage build --port 8000 "$BOOKLET"
usage preview --port 70000 "$BOOKLET"
usage preview --port x "$BOOKLET"
usage preview "$BOOKLET" "$BOOKLET"
usage preview
# A build says what it wrote, one line per edition, on stdout only.
ID=cop-peru-2021-2023
"$FOLIO" build --out "$WORK/out" "$BOOKLET" > "$WORK/said" 2>"$WORK/said.err" && ok || fail "build"
cat "$WORK/said"
[ "$(wc -l < "$WORK/said")" -eq 2 ] && ok || fail "summary: not one line per edition"
for lang in es en; do
  pdf=$WORK/out/$ID/$lang/$ID-$lang.pdf
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  kb=$(( ($(stat -c %s "$pdf") + 500) / 1000 ))
  grep -Eq "^$WORK/out/$ID/$lang/index.html  $pdf  $pages pages  $kb kB  [0-9]+\.[0-9]{2} s\$" "$WORK/said" &&
    ok || fail "summary line of $lang"
done
expect "summary not on stderr" sh -c "! grep -q 'pages' '$WORK/said.err'"
"$FOLIO" build --quiet --out "$WORK/out" "$BOOKLET" > "$WORK/quiet" 2>&1 && ok || fail "build --quiet"
expect "--quiet says nothing" test ! -s "$WORK/quiet"
"$FOLIO" build -q --lang en --out "$WORK/out" "$BOOKLET" > "$WORK/quiet" 2>&1 && ok || fail "build -q"
expect "-q says nothing" test ! -s "$WORK/quiet"
"$FOLIO" build --lang en --out "$WORK/out" "$BOOKLET" > "$WORK/one" 2>/dev/null
[ "$(wc -l < "$WORK/one")" -eq 1 ] && grep -q "/en/$ID-en.pdf " "$WORK/one" && ok || fail "--lang en: one line"

# check lays the editions out too: a character the fonts lack fails check
# as it fails build, and check writes nothing, not even a scratch folder.
mkdir -p "$WORK/glyph/$ID" "$WORK/tmp"
sed '0,/Y continuamos el 2024!!!/s//Y continuamos el 2024 ✔/' "$BOOKLET/publication.xml" > "$WORK/glyph/$ID/publication.xml"
(cd "$WORK" && TMPDIR="$WORK/tmp" "$FOLIO" check "glyph/$ID" > "$WORK/check.out" 2> "$WORK/check.err")
rc=$?
cat "$WORK/check.err"
[ $rc -eq 1 ] && ok || fail "check of a missing glyph: exit $rc, expected 1"
grep -Eq "^glyph/$ID/publication.xml:[0-9]+: error: character U\+2714 '✔' is not in the font" "$WORK/check.err" &&
  ok || fail "check names the missing glyph"
expect "check prints no summary" test ! -s "$WORK/check.out"
expect "check leaves no scratch folder" sh -c "[ -z \"\$(ls -A '$WORK/tmp')\" ]"
expect "check writes no out/" test ! -e "$WORK/out/glyph"
(cd "$WORK" && TMPDIR="$WORK/tmp" "$FOLIO" check "$BOOKLET" > "$WORK/check.out" 2>&1) && ok || fail "check of the booklet"
expect "a good check says nothing but the glossary's warnings (terms.sh)" sh -c "! grep -v ': warning: glossary: ' '$WORK/check.out'"
expect "a good check leaves no scratch folder" sh -c "[ -z \"\$(ls -A '$WORK/tmp')\" ]"
finish
