#!/usr/bin/env python3
"""Every footnote of a web edition is in its PDF: the text of each
<li id="note-N"> of index.html must be in the PDF's extracted text, compared
on letters and digits only (line ends, hyphens and spacing aside).
Usage: notes_in_pdf.py INDEX.HTML PDFTOTEXT.TXT; prints the notes missing."""
import html
import re
import sys


def letters(text):
    return "".join(c for c in text.lower() if c.isalnum())


page = open(sys.argv[1], encoding="utf-8").read()
pdf = letters(open(sys.argv[2], encoding="utf-8").read())
notes = re.findall(r'<li id="note-[^"]*"[^>]*>(.*?)</li>', page, re.S)
missing = 0
for note in notes:
    text = html.unescape(re.sub(r"<[^>]*>", "", note)).replace("\u21a9", "")
    if letters(text) not in pdf:
        missing += 1
        print("missing from the PDF: " + text.strip()[:80])
print("%d notes, %d missing" % (len(notes), missing))
sys.exit(1 if missing else 0)
