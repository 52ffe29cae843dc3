#!/bin/bash
# Terminology, spelling, the review page and the release build's refusal
# of outdated translations, on the real content and on a copy of the
# booklet whose Spanish source changed after its translation was reviewed.
source "$(dirname "$0")/lib.bash" "$@"

# The booklet's printed English against the agreed terms: the exact list.
"$FOLIO" check "$BOOKLET" >/dev/null 2>"$WORK/glossary.txt" && ok || fail "check of the booklet"
grep -c ': warning: glossary: ' "$WORK/glossary.txt" | grep -qx 12 && ok || fail "12 glossary warnings: $(cat "$WORK/glossary.txt")"
contains "$WORK/glossary.txt" "cop-peru-2021-2023/publication.xml:530: warning: glossary: the es source says 'NNyA' and the en translation has no 'children and adolescents' (" && ok || fail "NNyA miss"
contains "$WORK/glossary.txt" "cop-peru-2021-2023/publication.xml:149: warning: glossary: the es source says 'ACNUR' and the en translation has no 'UNHCR' (" && ok || fail "ACNUR miss"
contains "$WORK/glossary.txt" "publication.xml:397: warning: glossary: the en translation uses 'SMAPS', a term the glossary (" && ok || fail "SMAPS forbidden"
# a build does not report terminology
"$FOLIO" build --quiet --out "$WORK/out" "$BOOKLET" 2>"$WORK/build.err" && ok || fail "build"
expect "build says nothing of terms" test ! -s "$WORK/build.err"

# Spelling of every publication: only the print's slips and the report's
# British spellings remain; each count per language is stated.
for pub in "$SRC"/content/*/; do
  id=$(basename "$pub")
  "$FOLIO" check --spelling "$pub" >"$WORK/spell-$id.out" 2>"$WORK/spell-$id.err" && ok || fail "spelling $id"
  [ "$(grep -c ': spelling [a-z]* (' "$WORK/spell-$id.out")" -eq 2 ] && ok || fail "two counts for $id"
done
grep -q 'cop-peru-2021-2023/publication.xml: spelling es (es_PE): [0-9]* words, 10 unknown (10 distinct)' "$WORK/spell-cop-peru-2021-2023.out" && ok || fail "booklet es count: $(cat "$WORK/spell-cop-peru-2021-2023.out")"
contains "$WORK/spell-cop-peru-2021-2023.err" "cop-peru-2021-2023/publication.xml:507: warning: spelling (es): Prsentación (Presentación" && ok || fail "a printed slip is reported at its line"
grep -q 'spelling es (es_MX): [0-9]* words, 0 unknown' "$WORK/spell-mieux-lac-meeting-3-2022.out" && ok || fail "meeting report es clean"
grep -q 'spelling en (en_GB): [0-9]* words, 0 unknown' "$WORK/spell-mieux-lac-meeting-3-2022.out" && ok || fail "meeting report en-GB clean"
# without the word lists the names come back
mkdir -p "$WORK/bare" && cp -r "$BOOKLET" "$WORK/bare/cop"
rm -f "$WORK/bare/cop/words.txt"
"$FOLIO" check --spelling "$WORK/bare/cop" >"$WORK/bare.out" 2>"$WORK/bare.err"
contains "$WORK/bare.err" "warning: spelling (es): SMAPS (" && ok || fail "SMAPS unknown without the lists"
contains "$WORK/bare.err" "warning: spelling (es): Prsentación (" && ok || fail "the slip, without the lists too"
"$FOLIO" build --spelling "$BOOKLET" 2>/dev/null; [ $? -eq 2 ] && ok || fail "--spelling is check's"

# One Spanish source sentence changed after its translation was marked
# current: status, the review page and a release build report it.
mkdir -p "$WORK/c" && cp -r "$BOOKLET" "$WORK/c/cop" && cp "$SRC/content/glossary.tbx" "$WORK/c/"
cd "$WORK/c"
"$FOLIO" i18n mark-current cop --all >/dev/null && ok || fail "mark-current"
expect "mark-current records the sources" test -s cop/.folio/sources
sed -i 's/Los cuatro encuentros de intercambio en la Salud Mental/Los cuatro encuentros regionales de intercambio en la Salud Mental/' cop/publication.xml
"$FOLIO" i18n status cop >status.txt; [ $? -eq 1 ] && ok || fail "status exits 1"
contains status.txt "cop en: 101 units, 100 translated, 0 missing, 1 outdated" && ok || fail "status counts: $(cat status.txt)"
grep -q '^cop/publication.xml:318: topics:body.1: Los cuatro encuentros regionales' status.txt && ok || fail "status line"
"$FOLIO" i18n review cop -o review.html >/dev/null && ok || fail "review"
contains review.html '<tr class="outdated" id="topics:body.1">' && ok || fail "outdated row"
contains review.html 'Los cuatro encuentros <ins>regionales</ins> de intercambio' && ok || fail "word diff"
contains review.html 'cop/publication.xml:318</a>' && ok || fail "row linked to its line"
"$FOLIO" build --out out cop 2>release.err; [ $? -eq 1 ] && ok || fail "release refused"
contains release.err "cop/publication.xml:318: error: outdated translation: made from source" && ok || fail "release error at the line"
contains release.err "cop/publication.xml: error: 1 translation is missing or outdated (listed above)" && ok || fail "release count"
expect "release wrote nothing" test ! -e out
"$FOLIO" build --draft --quiet --out out cop 2>draft.err && ok || fail "draft builds"
contains draft.err "cop/publication.xml:318: warning: outdated translation" && ok || fail "draft warns"
contains out/cop/en/index.html '<mark class="missing" lang="es" title="Translation missing">Los cuatro encuentros regionales' && ok || fail "draft marks the source"
# reviewed again: current, and the release builds
"$FOLIO" i18n mark-current cop topics:body.1 >/dev/null && ok || fail "mark again"
"$FOLIO" build --quiet --out out cop 2>/dev/null && ok || fail "release after review"
finish
