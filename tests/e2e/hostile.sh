#!/bin/bash
# The hostile-input corpus (tests/hostile/*.case, the format of
# cases.bash): inputs made to crash folio, exhaust it or slip past it.
# Each must be refused with its exact message, in under 2 s and 200 MB.
. "$(dirname "$0")/lib.bash"
. "$(dirname "$0")/cases.bash"
# Sanitizer builds run several times slower and heavier: they pass their
# own bounds (tests/CMakeLists.txt).
read -r CASE_SECONDS CASE_KB <<< "${FOLIO_CASE_BOUNDS:-2 204800}"
run_corpus "$SRC/tests/hostile" 60
finish
