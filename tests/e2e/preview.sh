#!/bin/bash
# folio preview on a copy of the booklet: the page served, a one-word edit
# rebuilt and announced to the page, a content error shown in the page with
# its path:line while the last good files stay, a clean stop. Every wait is
# bounded.
. "$(dirname "$0")/lib.bash"
ID=cop-peru-2021-2023
mkdir -p "$WORK/pub" "$WORK/tmp"
cp -r "$BOOKLET" "$WORK/pub/"
PUB=$WORK/pub/$ID/publication.xml
cd "$WORK/pub"
TMPDIR="$WORK/tmp" timeout 300 "$FOLIO" preview --port 0 "$ID" > "$WORK/log" 2> "$WORK/err" &
server=$!
stop() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; }
trap stop EXIT

# until SECONDS COMMAND...: retries the command every 20 ms
until_ok() {
  local deadline=$(( $(date +%s%N) + $1 * 1000000000 )); shift
  until "$@" 2>/dev/null; do
    [ "$(date +%s%N)" -lt "$deadline" ] || return 1
    sleep 0.02
  done
}
until_ok 60 grep -q '^preview: serving http://127.0.0.1:[0-9]*/' "$WORK/log" && ok || { fail "no URL printed"; cat "$WORK/log" "$WORK/err"; finish; exit; }
port=$(sed -n 's|^preview: serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$WORK/log")
URL=http://127.0.0.1:$port
get() { curl -s --max-time 20 "$@"; }

# It listens on the loopback interface only.
hex=$(printf '%04X' "$port")
expect "listens on 127.0.0.1 only" sh -c "awk '\$4 == \"0A\" && \$2 ~ /:$hex\$/ {print \$2}' /proc/net/tcp /proc/net/tcp6 | grep -qx '0100007F:$hex' && [ \$(awk '\$4 == \"0A\" && \$2 ~ /:$hex\$/' /proc/net/tcp /proc/net/tcp6 | wc -l) -eq 1 ]"

[ "$(get -o /dev/null -w '%{http_code} %{redirect_url}' "$URL/")" = "302 $URL/es/" ] && ok || fail "/ redirects to the first edition"
get "$URL/es/" > "$WORK/page1.html"
expect "the Spanish page is served" contains "$WORK/page1.html" "Qué organizaciones permanecen activas"
expect "the page listens for reloads" grep -q 'new EventSource("/_folio/events?lang=es&gen=' "$WORK/page1.html"
expect "the page links its PDF" contains "$WORK/page1.html" "href=\"$ID-es.pdf\""
get -o "$WORK/es.pdf" -w '%{http_code} %{content_type}\n' "$URL/es/$ID-es.pdf" > "$WORK/pdf.status"
expect "the PDF is served" grep -qx '200 application/pdf' "$WORK/pdf.status"
expect "the PDF is a PDF" sh -c "head -c 5 '$WORK/es.pdf' | grep -q '%PDF-'"
expect "the stylesheet is served" sh -c "curl -s --max-time 20 -o /dev/null -w '%{http_code}' '$URL/es/style.css' | grep -qx 200"
get "$URL/en/" > "$WORK/en.html"
expect "the English page is served" grep -q '<html lang="en' "$WORK/en.html"
# What it refuses: another Host (DNS rebinding), paths out of the folder,
# methods other than GET and HEAD, oversized requests.
[ "$(get -o /dev/null -w '%{http_code}' -H 'Host: example.com' "$URL/es/")" = 403 ] && ok || fail "foreign Host refused"
[ "$(get -o /dev/null -w '%{http_code}' --path-as-is "$URL/es/../../etc/passwd")" = 404 ] && ok || fail "path out of the folder refused"
[ "$(get -o /dev/null -w '%{http_code}' -X POST "$URL/es/")" = 405 ] && ok || fail "POST refused"
[ "$(get -o /dev/null -w '%{http_code}' -H "X-Big: $(head -c 9000 /dev/zero | tr '\0' a)" "$URL/es/")" = 431 ] && ok || fail "oversized request refused"
[ "$(get -o /dev/null -w '%{http_code}' "$URL/es/nothing.html")" = 404 ] && ok || fail "missing file: 404"

gen() { sed -n 's|.*_folio/events?lang=es&gen=\([0-9]*\)".*|\1|p' "$1"; }
# listen N GEN: an event stream of the Spanish edition into $WORK/events.N
listen() {
  curl -sN --max-time 120 "$URL/_folio/events?lang=es&gen=$2" > "$WORK/events.$1" &
  until_ok 20 grep -q '^retry:' "$WORK/events.$1" || fail "event stream $1 not opened"
}
# A page from an older build reloads as soon as it connects.
listen stale 0
until_ok 20 grep -q '^data: reload' "$WORK/events.stale" && ok || fail "a stale page is told to reload"

# A one-word edit: the page is told to reload and shows the new word; the
# PDF was rebuilt with it.
listen 1 "$(gen "$WORK/page1.html")"
sleep 0.2
start=$(date +%s%N)
sed -i '0,/Qué organizaciones permanecen activas/s//Qué organizaciones siguen activas/' "$PUB"
until_ok 30 grep -q '^data: reload' "$WORK/events.1" && ok || fail "no reload event after the edit"
echo "save to reload event: $(( ($(date +%s%N) - start) / 1000000 )) ms"
get "$URL/es/" > "$WORK/page2.html"
expect "the served page changed" contains "$WORK/page2.html" "Qué organizaciones siguen activas"
expect "the old word is gone" sh -c "! grep -qF 'Qué organizaciones permanecen activas' '$WORK/page2.html'"
get -o "$WORK/es2.pdf" "$URL/es/$ID-es.pdf"
pdftotext -enc UTF-8 "$WORK/es2.pdf" - 2>/dev/null | tr -s ' \n' '  ' > "$WORK/es2.txt"
expect "the PDF was rebuilt" grep -q "siguen activas" "$WORK/es2.txt"
expect "the build said what it wrote" grep -q "^preview: es rebuilt in [0-9]* ms" "$WORK/log"

# An error: the page shows it at its path:line; the last good files stay.
listen 2 "$(gen "$WORK/page2.html")"
sleep 0.2
line=$(grep -n -m1 '</heading>' "$PUB" | cut -d: -f1)
sed -i '0,/<\/heading>/s//<\/headin>/' "$PUB"
until_ok 30 grep -q '^data: reload' "$WORK/events.2" && ok || fail "no reload event after the error"
get "$URL/es/" > "$WORK/page3.html"
expect "the page shows the error at path:line" grep -q "$ID/publication.xml:$line: error: " "$WORK/page3.html"
expect "the error page reloads itself too" grep -q '_folio/events?lang=es&gen=' "$WORK/page3.html"
expect "the error is on stderr too" grep -q "$ID/publication.xml:$line: error: " "$WORK/err"
[ "$(get -o /dev/null -w '%{http_code}' "$URL/es/$ID-es.pdf")" = 200 ] && ok || fail "the last good PDF is still served"

# Corrected: the page is back.
listen 3 "$(gen "$WORK/page3.html")"
sleep 0.2
sed -i 's|</headin>|</heading>|' "$PUB"
until_ok 30 grep -q '^data: reload' "$WORK/events.3" && ok || fail "no reload event after the fix"
get "$URL/es/" > "$WORK/page4.html"
expect "the corrected page is served" contains "$WORK/page4.html" "Qué organizaciones siguen activas"

# The other edition was not looked at: rebuilt when asked for.
get "$URL/en/" > "$WORK/en2.html"
expect "the English edition is rebuilt when asked for" grep -q "^preview: en rebuilt" "$WORK/log"

# Ctrl-C: a clean stop, the private folder removed.
kill -INT "$server"
until_ok 20 sh -c "! kill -0 $server" && ok || fail "SIGINT did not stop it"
wait "$server"; rc=$?
trap - EXIT
[ $rc -eq 0 ] && ok || fail "exit status $rc after SIGINT"
expect "private folder removed" sh -c "[ -z \"\$(ls -A '$WORK/tmp')\" ]"
expect "no output in the publication's folder" test ! -e "$WORK/pub/out"
if grep -qE 'Sanitizer|runtime error' "$WORK/err"; then fail "sanitizer report"; cat "$WORK/err"; else ok; fi
wait
finish
