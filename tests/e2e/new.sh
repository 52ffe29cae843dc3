#!/bin/bash
# folio new --from: the next issue of the bulletin. Its semester advanced,
# the bulletin named as previous issue, structure, series, coverage and
# partners kept, every figure and story a <fill/>; check lists each fill
# at its line and fails. Then the fills are replaced with made-up figures
# and texts: the issue builds cleanly, each headline figure showing its
# change against the bulletin, formatted per locale (▲ 12 %, ▲ 12%).
. "$(dirname "$0")/lib.bash"
OLD=$SRC/content/mhpss-bulletin-colombia-2021-s2
NEW=$WORK/series/mhpss-bulletin-colombia-2022-s1
P=$NEW/publication.xml

expect "new" "$FOLIO" new --from "$OLD" "$NEW"
grep -q '<period semester="2022-1"/>' "$P" && ok || fail "semester advanced"
grep -qF '<previous href="' "$P" && [ -f "$NEW/$(sed -n 's/.*<previous href="\([^"]*\)".*/\1/p' "$P")" ] \
  && ok || fail "previous issue named, reachable from the new folder"
[ "$(grep -c '<municipality ' "$P")" = 43 ] && ok || fail "coverage kept"
grep -q '<partner name="AECID"/>' "$P" && ok || fail "partners kept"
grep -q '48659\|Telarte\|2021-10-02' "$P" && fail "figures and stories emptied" || ok

# A new folder that exists, or a kind without new.xsl: an error, nothing written
"$FOLIO" new --from "$OLD" "$NEW" 2>"$WORK/exists.err" && fail "existing folder refused" || ok
grep -q "already exists" "$WORK/exists.err" && ok || fail "existing folder: message"
"$FOLIO" new --from "$BOOKLET" "$WORK/b" 2>"$WORK/kind.err" && fail "kind without new.xsl" || ok
[ ! -e "$WORK/b" ] && grep -q "has no next issue" "$WORK/kind.err" && ok || fail "kind without new.xsl: nothing written"
"$FOLIO" new "$NEW" >/dev/null 2>&1; [ $? = 2 ] && ok || fail "new without --from is a usage error"

# check lists exactly what is left, each at its line, and fails
"$FOLIO" check "$NEW" 2>"$WORK/check.err" && fail "check fails on fills" || ok
fills=$(grep -c '<fill' "$P")
expected=$(grep -c '<en><fill\|<fill/>' "$P")
[ "$(grep -c ': error: left to fill: ' "$WORK/check.err")" = 29 ] && ok || fail "29 fills listed"
[ "$(grep -vc ': error: left to fill: ' "$WORK/check.err")" = 0 ] && ok || fail "nothing but fills reported"
while IFS=: read -r file line _; do
  sed -n "${line}p" "$file" | grep -q '<fill' || { fail "line $line holds no fill"; break; }
done <"$WORK/check.err"; ok
grep -qF "publication.xml:$(grep -n '<figure id="leaders">' "$P" | cut -d: -f1 | awk '{print $1+1}'): error: left to fill: figure 'leaders'" "$WORK/check.err" \
  && ok || fail "a figure's fill at its line"
grep -qF "left to fill: section 'stories' › story › place" "$WORK/check.err" && ok || fail "a story's place"
: "$fills $expected"

# Fill it: made-up figures (people-workshops 48,659 -> 54,498: +12.0 %;
# leaders 344 -> 300: -12.8 %), a workshop, texts.
perl -0pi -e '
  my %v = ("people-workshops" => 54498, "people-hospitals" => 20586, "people-counseling" => 4750,
           "professionals" => 2100, "specialized-care" => 600, "leaders" => 300);
  s{<figure id="([a-z-]+)">\s*<fill/>}{<figure id="$1" value="$v{$1}">}g;
  s{<workshop>\s*<fill/>\s*</workshop>}{<workshop start="2022-03-03" end="2022-03-04"><city><en>Neiva</en><es>Neiva</es></city></workshop>}g;
  s{<en>\s*<fill>…</fill>\s*</en>}{<en>Made-up text</en>}g;
  s{<es>\s*<fill>…</fill>\s*</es>}{<es>Texto inventado</es>}g;
  s{<p>\s*<fill>…</fill>\s*</p>}{<p>Made-up paragraph</p>}g;
' "$P"
grep -q '<fill' "$P" && fail "all filled" || ok
"$FOLIO" build --quiet --out "$WORK/out" "$NEW" 2>"$WORK/build.err" && ok || fail "the filled issue builds: $(cat "$WORK/build.err")"
[ -s "$WORK/build.err" ] && fail "no diagnostics: $(cat "$WORK/build.err")" || ok
EN=$WORK/out/mhpss-bulletin-colombia-2022-s1/en
ES=$WORK/out/mhpss-bulletin-colombia-2022-s1/es
contains "$EN/index.html" "54,498" && contains "$ES/index.html" "54.498" && ok || fail "figures per locale"
NBSP=$(printf '\xc2\xa0')
contains "$EN/index.html" "<strong>▲ 12%</strong> vs. second semester 2021" && ok || fail "en: change up"
contains "$ES/index.html" "<strong>▲ 12${NBSP}%</strong> frente al segundo semestre de 2021" && ok || fail "es: change up"
contains "$EN/index.html" "<strong>▼ 13%</strong>" && ok || fail "en: change down (300 against 344)"
contains "$ES/index.html" "<strong>= 0${NBSP}%</strong>" && ok || fail "es: no change (20,586 both)"
contains "$EN/index.html" "First semester 2022" && ok || fail "en: the semester on the masthead"
contains "$ES/index.html" "Primer semestre de 2022" && ok || fail "es: the semester on the masthead"
contains "$EN/index.html" "43 municipalities of the 18 departaments" && fail "district counted as department" || ok
contains "$EN/index.html" "43 municipalities of the 17 departaments" && ok || fail "coverage counts computed"
pdftotext "$EN"/*.pdf - 2>"$WORK/pdftotext.err" | tr -s ' \n' ' ' | grep -q "▲ 12% vs. second semester 2021" \
  && ok || fail "the change in the PDF"
[ -s "$WORK/pdftotext.err" ] && fail "pdftotext warnings" || ok
# the previous issue unreadable: an error at the <previous> line
sed -i 's|<previous href="[^"]*"/>|<previous href="../nowhere/publication.xml"/>|' "$P"
"$FOLIO" check "$NEW" 2>"$WORK/prev.err" && fail "a missing previous issue fails" || ok
grep -q "publication.xml:[0-9]*: the previous issue '../nowhere/publication.xml' cannot be read" "$WORK/prev.err" \
  && ok || fail "missing previous issue at its line: $(cat "$WORK/prev.err")"
finish
