# Shared by the end-to-end tests: sourced, with the folio binary, the
# source tree and a scratch folder as $1 $2 $3.
set -u
FOLIO=$1
SRC=$2
WORK=$3
BOOKLET=$SRC/content/cop-peru-2021-2023
rm -rf "$WORK" && mkdir -p "$WORK"
export SOURCE_DATE_EPOCH=1700000000
failures=0
checks=0

ok() { checks=$((checks + 1)); }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); echo "FAIL: $*"; }
expect() { # expect DESCRIPTION COMMAND...: the command must succeed
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then ok; else fail "$what"; fi
}
contains() { # contains FILE TEXT
  grep -qF -- "$2" "$1"
}
finish() {
  echo "$((checks - failures)) passed, $failures failed"
  [ "$failures" -eq 0 ]
}
# A checksum of every file of a folder, for "unchanged" checks.
tree_sum() {
  (cd "$1" && find . -type f | LC_ALL=C sort | xargs -r sha256sum) | sha256sum | cut -d' ' -f1
}
