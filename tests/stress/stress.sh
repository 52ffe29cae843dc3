#!/bin/bash
# No layout loses or hides text: every publication in content/, with the
# text of one kind of unit at a time made ten times longer (tests/stress/
# stretch.c), either builds with every word of each edition's web text in
# its PDF, in order, inside the page's text area, or is refused with an
# error at the content's path:line and nothing written; only blocks that
# cannot continue on another page (a cover's parts, a key figure) may be
# refused. Arguments: folio, the source tree, a scratch folder, stretch.
. "$(dirname "$0")/../e2e/lib.bash"
STRETCH=$4
FACTOR=${FOLIO_STRESS_FACTOR:-10}
# units that sit on a cover, the back cover or in a key figure: these may
# be refused (named parent/unit, as stretch names them)
REFUSABLE=" front/series front/title front/subtitle front/place front/publisher closing/line
  closing/signature figure/label masthead/series masthead/program masthead/tagline 
  masthead/headline masthead/publisher "
# the short title is only a running head in print, shortened to its line
# by design (the web edition shows it whole)
HEADS_ONLY=" front/short-title "

# The bounds of the text area of each page, from the kind's theme: left,
# right, top less the running head's band, bottom, in points.
theme_bounds() { # theme.xml
  sed -n 's/.*<page \(.*\)\/>.*/\1/p' "$1" | tr ' ' '\n' | sed -n 's/^\([a-z]*\)="\([0-9.]*\)mm"$/\1 \2/p' |
    awk '{ v[$1] = $2 * 72 / 25.4 }
         END { m = v["inner"] < v["outer"] ? v["inner"] : v["outer"];
               printf "%.2f %.2f %.2f %.2f %.2f\n", m, v["width"] - m, v["top"] - 40,
                      v["height"] - v["bottom"], v["height"] }'
}

# check_edition MANIFEST LANG HTML PDF BOUNDS: prints one line per problem
check_edition() {
  local manifest=$1 lang=$2 html=$3 pdf=$4 bounds=$5 dir
  dir=$(dirname "$pdf")
  sed -n '/<body/,/<\/body>/p' "$html" | sed 's/<[^>]*>/ /g' | tr 'A-Z' 'a-z' >"$dir/web.txt"
  pdftotext -raw "$pdf" - | tr 'A-Z' 'a-z' >"$dir/pdf.txt"
  pdftotext -bbox "$pdf" "$dir/bbox.html"
  awk -v lang="$lang" -v bounds="$bounds" '
    function tokens(line, out,   n, i, w) {
      n = split(line, w, /[^a-z-]+/)
      for (i = 1; i <= n; i++) if (w[i] ~ /^q[bcdfgklmnprstvz]/) out[++out[0]] = w[i]
    }
    FILENAME == ARGV[1] { if ($1 == lang) { unit[$4] = $2; seq[$4] = $3; units[$2] = units[$2] " " $4 } next }
    FILENAME == ARGV[2] { delete t; tokens($0, t); for (i = 1; i <= t[0]; i++) if (t[i] in unit) shown[t[i]] = 1; next }
    # a tight line may lose a space in extraction: a word starts at each q
    FILENAME == ARGV[3] { gsub(/q/, " q"); n = split($0, t, /[^a-z-]+/); for (i = 1; i <= n; i++) if (t[i] != "") { word[++words] = t[i]; wline[words] = FNR }; next }
    FILENAME == ARGV[4] && /<page / { match($0, /height="[0-9.]+"/); pages++; next }
    FILENAME == ARGV[4] && /<word / {
      w = $0; sub(/.*">/, "", w); sub(/<.*/, "", w); w = tolower(w)
      if (w !~ /q[bcdfgklmnprstvz][aeiou]/) next
      split(bounds, b, " ")
      match($0, /xMin="[0-9.-]+"/); x0 = substr($0, RSTART + 6, RLENGTH - 7) + 0
      match($0, /xMax="[0-9.-]+"/); x1 = substr($0, RSTART + 6, RLENGTH - 7) + 0
      match($0, /yMin="[0-9.-]+"/); y0 = substr($0, RSTART + 6, RLENGTH - 7) + 0
      match($0, /yMax="[0-9.-]+"/); y1 = substr($0, RSTART + 6, RLENGTH - 7) + 0
      if (x0 < b[1] - 1 || x1 > b[2] + 1 || y0 < b[3] || y1 > b[4] + 1)
        printf "page %d: \"%s\" at (%.0f, %.0f)-(%.0f, %.0f) leaves the text area\n", pages, w, x0, y0, x1, y1
      next
    }
    END {
      # Each unit: its words in the order they were made, each found after
      # the one before: whole, or cut at a line end (with a hyphen, or
      # anywhere in a narrow column) as its first piece followed, on later
      # lines, by pieces that complete it (past a page end; in a table row,
      # whose cells are set line by line, between the pieces of other cells)
      for (i = 1; i <= words; i++) {
        w = word[i]; sub(/-$/, "", w); word[i] = w
        if (w in unit) at[w] = at[w] " " i
        else if (w ~ /^q([bcdfgklmnprstvz]|$)/) frag[++frags] = i # a first piece
      }
      for (u in units) {
        n = split(units[u], list, " "); pos = 0
        for (k = 1; k <= n; k++) order[seq[list[k]]] = list[k]
        for (k = 0; k < n; k++) {
          w = order[k]
          if (!(w in shown)) continue
          found = find(w, pos)
          if (!found) { printf "unit %s: \"%s\" (word %d of %d) is missing from the PDF or out of order\n", u, w, k + 1, n; break }
          pos = found
        }
        delete order
      }
    }
    # the first place after `after` where word w starts, whole or in pieces; 0 if none
    function find(w, after,   m, places, q, i, x, lo, hi, f, best, from) {
      m = split(at[w], places, " ")
      for (q = 1; q <= m; q++) if (places[q] + 0 > after) { best = places[q] + 0; break }
      if (q > m) best = words + 1
      # first pieces in the 4000 words before that (by bisection), after `after`
      from = best <= words && best - 4000 > after ? best - 4000 : after
      lo = 1; hi = frags + 1
      while (lo < hi) { f = int((lo + hi) / 2); if (frag[f] <= from) lo = f + 1; else hi = f }
      for (f = lo; f <= frags && frag[f] < best; f++) {
        i = frag[f]; x = word[i]
        if (x == "" || substr(w, 1, length(x)) != x || length(x) >= length(w)) continue
        if (complete(substr(w, length(x) + 1), i)) return i
      }
      return best <= words ? best : 0
    }
    # whether pieces on the 100 lines after word i (a page, its notes and
    # running head) complete the rest r of a word: one piece (the usual
    # case), or several (a narrow column)
    function complete(r, i,   j, x, line) {
      for (j = i + 1; j <= words && wline[j] <= wline[i] + 100; j++) if (word[j] == r && wline[j] > wline[i]) return 1
      line = wline[i]
      for (j = i + 1; j <= words && wline[j] <= wline[i] + 100 && r != ""; j++) {
        x = word[j]
        if (wline[j] > line && x != "" && x !~ /^q/ && substr(r, 1, length(x)) == x) { r = substr(r, length(x) + 1); line = wline[j] }
      }
      return r == ""
    }' "$manifest" "$dir/web.txt" "$dir/pdf.txt" "$dir/bbox.html"
}

built=0 refused=0
for pub in "$SRC"/content/*/; do
  pub=${pub%/}
  id=$(basename "$pub")
  [ -n "${FOLIO_STRESS_ONLY:-}" ] && [ "$id" != "$FOLIO_STRESS_ONLY" ] && continue
  kind=$(sed -n 's/^<\([a-z-]*\)[ >].*/\1/p' "$pub/publication.xml" | head -1)
  bounds=$(theme_bounds "$SRC/templates/$kind/theme.xml")
  for unit in $("$STRETCH" "$pub/publication.xml" list | LC_ALL=C sort); do
    case_dir=$WORK/$id-${unit//\//-}
    mkdir -p "$case_dir"
    cp -r "$pub" "$case_dir/$id"
    "$STRETCH" "$pub/publication.xml" "$case_dir/$id/publication.xml" "$case_dir/manifest" "$unit" "$FACTOR" ||
      { fail "$id $unit: stretch failed"; continue; }
    out=$case_dir/out
    "$FOLIO" build --draft --out "$out" "$case_dir/$id" >/dev/null 2>"$case_dir/err"
    rc=$?
    if [ $rc -eq 1 ]; then
      refused=$((refused + 1))
      msg=$(grep -m1 ": error: " "$case_dir/err")
      echo "refused: $id <$unit> x$FACTOR: ${msg#"$case_dir/"}"
      case $REFUSABLE in *" $unit "*) ok ;; *) fail "$id <$unit>: a block that can split was refused" ;; esac
      echo "$msg" | grep -Eq "^$case_dir/$id/[a-z./-]+:[0-9]+: error: " && ok || fail "$id <$unit>: the error names no path:line"
      [ -z "$(find "$out" -type f 2>/dev/null)" ] && ok || fail "$id <$unit>: a refused build wrote files in $out"
      continue
    fi
    [ $rc -eq 0 ] && ok || { fail "$id <$unit>: exit $rc"; cat "$case_dir/err"; continue; }
    built=$((built + 1))
    case $HEADS_ONLY in *" $unit "*) continue ;; esac
    for html in "$out/$id"/*/index.html; do
      lang=$(basename "$(dirname "$html")")
      problems=$(check_edition "$case_dir/manifest" "$lang" "$html" "$out/$id/$lang/$id-$lang.pdf" "$bounds")
      if [ -z "$problems" ]; then ok; else fail "$id <$unit> $lang:"; echo "$problems" | head -5; fi
    done
  done
done
echo "stress: $built builds checked word by word, $refused refused"
finish
