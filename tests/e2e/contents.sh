#!/bin/bash
# Every contents entry's page number is the page on which pdftotext finds
# that heading, in both editions.
. "$(dirname "$0")/lib.bash"
ID=cop-peru-2021-2023
"$FOLIO" build --out "$WORK/out" "$BOOKLET" && ok || fail "build"
for lang in es en; do
  pdf=$WORK/out/$ID/$lang/$ID-$lang.pdf
  # the contents page: the one whose text starts with its title
  title=$([ "$lang" = es ] && echo Contenido || echo Contents)
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  toc=0
  for p in $(seq 1 "$pages"); do
    pdftotext -q -layout -f "$p" -l "$p" "$pdf" - | grep -q "^$title\$" && { toc=$p; break; }
  done
  [ "$toc" -gt 0 ] && ok || { fail "$lang: no contents page"; continue; }
  entries=0
  while IFS= read -r line; do
    heading=$(echo "$line" | sed -E 's/^ +//; s/ +[0-9]+$//')
    page=$(echo "$line" | grep -oE '[0-9]+$')
    entries=$((entries + 1))
    # the heading's own page, past the contents page (which lists it too)
    # below the running head, which repeats the section title on every page
    if pdftotext -q -r 72 -x 0 -y 70 -W 600 -H 700 -f "$page" -l "$page" "$pdf" - | tr -s ' \n' ' ' | grep -qF -- "$heading"; then ok
    else fail "$lang: '$heading' is not on page $page"; fi
    [ "$page" -gt "$toc" ] && ok || fail "$lang: '$heading' points at or before the contents"
  done < <(pdftotext -q -layout -f "$toc" -l "$toc" "$pdf" - | grep -E '^ *[^ ].* +[0-9]+$' | grep -v "$title")
  [ "$entries" -ge 7 ] && ok || fail "$lang: only $entries contents entries"
  # the entries link to their headings
  expect "$lang: contents links" sh -c "qpdf --qdf --object-streams=disable '$pdf' - | grep -aq '/FitH'"
done
finish
