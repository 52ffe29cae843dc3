#!/bin/bash
# The diagnostics corpus (tests/diagnostics/*.case): each case breaks a
# small publication one way and states the exact messages folio must
# print, in words the writer of the content can act on. The case format
# is in cases.bash.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/cases.bash"
run_corpus "$SRC/tests/diagnostics" 30
finish
