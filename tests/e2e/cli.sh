#!/bin/bash
# The command line: help, version, usage errors (exit 2).
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
finish
