#!/usr/bin/env python3
"""Word spacing of justified text in PDFs, from pdftotext's word boxes.

    tests/bench/spacing.py [--worst N] [--measure PT] FILE.pdf...

For each PDF (and all together) it prints the gaps between consecutive
words of justified lines, in units of the word-box height (so sizes
compare): their median and 95th percentile (and the 5th, for tight lines); the share of paragraph lines
(but the last of each) that end in a hyphen and the longest run of consecutive hyphenated
lines; and the paragraphs whose adjacent lines differ most in spacing
(loose then tight), with their mean gaps per line in points.

Body text is the commonest word-box height; a justified line is a line
of body text of at least three words whose width is the commonest width
of such lines (the measure) within -1.5/+4 pt (a line's last glyph may
hang into the margin: protrusion); the last line of a paragraph, ragged
text and other measures are left out. A paragraph is a run of body lines
of one pdftotext block at one line pitch that holds a justified line;
runs are not joined across pages. Needs pdftotext (poppler-utils) only.
"""
import argparse
import collections
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET


def words_by_line(pdf):
    """Yields (page, block index, line) with line a list of (x0, y0, x1, y1, text)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], check=True,
                         capture_output=True).stdout
    root = ET.fromstring(xml)
    page_no = 0
    block_no = 0
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "page":
            page_no += 1
        elif tag == "block":
            block_no += 1
            for line in el:
                words = []
                for w in line:
                    words.append((float(w.get("xMin")), float(w.get("yMin")),
                                  float(w.get("xMax")), float(w.get("yMax")), w.text or ""))
                if words:
                    yield page_no, block_no, words


def height(word):
    return round(word[3] - word[1], 2)


def line_height(words):
    return collections.Counter(height(w) for w in words).most_common(1)[0][0]


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


class Doc:
    def __init__(self, pdf, measure=None):
        self.pdf = pdf
        self.lines = list(words_by_line(pdf))
        self.body_h = collections.Counter(
            line_height(w) for _, _, w in self.lines for _ in w).most_common(1)[0][0]
        body = [(p, b, w) for p, b, w in self.lines if line_height(w) == self.body_h]
        if measure is None:
            widths = collections.Counter(round(w[-1][2] - w[0][0], 1)
                                         for _, _, w in body if len(w) >= 3)
            measure = widths.most_common(1)[0][0]
        self.measure = measure
        self.paragraphs = self.split_paragraphs(body)

    def justified(self, words):
        width = words[-1][2] - words[0][0]
        return len(words) >= 3 and self.measure - 1.5 <= width <= self.measure + 4

    def split_paragraphs(self, body):
        """Runs of body lines of one block, one left edge band and one pitch."""
        runs, run = [], []
        for page, block, words in body:
            if run:
                p, b, last = run[-1]
                pitch = words[0][1] - last[0][1]
                same = (p == page and b == block and 0 < pitch < 2 * self.body_h and
                        (len(run) < 2 or abs(pitch - (last[0][1] - run[-2][2][0][1])) < 0.5))
                if not same:
                    runs.append(run)
                    run = []
            run.append((page, block, words))
        if run:
            runs.append(run)
        return [r for r in runs if any(self.justified(w) for _, _, w in r)]

    def gaps(self, words):
        """Gaps between the body-height words of a line, in points."""
        out = []
        for a, b in zip(words, words[1:]):
            if height(a) == self.body_h and height(b) == self.body_h:
                out.append(b[0] - a[2])
        return out


def hyphenated(words):
    return words[-1][4].endswith(("-", "\u2010", "\u00ad"))


def summarise(name, docs, worst):
    gaps, lines, hyph, runs3 = [], 0, 0, 0
    longest = 0
    contrasts = []
    for d in docs:
        for para in d.paragraphs:
            run = 0
            means = []
            for _, _, words in para[:-1]:  # a paragraph's last line never ends in one
                lines += 1
                if hyphenated(words):
                    hyph += 1
                    run += 1
                    longest = max(longest, run)
                    runs3 += run == 3
                else:
                    run = 0
                if d.justified(words):
                    g = d.gaps(words)
                    gaps += [x / d.body_h for x in g]
                    means.append(statistics.mean(g) if g else None)
            means = [m for m in means if m is not None]
            if len(means) >= 2:
                jump = max(abs(a - b) for a, b in zip(means, means[1:]))
                page = para[0][0]
                first = " ".join(w[4] for w in para[0][2][:4])
                contrasts.append((jump, d.pdf, page, first, means))
    if not gaps:
        print(f"{name}: no justified lines found")
        return
    print(f"{name}: {sum(len(d.paragraphs) for d in docs)} paragraphs, {lines} lines "
          f"but their last, {len(gaps)} gaps on justified lines")
    print(f"  gap / word-box height: median {statistics.median(gaps):.3f}, "
          f"p95 {percentile(gaps, 95):.3f} (p5 {percentile(gaps, 5):.3f})")
    print(f"  hyphenated lines: {100 * hyph / lines:.1f} % ({hyph} of {lines}), "
          f"longest run {longest}, runs of 3 or more {runs3}")
    contrasts.sort(key=lambda c: -c[0])
    for jump, pdf, page, first, means in contrasts[:worst]:
        print(f"  loose-then-tight: {jump:.2f} pt between lines, page {page} of "
              f"{pdf.rsplit('/', 1)[-1]} \"{first} …\": "
              + " / ".join(f"{m:.2f}" for m in means) + " pt")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdf", nargs="+")
    ap.add_argument("--worst", type=int, default=3,
                    help="loose-then-tight paragraphs to list (default 3)")
    ap.add_argument("--measure", type=float,
                    help="the measure in pt (default: the commonest line width)")
    args = ap.parse_args()
    docs = [Doc(p, args.measure) for p in args.pdf]
    for d in docs:
        print(f"{d.pdf}: body word boxes {d.body_h} pt high, measure {d.measure} pt")
        summarise("  " + d.pdf.rsplit("/", 1)[-1], [d], args.worst)
    if len(docs) > 1:
        summarise("all", docs, args.worst)


if __name__ == "__main__":
    sys.exit(main())
