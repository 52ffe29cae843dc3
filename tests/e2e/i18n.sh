# folio i18n: status on every publication, mark-current, XLIFF 2.0 and 1.2
# round trips on a copy of the booklet (three changed translations are
# exactly the diff; an untouched export leaves the file byte-identical), and
# imports that must change nothing: a source changed since export, an
# unknown id, a broken inline code, a malformed file.
source "$(dirname "$0")/lib.bash" "$@"

# status on every publication in content/: each a summary line per language
for dir in "$SRC"/content/*/; do
  id=$(basename "$dir")
  "$FOLIO" i18n status "$dir" >"$WORK/status-$id.txt" 2>"$WORK/status-$id.err"
  rc=$?
  if grep -q "^$id [a-z][a-z]: [0-9]* units, " "$WORK/status-$id.txt"; then ok; else fail "status of $id"; fi
  if grep -q ' 0 missing, 0 outdated' "$WORK/status-$id.txt"; then
    [ $rc -eq 0 ] && ok || fail "status of complete $id exits $rc"
  else
    [ $rc -eq 1 ] && ok || fail "status of incomplete $id exits $rc"
  fi
  "$FOLIO" i18n status --format json "$dir" >"$WORK/status-$id.json"
  contains "$WORK/status-$id.json" "{\"publication\":\"$id\"" && ok || fail "json status of $id"
done

pub=$WORK/pub/cop-peru-2021-2023
mkdir -p "$WORK/pub" && cp -r "$BOOKLET" "$pub"
xml=$pub/publication.xml
orig=$(sha256sum <"$xml")
same() { [ "$(sha256sum <"$xml")" = "$orig" ]; }

# a missing translation, an outdated one: status lists them, exit 1
sed -e 's|<en>Introduction and key figures</en>||' \
    -e 's|<en>Peru</en>|<en from="000000">Peru</en>|' "$xml" >"$WORK/incomplete.xml"
mkdir -p "$WORK/inc/cop" && cp "$WORK/incomplete.xml" "$WORK/inc/cop/publication.xml"
"$FOLIO" i18n status "$WORK/inc/cop" >"$WORK/inc.txt"
[ $? -eq 1 ] && ok || fail "incomplete status exits 1"
contains "$WORK/inc.txt" "cop en: 101 units, 99 translated, 1 missing, 1 outdated; 5 words to translate" && ok || fail "incomplete counts: $(head -1 "$WORK/inc.txt")"
grep -q "^$WORK/inc/cop/publication.xml:[0-9]*: introduction:heading: Introducción y números generales$" "$WORK/inc.txt" && ok || fail "missing unit line"
grep -q "^$WORK/inc/cop/publication.xml:26: front:place: Perú$" "$WORK/inc.txt" && ok || fail "outdated unit line"

# mark-current on a copy: only from attributes change
"$FOLIO" i18n mark-current "$WORK/inc/cop" front:place >/dev/null && ok || fail "mark-current"
diff "$WORK/incomplete.xml" "$WORK/inc/cop/publication.xml" | grep -c '^[<>]' | grep -qx 2 && ok || fail "mark-current changes one line"
grep -q '<en from="b5ce9e">Peru</en>\|<en from="[0-9a-f]\{6\}">Peru</en>' "$WORK/inc/cop/publication.xml" && ok || fail "mark-current wrote from"
"$FOLIO" i18n status "$WORK/inc/cop" | grep -q ' 0 outdated' && ok || fail "marked unit no longer outdated"
before=$(sha256sum <"$WORK/inc/cop/publication.xml")
"$FOLIO" i18n mark-current "$WORK/inc/cop" introduction:heading 2>"$WORK/mark.err"
[ $? -eq 1 ] && ok || fail "mark-current of a missing translation fails"
contains "$WORK/mark.err" "introduction:heading: there is no en translation to mark" && ok || fail "mark-current error"
[ "$(sha256sum <"$WORK/inc/cop/publication.xml")" = "$before" ] && ok || fail "failed mark-current wrote"

for to in xliff2 xliff12; do
  x=$WORK/booklet-$to.xlf
  "$FOLIO" i18n export --to $to --lang en "$pub" -o "$x" && ok || fail "export $to"
  [ "$(grep -c '<unit \|<trans-unit ' "$x")" -eq 101 ] && ok || fail "$to has 101 units"
  # untouched: byte-identical
  "$FOLIO" i18n import "$x" "$pub" >"$WORK/import.out" && ok || fail "import untouched $to"
  same && ok || fail "untouched $to import changed the content"
  contains "$WORK/import.out" "101 units read, 0 translations written" && ok || fail "untouched $to summary"

  # three translations changed by a script
  sed -e 's|>Introduction and key figures<|>Introduction and overall figures<|' \
      -e 's|>Peru</target>|>Peru (Lima)</target>|' \
      -e 's|CoP) serves as a strategic platform|CoP) is a strategic platform|' "$x" >"$WORK/three.xlf"
  "$FOLIO" i18n import "$WORK/three.xlf" "$pub" >"$WORK/import.out" && ok || fail "import three $to"
  contains "$WORK/import.out" "3 translations written" && ok || fail "three $to summary"
  diff "$BOOKLET/publication.xml" "$xml" >"$WORK/three.diff"
  [ "$(grep -c "^[0-9]" "$WORK/three.diff")" -eq 3 ] && [ "$(grep -c "^>" "$WORK/three.diff")" -eq 4 ] && ok || fail "$to: three changes: $(cat "$WORK/three.diff")"
  grep -q '^> *<en from="[0-9a-f]\{6\}">Introduction and overall figures</en>$' "$WORK/three.diff" && ok || fail "$to heading"
  grep -q '^> *<en from="[0-9a-f]\{6\}">Peru (Lima)</en>$' "$WORK/three.diff" && ok || fail "$to place"
  grep -q '^> *<en from="[0-9a-f]\{6\}">$' "$WORK/three.diff" && ok || fail "$to body's from"
  grep -q '^> *<p>A Community of Practice (CoP) is a strategic platform for knowledge mobilization and practice enhancement, converging' "$WORK/three.diff" && ok || fail "$to body's paragraph"
  "$FOLIO" check "$pub" 2>/dev/null && ok || fail "$to: content checks after import"
  cp "$BOOKLET/publication.xml" "$xml"

  # the source changed since export: reported, not applied; others are
  sed -e 's|<es>Introducción y números generales</es>|<es>Introducción y cifras</es>|' "$BOOKLET/publication.xml" >"$xml"
  edited=$(sha256sum <"$xml")
  "$FOLIO" i18n import "$WORK/three.xlf" "$pub" >"$WORK/import.out" 2>"$WORK/import.err" && ok || fail "conflicting import $to"
  grep -q "warning: unit 'introduction:heading': its source changed since the export" "$WORK/import.err" && ok || fail "$to conflict reported"
  contains "$WORK/import.out" "2 translations written, 0 marked current, 1 not applied (source changed)" && ok || fail "$to conflict summary"
  contains "$xml" "<en>Introduction and key figures</en>" && ok || fail "$to conflict kept the translation"
  cp "$BOOKLET/publication.xml" "$xml"

  # errors change nothing
  bad() { # bad NAME SED-EXPRESSION EXPECTED-MESSAGE
    sed -e "$2" "$x" >"$WORK/$1.xlf"
    if cmp -s "$WORK/$1.xlf" "$x"; then fail "$to $1: the edit did nothing"; return; fi
    sed -i -e 's|>Peru</target>|>Peru (Lima)</target>|' "$WORK/$1.xlf"
    "$FOLIO" i18n import "$WORK/$1.xlf" "$pub" >/dev/null 2>"$WORK/$1.err"
    [ $? -eq 1 ] && ok || fail "$to $1 exits 1"
    contains "$WORK/$1.err" "$3" && ok || fail "$to $1: $(cat "$WORK/$1.err")"
    contains "$WORK/$1.err" "nothing written" && ok || fail "$to $1 says nothing written"
    same && ok || fail "$to $1 changed the content"
  }
  if [ $to = xliff2 ]; then
    bad unknown-id 's|unit id="front:title"|unit id="front:titel"|' "unit 'front:titel': no translatable unit of cop-peru-2021-2023 has this id"
    bad missing-code '/<target>/s|<ph id="1" dataRef="d2"[^>]*/>||' "inline code 1 (<ordinal gender=\"m\"/>) is missing from the translation"
    bad foreign-code '/<target>/s|<pc id="2" |<pc id="9" |' 'inline code <pc id="9"> is not one of the unit'
    bad wrong-kind '/<target>Visit/s|<ph |<pc |;/<target>/s|<ph id="1" dataRef="d2"\([^>]*\)/>|<pc id="1"\1></pc>|' "inline code 1 is a placeholder, not <pc>"
  else
    bad unknown-id 's|trans-unit id="front:title"|trans-unit id="front:titel"|' "unit 'front:titel': no translatable unit of cop-peru-2021-2023 has this id"
    bad missing-code '/<target /s|<x id="1"[^>]*/>||' "inline code 1 (<ordinal gender=\"m\"/>) is missing from the translation"
    bad foreign-code '/<target /s|<g id="2" |<g id="9" |' 'inline code <g id="9"> is not one of the unit'
  fi
  bad malformed 's|</source>|</sorce>|' "malformed XLIFF"
  bad wrong-publication 's|cop-peru-2021-2023|alma-llanera-ii-evaluation-2023|' "this XLIFF is for the publication 'alma-llanera-ii-evaluation-2023"
done

# the files are deterministic
"$FOLIO" i18n export --lang en "$pub" -o "$WORK/again.xlf"
cmp -s "$WORK/again.xlf" "$WORK/booklet-xliff2.xlf" && ok || fail "export is deterministic"
"$FOLIO" i18n export --to xliff3 --lang en "$pub" -o "$WORK/x.xlf" 2>/dev/null
[ $? -eq 2 ] && ok || fail "unknown format is a usage error"
finish
