#!/usr/bin/env python3
"""Breaks one PDF/UA or PDF/A condition in a copy of a PDF, for proving
that tests/tools/pdfua_check.py reports it.

    pdfua_break.py IN.json CASE OUT.pdf

IN.json is the PDF as `qpdf --json=2 --json-stream-data=inline
--decode-level=generalized` writes it (made once, shared by every case);
the edited objects are written back with `qpdf --json-input`. CASE is one
of the names in CASES; `pdfua_break.py --list` prints each with the
checkpoint the checker must then report, and nothing else.
"""
import base64
import json
import re
import subprocess
import sys


class Doc:
    def __init__(self, path):
        self.j = json.load(open(path))
        self.o = self.j["qpdf"][1]

    def ref(self, v):
        return re.fullmatch(r"\d+ \d+ R", v) is not None if isinstance(v, str) else False

    def obj(self, ref):
        """The dictionary of object `ref` (a stream's dictionary for a stream)."""
        o = self.o["obj:" + ref]
        return o["stream"]["dict"] if "stream" in o else o["value"]

    def get(self, v):
        return self.obj(v) if self.ref(v) else v

    def catalog(self):
        return self.obj(self.o["trailer"]["value"]["/Root"])

    def data(self, ref):
        return base64.b64decode(self.o["obj:" + ref]["stream"]["data"])

    def set_data(self, ref, b):
        self.o["obj:" + ref]["stream"]["data"] = base64.b64encode(b).decode()

    def pages(self):
        out, todo = [], [self.catalog()["/Pages"]]
        while todo:
            ref = todo.pop(0)
            d = self.obj(ref)
            if d.get("/Type") == "/Page":
                out.append(ref)
            else:
                todo[0:0] = d.get("/Kids", [])
        return out

    def contents(self, page):
        c = self.obj(page)["/Contents"]
        return c if isinstance(c, list) else [c]

    def elements(self):
        """Structure elements in document order: (ref, dict)."""
        out = []

        def walk(k):
            if not self.ref(k):
                return
            d = self.obj(k)
            if d.get("/Type") in ("/MCR", "/OBJR") or "/S" not in d:
                return
            out.append((k, d))
            kids = d.get("/K", [])
            for c in kids if isinstance(kids, list) else [kids]:
                walk(c)
        top = self.obj(self.catalog()["/StructTreeRoot"]).get("/K")
        for k in top if isinstance(top, list) else [top]:
            walk(k)
        return out

    def first(self, s, pred=lambda r, d: True):
        return next((r, d) for r, d in self.elements() if d.get("/S") == s and pred(r, d))

    def annots(self):
        return [a for p in self.pages() for a in self.obj(p).get("/Annots", [])]

    def metadata(self, edit):
        ref = self.catalog()["/Metadata"]
        self.set_data(ref, edit(self.data(ref).decode("utf-8")).encode("utf-8"))


def kids_of(d):
    k = d.get("/K", [])
    return k if isinstance(k, list) else [k]


def hex_strings(data, edit):
    """Applies edit to the code units (4 hex digits) of each hex string."""
    def one(m):
        units = [m.group(1)[i:i + 4] for i in range(0, len(m.group(1)), 4)]
        return b"<" + b"".join(edit(units)) + b">"
    return re.sub(rb"(?<![<])<([0-9A-Fa-f]+)>", one, data)


def every_page(doc, edit):
    for p in doc.pages():
        for c in doc.contents(p):
            doc.set_data(c, edit(doc.data(c)))


def untagged_paint(doc):
    c = doc.contents(doc.pages()[0])[-1]
    doc.set_data(c, doc.data(c) + b"\n0 0 1 1 re f\n")


def mcid_unowned(doc):
    ref, d = doc.first("/P", lambda r, d: any(isinstance(k, int) for k in kids_of(d)))
    kids = kids_of(d)
    kids.remove(next(k for k in kids if isinstance(k, int)))
    d["/K"] = kids


def figure_alt(doc):
    del doc.first("/Figure")[1]["/Alt"]


def th_scope(doc):
    del doc.first("/TH")[1]["/A"]


def first_heading(doc):
    doc.first("/H1")[1]["/S"] = "/H2"


def heading_skipped(doc):
    doc.first("/H2")[1]["/S"] = "/H4"


def list_nesting(doc):
    doc.first("/LI")[1]["/S"] = "/Div"


def table_nesting(doc):
    doc.first("/TR")[1]["/S"] = "/Div"


def note_id(doc):
    del doc.first("/Note")[1]["/ID"]


def role_unknown(doc):
    doc.first("/P")[1]["/S"] = "/Paragraph"


def link_objr(doc):
    def objr(k):
        return (doc.get(k) or {}).get("/Type") == "/OBJR" if isinstance(k, (str, dict)) else False
    ref, d = doc.first("/Link", lambda r, d: any(objr(k) for k in kids_of(d)))
    d["/K"] = [k for k in kids_of(d) if not objr(k)]


def link_struct_parent(doc):
    del doc.obj(doc.annots()[0])["/StructParent"]


def link_contents(doc):
    del doc.obj(doc.annots()[0])["/Contents"]


def page_tabs(doc):
    page = next(p for p in doc.pages() if doc.obj(p).get("/Annots"))
    del doc.obj(page)["/Tabs"]


def lbl_empty(doc):
    """The bullet glyph's string emptied: its Lbl then has no text."""
    every_page(doc, lambda b: re.sub(rb"<2022>", b"<>", b))


def words_run_together(doc):
    """Every space glyph taken out of the text."""
    every_page(doc, lambda b: hex_strings(b, lambda us: [u for u in us if u != b"0020"]))


def catalog_lang(doc):
    del doc.catalog()["/Lang"]


def display_doc_title(doc):
    del doc.catalog()["/ViewerPreferences"]


def mark_info(doc):
    del doc.catalog()["/MarkInfo"]


def pdfuaid(doc):
    doc.metadata(lambda x: re.sub(r"<pdfuaid:part>1</pdfuaid:part>", "", x))


def doc_title(doc):
    del doc.obj(doc.o["trailer"]["value"]["/Info"])["/Title"]


def font_embedded(doc):
    fd = next(d for k, v in doc.o.items() if k.startswith("obj:")
              for d in [v.get("value")] if isinstance(d, dict) and "/FontFile2" in d)
    del fd["/FontFile2"]


def pdfa_id(doc):
    doc.metadata(lambda x: x.replace("<pdfaid:part>2</pdfaid:part>", "<pdfaid:part>1</pdfaid:part>"))


def output_intent(doc):
    del doc.catalog()["/OutputIntents"]


def unchanged(doc):
    pass


# case: (edit, the checkpoint the checker must report, and only it; None: it must pass)
CASES = {
    "unchanged": (unchanged, None),
    "untagged-paint": (untagged_paint, "01-005"),
    "mcid-unowned": (mcid_unowned, "01-006"),
    "mark-info": (mark_info, "01-002"),
    "role-unknown": (role_unknown, "02-001"),
    "pdfuaid": (pdfuaid, "06-002"),
    "doc-title": (doc_title, "06-003"),
    "display-doc-title": (display_doc_title, "07-001"),
    "list-nesting": (list_nesting, "09-00x"),
    "table-nesting": (table_nesting, "09-00x"),
    "catalog-lang": (catalog_lang, "11-001"),
    "figure-alt": (figure_alt, "13-004"),
    "first-heading": (first_heading, "14-002"),
    "heading-skipped": (heading_skipped, "14-003"),
    "th-scope": (th_scope, "15-003"),
    "lbl-empty": (lbl_empty, "16-xxx"),
    "note-id": (note_id, "19-003"),
    "link-objr": (link_objr, "28-002"),
    "link-struct-parent": (link_struct_parent, "28-011"),
    "link-contents": (link_contents, "28-004"),
    "page-tabs": (page_tabs, "28-xxx"),
    "font-embedded": (font_embedded, "31-001"),
    "pdfa-id": (pdfa_id, "PDF/A"),
    "output-intent": (output_intent, "PDF/A"),
    "words-run-together": (words_run_together, "text"),
}


def main():
    if sys.argv[1:] == ["--list"]:
        for name, (_, cp) in CASES.items():
            print(name, cp or "ok")
        return 0
    src, case, out = sys.argv[1:]
    doc = Doc(src)
    CASES[case][0](doc)
    tmp = out + ".json"
    json.dump(doc.j, open(tmp, "w"))
    subprocess.run(["qpdf", "--json-input", tmp, out], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
