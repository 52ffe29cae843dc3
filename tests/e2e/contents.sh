#!/bin/bash
# Every contents entry's page number is the page on which pdftotext finds
# that heading, in both editions of the booklet and of the report (whose
# contents run over two pages).
. "$(dirname "$0")/lib.bash"
# The entries of contents pages as "heading  page" lines: an entry's page
# number follows a run of spaces (its dot leaders); an entry that wraps is
# joined to its next line; running heads, page numbers and the title go.
entries() {
  awk -v title="$title" '
    /^ *$/ { pending = ""; next }
    $0 == title || /^ *[0-9]+ *$/ { next }
    /  +[0-9]+$/ { sub(/^ +/, ""); print (pending == "" ? "" : pending " ") $0; pending = ""; next }
    { line = $0; sub(/^ +/, "", line); pending = (pending == "" ? line : pending " " line) }'
}
check_contents() { # ID ES_TITLE EN_TITLE MIN_ENTRIES
  local id=$1 min=$4
  "$FOLIO" build --out "$WORK/out" "$SRC/content/$id" 2>/dev/null && ok || fail "$id: build"
  for lang in es en; do
    local pdf=$WORK/out/$id/$lang/$id-$lang.pdf
    local title=$([ "$lang" = es ] && echo "$2" || echo "$3")
    local pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
    # the contents page: the one whose text starts with its title
    local toc=0 p
    for p in $(seq 1 "$pages"); do
      pdftotext -q -layout -f "$p" -l "$p" "$pdf" - | grep -q "^$title\$" && { toc=$p; break; }
    done
    [ "$toc" -gt 0 ] && ok || { fail "$id $lang: no contents page"; continue; }
    # the contents run on until the page its first entry points at
    local first=$(pdftotext -q -layout -f "$toc" -l "$toc" "$pdf" - | grep -E '^ *[^ ].*  +[0-9]+$' |
                  head -1 | grep -oE '[0-9]+$')
    local last=$((first - 1)) entries=0 line heading page
    while IFS= read -r line; do
      heading=$(echo "$line" | sed -E 's/^ +//; s/ +[0-9]+$//')
      page=$(echo "$line" | grep -oE '[0-9]+$')
      entries=$((entries + 1))
      # the heading's own page, below the running head, which repeats the
      # section title on every page
      if pdftotext -q -r 72 -x 0 -y 70 -W 600 -H 700 -f "$page" -l "$page" "$pdf" - |
         tr -s ' \n' ' ' | grep -qF -- "$heading"; then ok
      else fail "$id $lang: '$heading' is not on page $page"; fi
      [ "$page" -gt "$last" ] && ok || fail "$id $lang: '$heading' points into the contents"
    done < <(pdftotext -q -layout -f "$toc" -l "$last" "$pdf" - | entries)
    [ "$entries" -ge "$min" ] && ok || fail "$id $lang: only $entries contents entries"
    # the entries link to their headings
    expect "$id $lang: contents links" sh -c "qpdf --qdf --object-streams=disable '$pdf' - | grep -aq '/FitH'"
  done
}
check_contents cop-peru-2021-2023 Contenido Contents 7
check_contents alma-llanera-ii-evaluation-2023 "Índice de contenidos" Contents 40
finish
