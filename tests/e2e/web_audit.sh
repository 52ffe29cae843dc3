#!/bin/bash
# The web editions of every publication in content/ in headless Chromium
# (tests/tools/web_audit.js, puppeteer-core driving Debian's chromium):
# axe-core's WCAG 2.1 A/AA, 2.2 AA and best-practice rules at 1280 and
# 390 px and in dark mode, 0 violations; nothing wider than a 390 px
# screen; chart text at least 12 px as rendered; every table that scrolls
# showing it and taking the keyboard; contents links landing below the bar.
. "$(dirname "$0")/lib.bash"
OUT=$WORK/out
"$FOLIO" build --quiet --out "$OUT" "$SRC"/content/*/ 2>"$WORK/build" && ok || { fail "build"; cat "$WORK/build"; }
# The head: a description from the opening paragraph, Open Graph, every
# edition as an alternate with the source language's as x-default; where
# the content states its web address, absolute ones, canonical and og:url.
es=$OUT/cop-peru-2021-2023/es/index.html en=$OUT/cop-peru-2021-2023/en/index.html
expect "description from the opening" grep -q '<meta name="description" content="Una Comunidad de Práctica' "$es"
expect "og:title" grep -q '<meta property="og:title" content="Learnings, Methodologies and Experiences' "$en"
expect "og:locale" grep -q '<meta property="og:locale" content="es_PE">' "$es"
expect "self alternate" grep -q '<link rel="alternate" hreflang="en" href="../en/index.html">' "$en"
expect "x-default" grep -q '<link rel="alternate" hreflang="x-default" href="../es/index.html">' "$en"
expect "no og:url without an address" sh -c "! grep -q 'og:url' '$en'"
cp -r "$SRC/content/cop-peru-2021-2023" "$WORK/addressed"
sed -i 's|<edition lang="en" locale="en-US"/>|&<web base-url="https://example.org/cop/"/>|' "$WORK/addressed/publication.xml"
"$FOLIO" build --quiet --out "$WORK/addressed-out" "$WORK/addressed" 2>"$WORK/addressed-build" && ok || { fail "build with a web address"; cat "$WORK/addressed-build"; }
en=$WORK/addressed-out/addressed/en/index.html
for line in '<link rel="canonical" href="https://example.org/cop/en/">' \
    '<link rel="alternate" hreflang="es" href="https://example.org/cop/es/">' \
    '<link rel="alternate" hreflang="x-default" href="https://example.org/cop/es/">' \
    '<meta property="og:url" content="https://example.org/cop/en/">' \
    '<li><a href="../es/index.html" hreflang="es" lang="es">'; do
  expect "with a web address: $line" contains "$en" "$line"
done

# The fonts: each face of the theme subset to the edition, as WOFF2 beside
# style.css, declared with font-display: swap; small.
for dir in "$OUT"/*/*/; do
  faces=$(grep -c '^@font-face { .*format("woff2"); .*font-display: swap; }$' "$dir/style.css")
  files=$(ls "$dir"/*.woff2 2>/dev/null | wc -l)
  [ "$faces" -ge 8 ] && [ "$files" -ge 8 ] && ok || fail "$dir: $faces @font-face, $files WOFF2 files"
  for f in "$dir"/*.woff2; do
    [ "$(head -c 4 "$f")" = wOF2 ] && ok || fail "$f is not WOFF2"
  done
  bytes=$(cat "$dir"/*.woff2 | wc -c)
  [ "$bytes" -lt 150000 ] && ok || fail "$dir: the fonts take $bytes bytes"
done

# Every class on a page has a rule in its edition's style.css, whatever
# the kind: a block is never left unstyled because only another kind's
# html.css knew it (hooks styled by what holds them aside).
for dir in "$OUT"/*/*/; do
  missing=
  for cls in $(grep -o 'class="[^"]*"' "$dir/index.html" | sed 's/^class="//; s/"$//' | tr ' ' '\n' | LC_ALL=C sort -u); do
    case $cls in inline|level-1|photo-caption|when|xref) continue ;; esac
    grep -q "\.$cls\([^A-Za-z0-9_-]\|$\)" "$dir/style.css" || missing="$missing $cls"
  done
  [ -z "$missing" ] && ok || fail "$dir: no rule in style.css for$missing"
done

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ] || [ ! -d "$SRC/node_modules/puppeteer-core" ] || [ ! -d "$SRC/node_modules/axe-core" ]; then
  fail "chromium, puppeteer-core or axe-core is not installed (run .ci/setup)"
  finish; exit
fi
editions=$(find "$OUT" -name index.html | LC_ALL=C sort)
n=$(echo "$editions" | wc -l)
[ "$n" -eq 8 ] && ok || fail "$n web editions, not 8"
# shellcheck disable=SC2086
if NODE_PATH=$SRC/node_modules node "$SRC/tests/tools/web_audit.js" "$CHROMIUM" $editions >"$WORK/audit" 2>&1; then ok
else fail "the audit found problems:"; grep -v ' 0 findings$' "$WORK/audit"; fi
audited=$(grep -c ' 0 findings$' "$WORK/audit")
[ "$audited" -eq 16 ] && ok || fail "$audited of 16 page widths audited clean"

# The audit sees what it must: a page with each fault once.
cat >"$WORK/faults.html" <<'HTML'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Faults</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>.bar{position:sticky;top:0;height:60px;background:#fff}.wide{width:600px}
.cut{overflow-x:auto}.cut table{width:800px}</style></head>
<body><header class="bar">Bar</header><main>
<nav class="contents"><a href="#h">Heading</a></nav>
<p class="wide">Wider than a phone.</p>
<div class="cut"><table><tr><td>cut</td></tr></table></div>
<img src="none.png" width="10" height="10">
<div class="chart"><svg viewBox="0 0 800 100" role="img" aria-label="chart"><text x="0" y="50" font-size="10">tiny</text></svg></div>
<div style="height:3000px"></div><h2 id="h">Heading</h2><div style="height:3000px"></div>
</main></body></html>
HTML
node "$SRC/tests/tools/web_audit.js" "$CHROMIUM" "$WORK/faults.html" >"$WORK/faults" 2>&1
[ $? -eq 1 ] && ok || fail "the audit passes a page with faults"
for finding in "page is 6[0-9][0-9] px wide in a 390 px screen" "p.wide ends at 6[0-9][0-9] px" \
    "div.cut scrolls but is not focusable" "div.cut is cut with no visible scroll cue" \
    "has text of [0-9.]* px" "contents link #h: heading at 0 px, under the bar" "axe image-alt"; do
  grep -q -- "$finding" "$WORK/faults" && ok || { fail "the audit misses: $finding"; cat "$WORK/faults"; }
done
# A web font Chromium refuses is found.
cp -r "$OUT/cop-peru-2021-2023/en" "$WORK/bad-font"
printf 'XXXXXXXX' | dd of="$WORK/bad-font/NotoSans-Bold.woff2" bs=1 seek=60 conv=notrunc 2>/dev/null
node "$SRC/tests/tools/web_audit.js" "$CHROMIUM" "$WORK/bad-font/index.html" >"$WORK/bad-font.out" 2>&1
expect "the audit finds a broken web font" grep -q "web font Noto Sans 700 normal did not load" "$WORK/bad-font.out"
finish
