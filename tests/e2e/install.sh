#!/bin/bash
# cmake --install: the program, its templates and its man page where they
# belong; the installed folio builds from any folder without being told
# where its templates are.
. "$(dirname "$0")/lib.bash"
BUILD_DIR=$(dirname "$FOLIO")
PREFIX=$WORK/prefix
cmake --install "$BUILD_DIR" --prefix "$PREFIX" > "$WORK/install.log" 2>&1 && ok || { fail "cmake --install"; cat "$WORK/install.log"; }
expect "bin/folio installed" test -x "$PREFIX/bin/folio"
expect "templates installed" test -f "$PREFIX/share/folio/templates/document.rng"
expect "man page installed" test -f "$PREFIX/share/man/man1/folio.1"

# Run from an unrelated folder, with no FOLIO_TEMPLATES, and with the
# source tree's templates out of reach: only the installed ones can serve.
mkdir -p "$WORK/elsewhere"
cp -r "$BOOKLET" "$WORK/elsewhere/"
(cd "$WORK/elsewhere" && env -u FOLIO_TEMPLATES "$PREFIX/bin/folio" build --quiet cop-peru-2021-2023 2> "$WORK/build.err")
rc=$?
cat "$WORK/build.err"
[ $rc -eq 0 ] && ok || fail "installed folio build: exit $rc"
expect "installed folio wrote the PDF" test -s "$WORK/elsewhere/out/cop-peru-2021-2023/es/cop-peru-2021-2023-es.pdf"
expect "installed folio wrote the HTML" test -s "$WORK/elsewhere/out/cop-peru-2021-2023/en/index.html"
# It is the installed templates that were read: a rule added to the
# installed stylesheet shows in the web edition.
echo '/* installed-marker */' >> "$PREFIX/share/folio/templates/web.css"
(cd "$WORK/elsewhere" && env -u FOLIO_TEMPLATES "$PREFIX/bin/folio" build --quiet --lang es cop-peru-2021-2023 2> /dev/null)
expect "the installed templates are used" grep -q "installed-marker" "$WORK/elsewhere/out/cop-peru-2021-2023/es/style.css"

# The man page is valid roff and says what the commands are.
# groff and col come with .ci/setup (groff-base, bsdextrautils)
groff -man -Tutf8 -ww -z "$PREFIX/share/man/man1/folio.1" 2> "$WORK/groff.err" && [ ! -s "$WORK/groff.err" ] &&
  ok || { fail "man page: groff warnings"; cat "$WORK/groff.err"; }
groff -man -Tutf8 "$PREFIX/share/man/man1/folio.1" 2>/dev/null | col -b > "$WORK/man.txt"
for word in "folio build" "folio check" "folio preview" FOLIO_TEMPLATES "EXIT STATUS"; do
  expect "man page mentions $word" grep -q "$word" "$WORK/man.txt"
done
finish
