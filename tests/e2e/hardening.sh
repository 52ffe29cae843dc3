#!/bin/bash
# Hostile files and file systems: what folio reads is a regular file of a
# bounded size inside the publication folder, and what it writes is one
# whole build or nothing. A full disk, two builds into one --out at once,
# symbolic links planted at outputs and in the content, FIFOs, devices and
# a 1 GB file as content, SIGINT and SIGTERM at random points of a build;
# every case must answer within its timeout, leave the previous outputs
# byte-identical and no temporary file.
. "$(dirname "$0")/lib.bash"
MEETING=$SRC/content/mieux-lac-meeting-3-2022
REPORT=$SRC/content/alma-llanera-ii-evaluation-2023
MID=mieux-lac-meeting-3-2022
RID=alma-llanera-ii-evaluation-2023
MAKE_PHOTO=${MAKE_PHOTO:-$(dirname "$FOLIO")/tests/make_photo}

no_temps() { ! find "$1" -name '*.folio-tmp' 2>/dev/null | grep -q .; }
pdfs_check() { # every PDF under $1 passes qpdf --check
  local f
  for f in $(find "$1" -name '*.pdf'); do qpdf --check "$f" >/dev/null 2>&1 || return 1; done
}
# run NAME TIMEOUT COMMAND...: runs it with a time limit, keeping its
# stderr in $WORK/NAME.err, its exit status in $rc and its time in $ms.
run() {
  local name=$1 limit=$2; shift 2
  local t0=$(date +%s%N)
  timeout -k 1 "$limit" "$@" >/dev/null 2>"$WORK/$name.err"
  rc=$?
  ms=$((($(date +%s%N) - t0) / 1000000))
  echo "--- $name: exit $rc, ${ms} ms"; grep -m3 "error" "$WORK/$name.err"
}
# refused NAME PATTERN COMMAND...: exit 1 within 5 s with the diagnostic,
# the previous outputs in $OUT unchanged and no temporary left.
refused() {
  local name=$1 pattern=$2; shift 2
  run "$name" 5 "$@"
  [ "$rc" -eq 1 ] && ok || fail "$name: exit $rc, expected 1"
  grep -Eq -- "$pattern" "$WORK/$name.err" && ok || fail "$name: no diagnostic matching /$pattern/"
  [ "$(tree_sum "$OUT")" = "$before" ] && ok || fail "$name: the previous outputs changed"
  no_temps "$WORK" && ok || fail "$name: temporary files left"
}

OUT=$WORK/out
"$FOLIO" build -q --out "$OUT" "$MEETING" 2>"$WORK/good.err" && ok || fail "the good build"
before=$(tree_sum "$OUT")

# ---- reading: symbolic links out of the folder, FIFOs, devices, sizes ----
R=$WORK/r/$RID                                               # the report, with CSVs
mkdir -p "$WORK/outside"
cp "$REPORT/data/t-vbg.csv" "$WORK/outside/t-vbg.csv"
fresh() { rm -rf "$R" && mkdir -p "$WORK/r" && cp -r "$REPORT" "$R"; }
CSVP="^$R/data/t-vbg.csv: error: cannot read:"

fresh; ln -sf "$WORK/outside/t-vbg.csv" "$R/data/t-vbg.csv"
refused csv-link-out "$CSVP a symbolic link to $WORK/outside/t-vbg.csv, outside the publication folder" \
  "$FOLIO" build --out "$OUT" "$R"
fresh; mv "$R/data" "$WORK/outside/data"; ln -s "$WORK/outside/data" "$R/data"
refused data-folder-link-out "$CSVP a symbolic link to $WORK/outside/data/t-vbg.csv, outside" \
  "$FOLIO" build --out "$OUT" "$R"
rm -rf "$WORK/outside/data"
fresh; ln -sf /dev/zero "$R/data/t-vbg.csv"
refused csv-dev-zero "$CSVP a symbolic link to /dev/zero, outside the publication folder" \
  "$FOLIO" build --out "$OUT" "$R"
fresh; rm "$R/data/t-vbg.csv"; mkfifo "$R/data/t-vbg.csv"
refused csv-fifo "$CSVP not a regular file \(a FIFO\)" "$FOLIO" build --out "$OUT" "$R"
if fresh && rm "$R/data/t-vbg.csv" && mknod "$R/data/t-vbg.csv" c 1 5 2>/dev/null; then
  refused csv-device "$CSVP not a regular file \(a character device\)" "$FOLIO" build --out "$OUT" "$R"
else
  echo "--- csv-device: mknod not permitted here, left out"
fi
fresh; truncate -s 1G "$R/data/t-vbg.csv"
refused csv-1gb "$CSVP larger than the 64 MB limit for a CSV file \(1.0 GB\)" \
  "$FOLIO" build --out "$OUT" "$R"
# a link that stays inside the folder is fine
fresh; mkdir "$R/tables"; mv "$R/data/t-vbg.csv" "$R/tables/"; ln -s ../tables/t-vbg.csv "$R/data/t-vbg.csv"
run csv-link-inside 30 "$FOLIO" check "$R"
[ "$rc" -ne 1 ] || ! grep -q "cannot read" "$WORK/csv-link-inside.err" && ok \
  || fail "csv-link-inside: a link inside the folder was refused"

# publication.xml itself
M=$WORK/m/$MID
mfresh() { rm -rf "$WORK/m" && mkdir -p "$M" && cp "$MEETING/publication.xml" "$M/"; }
XMLP="^$M/publication.xml: error: cannot read:"
mfresh; mv "$M/publication.xml" "$WORK/outside/publication.xml"; ln -s "$WORK/outside/publication.xml" "$M/publication.xml"
refused xml-link-out "$XMLP a symbolic link to $WORK/outside/publication.xml, outside" \
  "$FOLIO" build --out "$OUT" "$M"
mfresh; rm "$M/publication.xml"; mkfifo "$M/publication.xml"
refused xml-fifo "$XMLP not a regular file \(a FIFO\)" "$FOLIO" build --out "$OUT" "$M"
mfresh; ln -sf /dev/zero "$M/publication.xml"
refused xml-dev-zero "$XMLP a symbolic link to /dev/zero, outside" "$FOLIO" build --out "$OUT" "$M"
mfresh; truncate -s 1G "$M/publication.xml"
refused xml-1gb "$XMLP larger than the 64 MB limit for a content file \(1.0 GB\)" \
  "$FOLIO" build --out "$OUT" "$M"

# the publication's glossary (check) and an XLIFF file to import
mfresh; mkfifo "$M/glossary.tbx"
refused glossary-fifo "^$M/glossary.tbx: error: cannot read: not a regular file \(a FIFO\)" "$FOLIO" check "$M"
mfresh; mkfifo "$WORK/in.xlf"
refused xliff-fifo "^$WORK/in.xlf: error: cannot read: not a regular file \(a FIFO\)" \
  "$FOLIO" i18n import "$WORK/in.xlf" "$M"
cmp -s "$M/publication.xml" "$MEETING/publication.xml" && ok || fail "xliff-fifo: the content changed"

# an image: the report with a picture in its first figure
fresh
"$MAKE_PHOTO" "$WORK/photo.png" 600 400 1 || fail "make_photo"
awk '{ print } /<caption><es>Objetivos específicos/ && !done { print "<image href=\"photos/p.png\"><alt><es>Objetivos</es><en>Objectives</en></alt></image>"; done = 1 }' \
  "$REPORT/publication.xml" > "$R/publication.xml"
mkdir -p "$R/photos"
cp "$WORK/photo.png" "$R/photos/p.png"
if "$FOLIO" check "$R" 2>"$WORK/with-image.err"; then
  ok
  IMGP="image $R/photos/p.png cannot be read:"
  ln -sf "$WORK/photo.png" "$R/photos/p.png"
  refused image-link-out "$IMGP a symbolic link to $WORK/photo.png, outside" "$FOLIO" build --out "$OUT" "$R"
  rm "$R/photos/p.png"; mkfifo "$R/photos/p.png"
  refused image-fifo "$IMGP not a regular file \(a FIFO\)" "$FOLIO" build --out "$OUT" "$R"
  rm "$R/photos/p.png"; ln -s /dev/zero "$R/photos/p.png"
  refused image-dev-zero "$IMGP a symbolic link to /dev/zero, outside" "$FOLIO" build --out "$OUT" "$R"
  rm "$R/photos/p.png"; truncate -s 1G "$R/photos/p.png"
  refused image-1gb "$IMGP larger than the 100 MB limit for an image \(1.0 GB\)" "$FOLIO" build --out "$OUT" "$R"
else
  fail "the report with an image does not check"; cat "$WORK/with-image.err"
fi

# ---- the command line ----
run out-empty 5 "$FOLIO" build --out '' "$MEETING"
[ "$rc" -eq 2 ] && contains "$WORK/out-empty.err" "--out must name an output folder" && ok || fail "--out '': exit $rc"
run out-root 5 "$FOLIO" build --out / "$MEETING"
[ "$rc" -eq 2 ] && contains "$WORK/out-root.err" "--out must name an output folder, not '/'" && ok || fail "--out /: exit $rc"
mfresh
run same-id 5 "$FOLIO" build --out "$OUT" "$MEETING" "$M"
[ "$rc" -eq 2 ] && contains "$WORK/same-id.err" "folio: $MEETING and $M are both publication '$MID'" \
  && ok || fail "two folders with one id: exit $rc"
[ "$(tree_sum "$OUT")" = "$before" ] && ok || fail "same-id: outputs changed"
# a failed build into a new --out leaves no folder behind
sed '0,/<\/heading>/s//<\/headin>/' "$MEETING/publication.xml" > "$M/publication.xml"
run new-out-fails 10 "$FOLIO" build --out "$WORK/new-out/deeper" "$M"
[ "$rc" -eq 1 ] && [ ! -e "$WORK/new-out" ] && ok || fail "a failed build left $WORK/new-out"

# ---- outputs: symbolic links planted at outputs and temporaries ----
echo "keep" > "$WORK/victim"
cp "$WORK/victim" "$WORK/victim2"
ln -sf "$WORK/victim" "$OUT/$MID/es/style.css"
ln -s "$WORK/victim2" "$OUT/$MID/en/index.html.folio-tmp"   # the name builds once shared
run planted 30 "$FOLIO" build -q --out "$OUT" "$MEETING"
[ "$rc" -eq 0 ] && ok || fail "planted: exit $rc"
[ "$(cat "$WORK/victim")" = keep ] && [ "$(cat "$WORK/victim2")" = keep ] && ok \
  || fail "planted: a build wrote through a symbolic link"
[ -f "$OUT/$MID/es/style.css" ] && [ ! -L "$OUT/$MID/es/style.css" ] && ok \
  || fail "planted: style.css is still a link"
rm -f "$OUT/$MID/en/index.html.folio-tmp"
[ "$(tree_sum "$OUT")" = "$before" ] && ok || fail "planted: the outputs differ from a clean build"
# a folder of the outputs that is a link is refused, its target untouched
mkdir -p "$WORK/elsewhere" && mv "$OUT/$MID/en" "$WORK/elsewhere/en" && ln -s "$WORK/elsewhere/en" "$OUT/$MID/en"
elsewhere=$(tree_sum "$WORK/elsewhere")
run folder-link 30 "$FOLIO" build -q --out "$OUT" "$MEETING"
[ "$rc" -eq 1 ] && contains "$WORK/folder-link.err" "$OUT/$MID/en: error: cannot create the output folder: it is a symbolic link" \
  && ok || fail "folder-link: exit $rc"
[ "$(tree_sum "$WORK/elsewhere")" = "$elsewhere" ] && no_temps "$WORK" && ok || fail "folder-link: wrote through the link"
rm "$OUT/$MID/en" && mv "$WORK/elsewhere/en" "$OUT/$MID/en"
[ "$(tree_sum "$OUT")" = "$before" ] && ok || fail "folder-link: outputs changed"

# ---- the disk is full ----
FULL=$WORK/full
mkdir -p "$FULL"
if mount -t tmpfs -o size=16m tmpfs "$FULL" 2>/dev/null; then
  echo "--- disk full: a 16 MB tmpfs"
  "$FOLIO" build -q --out "$FULL/out" "$MEETING" && ok || fail "build on the tmpfs"
  full_before=$(tree_sum "$FULL/out")
  size=$(du -sb "$FULL/out" | cut -f1)
  for short in 4096 $((size / 2)) $((size - 8192)); do
    free=$(($(df --output=avail -B1 "$FULL" | tail -1)))
    fill=$((free - (size - short)))
    [ $fill -gt 0 ] && fallocate -l $fill "$FULL/filler"
    run "full-$short" 30 "$FOLIO" build -q --out "$FULL/out" "$MEETING"
    [ "$rc" -eq 1 ] && ok || fail "disk full ($short bytes short): exit $rc"
    grep -q "error: .*the disk is full" "$WORK/full-$short.err" && ok || fail "disk full ($short short): no 'the disk is full'"
    rm -f "$FULL/filler"
    [ "$(tree_sum "$FULL/out")" = "$full_before" ] && no_temps "$FULL" && ok \
      || fail "disk full ($short short): the previous outputs changed or temporaries left"
  done
  pdfs_check "$FULL/out" && ok || fail "disk full: a PDF fails qpdf --check"
  umount "$FULL"
else
  # No mount here (a container without CAP_SYS_ADMIN): the file size
  # limit stands in for the disk, SIGXFSZ ignored so writes fail with EFBIG.
  echo "--- disk full: no tmpfs here, ulimit -f instead"
  "$FOLIO" build -q --out "$FULL/out" "$MEETING" && ok || fail "build"
  full_before=$(tree_sum "$FULL/out")
  run full-ulimit 30 bash -c "trap '' XFSZ; ulimit -f 64; exec '$FOLIO' build -q --out '$FULL/out' '$MEETING'"
  [ "$rc" -eq 1 ] && grep -q "error: cannot write: File too large" "$WORK/full-ulimit.err" && ok || fail "file size limit: exit $rc"
  [ "$(tree_sum "$FULL/out")" = "$full_before" ] && no_temps "$FULL" && ok || fail "file size limit: outputs changed"
fi

# ---- two builds into one --out at once, ten times ----
# Two versions of the meeting report, told apart by a heading; each
# round's result must be exactly one of them.
mkdir -p "$WORK/va/$MID" "$WORK/vb/$MID"
cp "$MEETING/publication.xml" "$WORK/va/$MID/"
sed '0,/<es>Buenas prácticas/s//<es>Buenas prácticas B/' "$MEETING/publication.xml" > "$WORK/vb/$MID/publication.xml" # its source is en
"$FOLIO" build -q --out "$WORK/ref-a" "$WORK/va/$MID" && "$FOLIO" build -q --out "$WORK/ref-b" "$WORK/vb/$MID" \
  && ok || fail "the two versions build"
sum_a=$(tree_sum "$WORK/ref-a"); sum_b=$(tree_sum "$WORK/ref-b")
[ "$sum_a" != "$sum_b" ] && ok || fail "the two versions do not differ"
clean=0
for i in $(seq 10); do
  C=$WORK/concurrent
  rm -rf "$C"
  [ $((i % 2)) -eq 0 ] && "$FOLIO" build -q --out "$C" "$WORK/va/$MID" 2>/dev/null # half with previous outputs
  "$FOLIO" build -q --out "$C" "$WORK/va/$MID" 2>"$WORK/ca.err" & a=$!
  "$FOLIO" build -q --out "$C" "$WORK/vb/$MID" 2>"$WORK/cb.err" & b=$!
  wait $a; ra=$?; wait $b; rb=$?
  s=$(tree_sum "$C")
  if [ $ra -eq 0 ] && [ $rb -eq 0 ] && { [ "$s" = "$sum_a" ] || [ "$s" = "$sum_b" ]; } && pdfs_check "$C" && no_temps "$C"; then
    clean=$((clean + 1))
  else
    echo "round $i: exits $ra $rb"; cat "$WORK/ca.err" "$WORK/cb.err"
  fi
done
echo "--- concurrent builds: $clean/10 clean"
[ $clean -eq 10 ] && ok || fail "concurrent builds: $clean/10 clean"

# ---- SIGINT and SIGTERM at random points of a build of the report ----
S=$WORK/signals
"$FOLIO" build -q --out "$WORK/signals-old" "$REPORT" 2>/dev/null && ok || fail "the report builds"
fresh; sed -i '0,/<en>Evaluation study/s//<en>X Evaluation study/' "$R/publication.xml" # its source is es
sum_old=$(tree_sum "$WORK/signals-old")
"$FOLIO" build -q --out "$WORK/signals-new" "$R" 2>/dev/null
sum_new=$(tree_sum "$WORK/signals-new")
t0=$(date +%s%N); "$FOLIO" build -q --out "$WORK/signals-new" "$R" 2>/dev/null
span=$((($(date +%s%N) - t0) / 1000)) # microseconds a build takes
interrupted=0 intact=0
for i in $(seq 20); do
  sig=INT; [ $((i % 2)) -eq 0 ] && sig=TERM
  rm -rf "$S" && cp -a "$WORK/signals-old" "$S"
  "$FOLIO" build -q --out "$S" "$R" 2>/dev/null & pid=$!
  delay=$(((RANDOM * 32768 + RANDOM) % (span + 1)))
  sleep "$(awk -v d=$delay 'BEGIN { printf "%.6f", d / 1e6 }')"
  kill -$sig $pid 2>/dev/null
  wait $pid; code=$?
  s=$(tree_sum "$S")
  [ $code -ge 128 ] && interrupted=$((interrupted + 1))
  # a signal that comes while the outputs are renamed into place waits for
  # the last rename, so an interrupted build may have committed the whole new tree
  if { { [ $code -ge 128 ] && [ "$s" = "$sum_old" ]; } || [ "$s" = "$sum_new" ]; } && no_temps "$S"; then
    intact=$((intact + 1))
  else
    echo "run $i (SIG$sig after ${delay} us): exit $code"; find "$S" | head
  fi
done
echo "--- signals: $intact/20 intact ($interrupted interrupted, the rest finished first; a build takes ${span} us)"
[ $intact -eq 20 ] && ok || fail "signals: $intact/20 intact"
[ $interrupted -ge 10 ] && ok || fail "signals: only $interrupted of 20 builds interrupted"
# an interrupted check leaves no scratch folder
mkdir -p "$WORK/tmp"
for i in $(seq 5); do
  TMPDIR=$WORK/tmp "$FOLIO" check "$REPORT" >/dev/null 2>&1 & pid=$!
  sleep "$(awk -v d=$(((RANDOM * 32768 + RANDOM) % (span + 1))) 'BEGIN { printf "%.6f", d / 1e6 }')"
  kill -INT $pid 2>/dev/null
  wait $pid
done
[ -z "$(ls -A "$WORK/tmp")" ] && ok || fail "an interrupted check left $(ls "$WORK/tmp")"

finish
