#!/bin/bash
# Layout benchmark (not a test): lays out long synthetic publications made
# from the content model and the same text with Typst 0.14 (npm
# @myriaddreamin/typst-ts-node-compiler, pinned in package.json; through
# tests/bench/typst.js) and WeasyPrint (Debian package weasyprint), and
# prints two tables with seconds, peak MB and ratios:
#   - text: a booklet of paragraphs under a heading, of about 17, 111 and
#     1000 pages (paragraph counts TEXT_SIZES, default "24 530 5300"),
#     and folio's build without the structure tree and PDF/A
#     (FOLIO_PDF_UNTAGGED=1), to say what tagging costs;
#   - rows: a report of one table of N rows x 6 columns from a CSV, with
#     its heading, caption and totals (ROW_SIZES, default "1000 10000
#     100000"); folio's `check` of it is timed too.
#
#   tests/bench/bench.sh [FOLIO_BINARY]
#
# folio runs RUNS times (default 2), Typst and WeasyPrint EXT_RUNS times
# (default RUNS), and the fastest run counts, since a shared machine only
# ever adds time; "s" is the elapsed time, "cpu" user + system; the
# ratios are given for both, since on a shared machine the CPU time is
# the steadier. folio builds one edition (--lang es). Typst's "s" is its
# node process (start, fonts, compile); "comp" its compile alone, timed in the
# process (a second compile of the same source is memoized, so it is not
# a figure). WeasyPrint reads folio's own HTML of the table, and the
# paragraphs as plain HTML; it is skipped when not installed, and any tool
# is cut off after BENCH_TIMEOUT seconds (default 600; "-" in the table).
# BENCH_QUICK=1 runs the smallest size of each, once (a smoke run);
# BENCH_EXTERNAL=0 runs folio alone.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
folio=${1:-$src/build/folio}
work=${BENCH_DIR:-/tmp/folio-bench}
runs=${RUNS:-2}
ext_runs=${EXT_RUNS:-$runs}
timeout=${BENCH_TIMEOUT:-600}
text_sizes=${TEXT_SIZES:-"24 530 5300"}
row_sizes=${ROW_SIZES:-"1000 10000 100000"}
if [ "${BENCH_QUICK:-0}" = 1 ]; then
  runs=1 ext_runs=1 text_sizes=24 row_sizes=1000
fi
rm -rf "$work" && mkdir -p "$work"
export SOURCE_DATE_EPOCH=1700000000
have_typst=0
node -e "require('@myriaddreamin/typst-ts-node-compiler')" 2>/dev/null && have_typst=1 || true
command -v weasyprint >/dev/null 2>&1 && have_weasy=1 || have_weasy=0
[ "${BENCH_EXTERNAL:-1}" != 0 ] || have_typst=0 have_weasy=0

# Paragraphs of 40-120 words drawn deterministically from the booklet's
# own vocabulary, so hyphenation and measuring meet real words.
words=$(sed -n '/<es>/,/<\/es>/p' "$src/content/cop-peru-2021-2023/publication.xml" |
  sed 's/<[^>]*>//g' | tr -s ' \n' '\n' | grep -E '^[[:alpha:]áéíóúñÁÉÍÓÚÑü,.]{2,}$' | head -3000 |
  tr '\n' ' ')

paragraphs() { # paragraphs N SEED: N lines of text
  awk -v n="$1" -v seed="$2" -v words="$words" 'BEGIN {
    nw = split(words, w, " "); x = seed
    for (p = 0; p < n; p++) {
      x = (x * 1103515245 + 12345) % 2147483648; len = 40 + x % 80; line = ""
      for (i = 0; i < len; i++) {
        x = (x * 1103515245 + 12345) % 2147483648
        line = line (i ? " " : "") w[1 + x % nw]
      }
      gsub(/&/, "\\&amp;", line); gsub(/</, "\\&lt;", line)
      print line "."
    }
  }'
}

page_css='@page{size:A4;margin:22mm 18mm 24mm 22mm}body{font:10.5pt/1.45 "Noto Sans";text-align:justify;hyphens:auto}'
typst_page='#set page(paper: "a4", margin: (top: 22mm, right: 18mm, bottom: 24mm, left: 22mm))
#set text(font: "Noto Sans", size: 10.5pt, lang: "es", hyphenate: true)
#set par(justify: true, leading: 0.65em)'

# A booklet whose topics section holds the paragraphs (both languages),
# and the same heading and paragraphs as HTML and as Typst.
make_booklet() { # make_booklet DIR N
  local dir=$1 n=$2 pub=$src/content/cop-peru-2021-2023/publication.xml
  mkdir -p "$dir"
  paragraphs "$n" 7 > "$dir.txt"
  {
    sed -n '1,/<topics id="topics">/p' "$pub"
    sed -n '/<topics id="topics">/,/<\/topics>/{/<kicker>/,/<\/heading>/p}' "$pub"
    echo '<body><es>'
    sed 's|.*|<p>&</p>|' "$dir.txt"
    echo '</es><en>'
    sed 's|.*|<p>&</p>|' "$dir.txt"
    echo '</en></body>'
    sed -n '/<\/topics>/,$p' "$pub"
  } > "$dir/publication.xml"
  local heading
  heading=$(sed -n '/<topics id="topics">/,/<\/topics>/{/<heading>/,/<\/heading>/p}' "$pub" |
    tr '\n' ' ' | sed 's|.*<es>\([^<]*\)</es>.*|\1|')
  { echo "<!DOCTYPE html><html lang=\"es\"><head><meta charset=\"utf-8\"><title>bench</title>"
    echo "<style>$page_css</style></head><body><h1>$heading</h1>"
    sed 's|.*|<p>&</p>|' "$dir.txt"
    echo '</body></html>'; } > "$dir.html"
  { echo "$typst_page"; echo "= $heading"; echo
    sed 's|&amp;|\&|g; s|&lt;|<|g; s|$|\n|' "$dir.txt"; } > "$dir.typ"
}

# A report of one table of N rows x 6 columns, its figures in a CSV
# (totals="yes": the last column sums each row, the total row each
# column), and the same table as Typst.
make_report() { # make_report DIR N
  local dir=$1 n=$2
  mkdir -p "$dir/data"
  awk -v n="$n" 'BEGIN {
    print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    print "<report source-lang=\"es\">"
    print "  <edition lang=\"es\" locale=\"es-PE\"/>"
    print "  <edition lang=\"en\" locale=\"en-US\"/>"
    print "  <front>"
    print "    <series><es>INFORME</es><en>REPORT</en></series>"
    print "    <subtitle><es>Tabla larga</es><en>Long table</en></subtitle>"
    print "    <title><es>Prueba de escala</es><en>Scale test</en></title>"
    print "    <short-title><es>Escala</es><en>Scale</en></short-title>"
    print "    <publisher>FOLIO</publisher>"
    print "    <keywords><es>prueba</es><en>test</en></keywords>"
    print "  </front>"
    print "  <chapter id=\"datos\">"
    print "    <title><es>DATOS</es><en>DATA</en></title>"
    print "    <table id=\"t-datos\" printed=\"1\" totals=\"yes\" data=\"data/datos.csv\">"
    print "      <caption><es>Participantes por distrito</es><en>Participants by district</en></caption>"
    print "      <head><row><cell><es>Distrito</es><en>District</en></cell><cell><es>Niñas</es><en>Girls</en></cell><cell><es>Niños</es><en>Boys</en></cell><cell><es>Mujeres</es><en>Women</en></cell><cell><es>Hombres</es><en>Men</en></cell><cell>Total</cell></row></head>"
    print "      <body>"
    for (i = 1; i <= n; i++)
      printf "        <row key=\"d%d\"><cell><es>Distrito %d</es><en>District %d</en></cell></row>\n", i, i, i
    print "        <row key=\"total\" role=\"total\"><cell>Total</cell></row>"
    print "      </body>"
    print "    </table>"
    print "  </chapter>"
    print "</report>"
  }' > "$dir/publication.xml"
  awk -v n="$n" -v csv="$dir/data/datos.csv" -v typ="$dir.typ" -v page="$typst_page" 'BEGIN {
    print "distrito,ninas,ninos,mujeres,hombres,total" > csv
    print page "\n= DATOS\n#figure(caption: [Participantes por distrito], table(columns: 6," > typ
    print "  align: (left, right, right, right, right, right)," > typ
    print "  table.header([*Distrito*], [*Niñas*], [*Niños*], [*Mujeres*], [*Hombres*], [*Total*])," > typ
    x = 7; s2 = s3 = s4 = s5 = 0
    for (i = 1; i <= n; i++) {
      x = (x * 1103515245 + 12345) % 2147483648; a = x % 900
      x = (x * 1103515245 + 12345) % 2147483648; b = x % 900
      x = (x * 1103515245 + 12345) % 2147483648; c = x % 9000
      x = (x * 1103515245 + 12345) % 2147483648; d = x % 9000
      s2 += a; s3 += b; s4 += c; s5 += d
      printf "d%d,%d,%d,%d,%d,%d\n", i, a, b, c, d, a + b + c + d > csv
      printf "  [Distrito %d], [%d], [%d], [%d], [%d], [%d],\n", i, a, b, c, d, a + b + c + d > typ
    }
    printf "total,%d,%d,%d,%d,%d\n", s2, s3, s4, s5, s2 + s3 + s4 + s5 > csv
    printf "  [*Total*], [*%d*], [*%d*], [*%d*], [*%d*], [*%d*],\n))\n", s2, s3, s4, s5, s2 + s3 + s4 + s5 > typ
  }'
}

# fastest N CMD...: runs CMD N times under /usr/bin/time and timeout;
# sets $secs (fastest elapsed), $cpu (its user + system) and $mb (peak MB),
# all "-" when a run failed or was cut off.
fastest() {
  local n=$1 r e u s k best=
  shift
  secs=- cpu=- mb=-
  for r in $(seq "$n"); do
    if ! /usr/bin/time -f '%e %U %S %M' -o "$work/time" timeout "$timeout" "$@" \
      >"$work/stdout" 2>"$work/stderr"; then
      secs=- cpu=- mb=-
      return 0
    fi
    read -r e u s k < "$work/time"
    if [ -z "$best" ] || awk -v a="$e" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$e secs=$e
      cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
      mb=$(awk -v k="$k" 'BEGIN { printf "%.0f", k / 1024 }')
      warm=$(cat "$work/stdout")
    fi
  done
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b <= 0) print "-"; else printf "%.1f", a / b }'; }

folio_build() { # folio_build DIR: $fsecs $fcpu $fmb, and the PDF's $pages
  fastest "$runs" "$folio" build --quiet --lang es --out "$work/out" "$1"
  fsecs=$secs fcpu=$cpu fmb=$mb
  local id
  id=$(basename "$1")
  pages=$(pdfinfo "$work/out/$id/es/$id-es.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
}
typst_build() { # typst_build DIR: $tsecs $tcpu $tmb $twarm
  tsecs=- tcpu=- tmb=- twarm=-
  [ "$have_typst" = 1 ] || return 0
  warm=
  fastest "$ext_runs" node "$here/typst.js" "$1.typ" "$1-typst.pdf"
  tsecs=$secs tcpu=$cpu tmb=$mb
  [ "$secs" = - ] || twarm=$(echo "$warm" | awk '{print $1}')
}
weasy_build() { # weasy_build HTML PDF: $wsecs $wcpu $wmb
  wsecs=- wcpu=- wmb=-
  [ "$have_weasy" = 1 ] || return 0
  fastest "$ext_runs" weasyprint -q "$1" "$2"
  wsecs=$secs wcpu=$cpu wmb=$mb
}

header() {
  printf '%-7s %6s | %6s %6s %6s | %6s %6s %6s %6s | %6s %6s %6s | %7s %7s %7s | %7s %7s\n' "$1" pages \
    s cpu MB s comp cpu MB s cpu MB typst/f comp/f weasy/f typst/f weasy/f
  printf '%-7s %6s | %-20s | %-27s | %-20s | %-23s | %-15s\n' '' '' folio typst weasyprint \
    'elapsed ratios' 'cpu ratios'
}
row() { # row SIZE PAGES
  printf '%-7s %6s | %6s %6s %6s | %6s %6s %6s %6s | %6s %6s %6s | %7s %7s %7s | %7s %7s\n' "$1" "$2" \
    "$fsecs" "$fcpu" "$fmb" "$tsecs" "$twarm" "$tcpu" "$tmb" "$wsecs" "$wcpu" "$wmb" \
    "$(ratio "$tsecs" "$fsecs")" "$(ratio "$twarm" "$fsecs")" "$(ratio "$wsecs" "$fsecs")" \
    "$(ratio "$tcpu" "$fcpu")" "$(ratio "$wcpu" "$fcpu")"
}

echo "text (paragraphs under a heading; pages are folio's)"
header paras
for n in $text_sizes; do
  dir=$work/text-$n
  make_booklet "$dir" "$n"
  folio_build "$dir"
  typst_build "$dir"
  weasy_build "$dir.html" "$work/w-text-$n.pdf"
  row "$n" "$pages"
  fastest "$runs" env FOLIO_PDF_UNTAGGED=1 "$folio" build --quiet --lang es --out "$work/out" "$dir"
  printf '%-7s %6s   untagged (FOLIO_PDF_UNTAGGED=1): %s s, cpu %s s; tagging costs %s%% of cpu\n' \
    '' '' "$secs" "$cpu" "$(awk -v t="$fcpu" -v u="$cpu" 'BEGIN { if (u > 0) printf "%.0f", (t - u) / u * 100; else print "-" }')"
done
echo
echo "rows (one table of N rows x 6 columns from a CSV; check: folio check)"
header rows
for n in $row_sizes; do
  dir=$work/rows-$n
  make_report "$dir" "$n"
  folio_build "$dir"
  fastest "$runs" "$folio" check "$dir"
  csecs=$secs ccpu=$cpu
  typst_build "$dir"
  weasy_build "$work/out/rows-$n/es/index.html" "$work/w-rows-$n.pdf"
  row "$n" "$pages"
  # per 1000 rows: the time, and the memory beyond the smallest size's
  [ -n "${first_n:-}" ] || { first_n=$n first_mb=$fmb; }
  printf '%-7s %6s   check %s s, cpu %s s; folio per 1000 rows: %s s cpu, %s MB more than at %s rows\n' \
    '' '' "$csecs" "$ccpu" "$(awk -v s="$fcpu" -v n="$n" 'BEGIN { printf "%.3f", s / n * 1000 }')" \
    "$(awk -v m="$fmb" -v f="$first_mb" -v n="$n" -v fn="$first_n" \
      'BEGIN { if (n > fn) printf "%.2f", (m - f) / (n - fn) * 1000; else print "-" }')" "$first_n"
done
