#!/bin/bash
# Bad input: one clear "path:line: error:" diagnostic, exit 1, and the
# previous outputs left exactly as they were.
. "$(dirname "$0")/lib.bash"
OUT=$WORK/out
ID=cop-peru-2021-2023
"$FOLIO" build --out "$OUT" "$BOOKLET" 2>/dev/null && ok || fail "the good build"
before=$(tree_sum "$OUT")

# case NAME EXPECTED_DIAGNOSTIC_REGEX: runs `folio build` on $WORK/NAME/$ID
run_case() {
  local name=$1 pattern=$2
  "$FOLIO" build --out "$OUT" "$WORK/$name/$ID" 2>"$WORK/$name.err"
  local rc=$?
  echo "--- $name (exit $rc):"; cat "$WORK/$name.err"
  [ $rc -eq 1 ] && ok || fail "$name: exit $rc, expected 1"
  grep -Eq -- "$pattern" "$WORK/$name.err" && ok || fail "$name: no diagnostic matching /$pattern/"
  [ "$(tree_sum "$OUT")" = "$before" ] && ok || fail "$name: out/ changed"
  expect "$name: no temporary files left" sh -c "! find '$OUT' -name '*.folio-tmp' | grep -q ."
}
# variant NAME SED_EXPRESSION: a copy of the booklet with one edit
variant() {
  mkdir -p "$WORK/$1/$ID"
  sed "$2" "$BOOKLET/publication.xml" > "$WORK/$1/$ID/publication.xml"
  cmp -s "$BOOKLET/publication.xml" "$WORK/$1/$ID/publication.xml" && fail "$1: the edit changed nothing"
}
line_of() { grep -n -m1 -F -- "$1" "$BOOKLET/publication.xml" | cut -d: -f1; }
P="$WORK/[a-z-]+/$ID/publication.xml"

variant malformed '0,/<\/heading>/s//<\/headin>/'
run_case malformed "^$P:$(line_of '</heading>'): error: </headin> does not close <heading>, opened at line $(line_of '<heading>').*mismatch"

variant schema '0,/format="hybrid"/s//format="by pigeon"/'
run_case schema "^$P:$(line_of 'format="hybrid"'): error: format=\"by pigeon\": write one of online, hybrid or in-person$"

variant unknown-ref 's/<photo-of meeting="m3"\/>/<photo-of meeting="m33"\/>/'
run_case unknown-ref "^$P:$(line_of '<photo-of meeting="m3"/>'): error: meeting=\"m33\": no meeting has the id 'm33'"

variant missing-translation '/<short-title>/,/<\/short-title>/{/<en>/d}'
run_case missing-translation "^$P:$(line_of '<short-title>'): error: <short-title> has no en text \(missing translation\)"

variant doctype '1a <!DOCTYPE booklet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
run_case doctype "^$P:2: error: a <!DOCTYPE> is not allowed"

variant missing-glyph '0,/Y continuamos el 2024!!!/s//Y continuamos el 2024 ✔/'
run_case missing-glyph "^$P:$(line_of '<line>'): error: character U\+2714 '✔' is not in the font Noto Sans Display"

mkdir -p "$WORK/missing-file/$ID"
run_case missing-file "^$WORK/missing-file/$ID/publication.xml: error: cannot read: No such file"

mkdir -p "$WORK/unreadable/$ID/publication.xml"
run_case unreadable "^$WORK/unreadable/$ID/publication.xml: error: cannot read: not a regular file"

"$FOLIO" build --out "$OUT" "$WORK/no-such-folder" 2>"$WORK/nofolder.err"
[ $? -eq 1 ] && ok || fail "missing folder: exit code"
expect "missing folder: diagnostic" grep -q "^$WORK/no-such-folder: error: cannot read the publication folder: No such file" "$WORK/nofolder.err"

# With --draft the gap is built, marked, and reported as a warning.
variant draft-gap '/<line>/,/<\/line>/{/<en>/d}'
"$FOLIO" build --draft --out "$WORK/draft" "$WORK/draft-gap/$ID" 2>"$WORK/draft.err"
[ $? -eq 0 ] && ok || { fail "draft build"; cat "$WORK/draft.err"; }
expect "draft: warning" grep -q "publication.xml:$(line_of '<line>'): warning: <line> has no en text" "$WORK/draft.err"
expect "draft: gap marked in HTML" grep -q 'class="missing"' "$WORK/draft/$ID/en/index.html"
expect "draft: PDF written" test -s "$WORK/draft/$ID/en/$ID-en.pdf"
# a gap in text that only stands in attributes (the short title) is marked too
"$FOLIO" build --draft --out "$WORK/draft2" "$WORK/missing-translation/$ID" 2>/dev/null && ok || fail "draft build 2"
expect "draft: attribute gap marked" grep -q '\[es\] Comunidad de Pr' "$WORK/draft2/$ID/en/index.html"

# A build that fails while writing (a character the fonts lack) into a new
# output folder leaves no folder behind either.
"$FOLIO" build --out "$WORK/fresh-out" "$WORK/missing-glyph/$ID" 2>/dev/null
[ $? -eq 1 ] && ok || fail "missing glyph into a new folder: exit code"
expect "a failed build leaves no folder" test ! -e "$WORK/fresh-out"
"$FOLIO" build --out "$WORK/fresh-out2" --lang es "$BOOKLET" 2>/dev/null && ok || fail "a good build"
"$FOLIO" build --out "$WORK/fresh-out2" "$WORK/missing-glyph/$ID" 2>/dev/null
expect "a failed build keeps the folders of the last good one" test -s "$WORK/fresh-out2/$ID/es/index.html"
expect "a failed build leaves no empty edition folder" test ! -e "$WORK/fresh-out2/$ID/en"

# check validates and writes nothing.
"$FOLIO" check "$BOOKLET" && ok || fail "check of the good booklet"
"$FOLIO" check "$WORK/schema/$ID" 2>/dev/null
[ $? -eq 1 ] && ok || fail "check of a bad booklet"
[ "$(tree_sum "$OUT")" = "$before" ] && ok || fail "out/ changed"
finish
