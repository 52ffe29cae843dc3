#!/bin/bash
# Layout benchmark (not a test): lays out long synthetic publications made
# from the content model, of about 10, 100 and 1000 pages, and the same text
# as plain HTML with WeasyPrint (Debian package weasyprint), and prints a
# table: pages, seconds, pages/s, peak MB, WeasyPrint seconds, ratio.
#
#   tests/bench/bench.sh [FOLIO_BINARY] [SIZES...]
#
# Sizes are paragraph counts per language; the table says the pages they
# made. Each tool runs RUNS times (default 2) and its fastest run counts,
# since a shared machine only ever adds time. WeasyPrint is skipped when
# it is not installed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
folio=${1:-$src/build/folio}
shift || true
sizes=${*:-"24 530 5300"}
work=${BENCH_DIR:-/tmp/folio-bench}
runs=${RUNS:-2}
rm -rf "$work" && mkdir -p "$work"
export SOURCE_DATE_EPOCH=1700000000

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

# A booklet whose topics section holds the paragraphs (both languages).
make_booklet() { # make_booklet DIR N
  local dir=$1 n=$2
  mkdir -p "$dir"
  paragraphs "$n" 7 > "$dir.txt"
  {
    sed -n '1,/<topics id="topics">/p' "$src/content/cop-peru-2021-2023/publication.xml"
    sed -n '/<topics id="topics">/,/<\/topics>/{/<kicker>/,/<\/heading>/p}' \
      "$src/content/cop-peru-2021-2023/publication.xml"
    echo '<body><es>'
    sed 's|.*|<p>&</p>|' "$dir.txt"
    echo '</es><en>'
    sed 's|.*|<p>&</p>|' "$dir.txt"
    echo '</en></body>'
    sed -n '/<\/topics>/,$p' "$src/content/cop-peru-2021-2023/publication.xml"
  } > "$dir/publication.xml"
  { echo '<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><title>bench</title>'
    echo '<style>@page{size:A4;margin:22mm 18mm 24mm 22mm}body{font:10.5pt/1.45 "Noto Sans";text-align:justify;hyphens:auto}</style></head><body>'
    sed 's|.*|<p>&</p>|' "$dir.txt"
    echo '</body></html>'; } > "$dir.html"
}

# fastest_build DIR [ENV=VALUE]: the fastest of $runs builds into $secs, peak KB into $kb
fastest_build() {
  local dir=$1 s k r
  secs= kb=0
  for r in $(seq "$runs"); do
    env ${2:-} /usr/bin/time -f '%e %M' -o "$work/time" "$folio" build --lang es --out "$work/out" "$dir" >/dev/null
    read -r s k < "$work/time"
    secs=$(awk -v a="$secs" -v b="$s" 'BEGIN { print (a == "" || b < a) ? b : a }')
    kb=$((k > kb ? k : kb))
  done
}

# "untagged" is the same build without the structure tree and PDF/A
# (FOLIO_PDF_UNTAGGED=1); "tags" is what tagging costs, in percent.
printf '%-7s %6s %8s %8s %8s %10s %7s %9s %6s\n' paras pages seconds pages/s peakMB weasyprint ratio \
  untagged tags
for n in $sizes; do
  dir=$work/bench-$n
  make_booklet "$dir" "$n"
  fastest_build "$dir" FOLIO_PDF_UNTAGGED=1
  usecs=$secs
  fastest_build "$dir"
  pdf=$work/out/bench-$n/es/bench-$n-es.pdf
  pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
  wsecs=- ratio=-
  if command -v weasyprint >/dev/null 2>&1; then
    wsecs=
    for r in $(seq "$runs"); do
      /usr/bin/time -f '%e' -o "$work/wtime" weasyprint -q "$dir.html" "$work/w-$n.pdf" 2>/dev/null || true
      s=$(tail -1 "$work/wtime")
      wsecs=$(awk -v a="$wsecs" -v b="$s" 'BEGIN { print (a == "" || b < a) ? b : a }')
    done
    ratio=$(awk -v a="$wsecs" -v b="$secs" 'BEGIN { printf "%.0f", (b > 0 ? a / b : 0) }')
  fi
  awk -v n="$n" -v p="$pages" -v s="$secs" -v kb="$kb" -v w="$wsecs" -v r="$ratio" -v u="$usecs" 'BEGIN {
    printf "%-7s %6s %8.2f %8.0f %8.1f %10s %7s %9.2f %5.0f%%\n", n, p, s, (s > 0 ? p / s : 0),
      kb / 1024, w, r, u, (u > 0 ? (s - u) / u * 100 : 0) }'
done
