#!/usr/bin/env python3
"""PDF/UA-1 and PDF/A-2u checks on a PDF, over qpdf's JSON (qpdf 11).

No validator of PDF/UA is in Debian; this asserts the machine-checkable
conditions of the Matterhorn Protocol 1.1 that apply to folio's PDFs, by
checkpoint number, plus the PDF/A-2u identification and output intent:

  01-005/01-006  every painted content item is tagged (an MCID sequence)
                 or an artifact, never both, never neither; every MCID on
                 a page belongs to a structure element (ParentTree agrees)
  02-001         standard structure types only, or mapped in a RoleMap
  06-001..003    XMP metadata with pdfuaid:part 1 and dc:title
  07-001         /ViewerPreferences /DisplayDocTitle true
  09-004..008    L/LI/Lbl/LBody and Table/TR/TH/TD nesting
  11-001         /Lang on the catalog (and on spans that set one)
  13-004         every Figure has a non-empty /Alt
  14-002/14-003  the first heading is H1; no heading level is skipped
  15-003         every TH has a /Scope
  19-003         every Note has an /ID
  28-002/28-011  every link annotation has /StructParent pointing at a
                 Link element which holds its OBJR; /Contents is set
  28-008?        pages with annotations have /Tabs /S
  31-xxx         every font is embedded
  /MarkInfo /Marked true; a non-empty document title.

Prints "ok FILE: ..." or one "FAIL FILE: [checkpoint] what" line per
problem; exits 1 when anything failed.
"""
import base64
import json
import re
import subprocess
import sys

STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct
Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote
Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form
""".split())
PAINT = {"Tj", "TJ", "'", '"', "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "Do", "sh", "BI"}


class Pdf:
    def __init__(self, path):
        out = subprocess.run(
            ["qpdf", "--json=2", "--json-key=qpdf", "--json-key=pages",
             "--json-stream-data=inline", "--decode-level=generalized", path],
            check=True, capture_output=True).stdout
        j = json.loads(out)
        self.objects = j["qpdf"][1]
        self.pages = [p["object"] for p in j.get("pages", [])]

    def get(self, v):
        """The value behind a reference (or v itself)."""
        if isinstance(v, str) and re.fullmatch(r"\d+ \d+ R", v):
            o = self.objects.get("obj:" + v)
            if o is None:
                return None
            return o["value"] if "value" in o else o["stream"]["dict"]
        return v

    def stream(self, ref):
        o = self.objects.get("obj:" + ref)
        if not o or "stream" not in o or "data" not in o["stream"]:
            return b""
        return base64.b64decode(o["stream"]["data"])


def text(v):
    """A PDF string from qpdf's JSON: u:text or b:hex."""
    if not isinstance(v, str):
        return ""
    if v.startswith("u:"):
        return v[2:]
    if v.startswith("b:"):
        raw = bytes.fromhex(v[2:])
        if raw.startswith(b"\xfe\xff"):
            return raw[2:].decode("utf-16-be", "replace")
        return raw.decode("latin-1")
    return v


def tokens(data):
    """Content stream tokens: (kind, value), kinds op, name, other; dicts
    and arrays as single 'other' tokens; inline images skipped."""
    i, n = 0, len(data)
    ws = b" \t\r\n\f\x00"
    while i < n:
        c = data[i:i + 1]
        if c in (b" ", b"\t", b"\r", b"\n", b"\f", b"\x00"):
            i += 1
        elif c == b"%":
            while i < n and data[i:i + 1] not in (b"\r", b"\n"):
                i += 1
        elif c == b"(":
            depth, i = 1, i + 1
            while i < n and depth:
                ch = data[i:i + 1]
                if ch == b"\\":
                    i += 2
                    continue
                depth += ch == b"(" and 1 or ch == b")" and -1 or 0
                i += 1
            yield ("other", None)
        elif data.startswith(b"<<", i):
            depth = 0
            while i < n:
                if data.startswith(b"<<", i):
                    depth, i = depth + 1, i + 2
                elif data.startswith(b">>", i):
                    depth, i = depth - 1, i + 2
                    if depth == 0:
                        break
                else:
                    i += 1
            yield ("other", None)
        elif c == b"<":
            i = data.index(b">", i) + 1
            yield ("other", None)
        elif c in (b"[", b"]", b"{", b"}", b">"):
            i += 1
            yield ("other", None)
        elif c == b"/":
            j = i + 1
            while j < n and data[j:j + 1] not in ws and data[j:j + 1] not in b"/[]()<>{}%":
                j += 1
            yield ("name", data[i + 1:j].decode("latin-1"))
            i = j
        else:
            j = i
            while j < n and data[j:j + 1] not in ws and data[j:j + 1] not in b"/[]()<>{}%":
                j += 1
            word = data[i:j].decode("latin-1")
            i = j if j > i else i + 1
            if re.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)", word):
                yield ("other", None)
            elif word == "BI":
                yield ("op", "BI")
                k = data.find(b"EI", i)
                i = n if k < 0 else k + 2
            else:
                yield ("op", word)


def check(path, want_pdfa):
    pdf = Pdf(path)
    problems = []

    def fail(cp, what):
        problems.append(f"[{cp}] {what}")

    trailer = pdf.objects.get("trailer", {}).get("value", {})
    cat = pdf.get(trailer.get("/Root")) or {}
    info = pdf.get(trailer.get("/Info")) or {}
    if (pdf.get(cat.get("/MarkInfo")) or {}).get("/Marked") is not True:
        fail("01-002", "no /MarkInfo <</Marked true>>")
    if not text(cat.get("/Lang")):
        fail("11-001", "no /Lang on the catalog")
    if (pdf.get(cat.get("/ViewerPreferences")) or {}).get("/DisplayDocTitle") is not True:
        fail("07-001", "no /ViewerPreferences <</DisplayDocTitle true>>")
    if not text(info.get("/Title")):
        fail("06-003", "no document title")
    meta = pdf.stream(cat["/Metadata"]).decode("utf-8", "replace") if "/Metadata" in cat else ""
    if "<pdfuaid:part>1</pdfuaid:part>" not in meta:
        fail("06-002", "XMP has no pdfuaid:part 1")
    if "<dc:title>" not in meta:
        fail("06-003", "XMP has no dc:title")
    if want_pdfa:
        if "<pdfaid:part>2</pdfaid:part>" not in meta or \
                "<pdfaid:conformance>U</pdfaid:conformance>" not in meta:
            fail("PDF/A", "XMP has no pdfaid:part 2, conformance U")
        if "pdfaExtension:schemas" not in meta or "pdfua/ns/id/" not in meta:
            fail("PDF/A", "XMP does not declare the pdfuaid schema")
        intents = pdf.get(cat.get("/OutputIntents")) or []
        ok = False
        for it in intents:
            it = pdf.get(it) or {}
            prof = it.get("/DestOutputProfile")
            if it.get("/S") == "/GTS_PDFA1" and prof and \
                    (pdf.get(prof) or {}).get("/N") == 3 and len(pdf.stream(prof)) > 128:
                ok = True
        if not ok:
            fail("PDF/A", "no GTS_PDFA1 output intent with an RGB profile")
        if "/Encrypt" in trailer:
            fail("PDF/A", "encrypted")

    root = pdf.get(cat.get("/StructTreeRoot"))
    if not root:
        fail("01-001", "no structure tree")
        return problems, {}
    rolemap = pdf.get(root.get("/RoleMap")) or {}
    page_index = {ref: i for i, ref in enumerate(pdf.pages)}
    tagged = set()  # (page, mcid) referenced by the structure tree
    objrs = {}      # annotation ref -> Link elem ref
    stats = {"elements": 0, "mcids": 0, "links": 0}
    headings = []

    def walk(ref, parent_pg, parent_type, seen):
        if ref in seen:
            fail("01-xxx", f"structure element {ref} appears twice")
            return
        seen.add(ref)
        e = pdf.get(ref) or {}
        s = (e.get("/S") or "/?")[1:]
        std = s if s in STANDARD else (rolemap.get("/" + s) or "/?")[1:]
        if std not in STANDARD:
            fail("02-001", f"{s} is neither standard nor role-mapped")
        stats["elements"] += 1
        pg = e.get("/Pg", parent_pg)
        if re.fullmatch(r"H[1-6]", std):
            headings.append(int(std[1]))
        if std == "Figure" and not text(e.get("/Alt")).strip():
            fail("13-004", f"Figure {ref} has no /Alt")
        if std == "TH":
            attrs = pdf.get(e.get("/A")) or {}
            attrs = attrs if isinstance(attrs, list) else [attrs]
            if not any((pdf.get(a) or {}).get("/Scope") in ("/Row", "/Column", "/Both")
                       for a in attrs):
                fail("15-003", f"TH {ref} has no /Scope")
        if std == "Note" and not text(e.get("/ID")):
            fail("19-003", f"Note {ref} has no /ID")
        if "/Lang" in e and not text(e.get("/Lang")):
            fail("11-006", f"{s} {ref} has an empty /Lang")
        kids = e.get("/K", [])
        kids = kids if isinstance(kids, list) else [kids]
        kid_types = []
        for k in kids:
            if isinstance(k, int):
                if pg not in page_index:
                    fail("01-xxx", f"{s} {ref} has an MCID but no page")
                tagged.add((page_index.get(pg), k))
                continue
            kd = pdf.get(k) or {}
            t = kd.get("/Type")
            if t == "/MCR":
                tagged.add((page_index.get(kd.get("/Pg", pg)), kd.get("/MCID")))
            elif t == "/OBJR":
                objrs[kd.get("/Obj")] = ref
                if std != "Link":
                    fail("28-011", f"an annotation's OBJR in {s}, not in a Link")
            else:
                if (pdf.get(kd.get("/P")) is None) or kd.get("/P") != ref:
                    fail("01-xxx", f"structure element {k} does not name its parent {ref}")
                kid_types.append((kd.get("/S") or "/?")[1:])
                walk(k, pg, std, seen)
        stats["mcids"] += sum(1 for k in kids if isinstance(k, int))
        allowed = {"L": {"LI", "Caption", "L"}, "LI": {"Lbl", "LBody"},
                   "TR": {"TH", "TD"}, "THead": {"TR"}, "TBody": {"TR"},
                   "Table": {"TR", "THead", "TBody", "TFoot", "Caption"},
                   "TOC": {"TOCI", "TOC", "Caption"}}
        if std in allowed:
            for kt in kid_types:
                if kt not in allowed[std]:
                    fail("09-00x", f"{kt} inside {std} ({ref})")
        if std in ("LI", "Lbl", "LBody") and parent_type not in ("L", "LI"):
            fail("09-00x", f"{std} outside L/LI")
        if std in ("TR",) and parent_type not in ("Table", "THead", "TBody", "TFoot"):
            fail("09-00x", "TR outside a table")
        if std in ("TH", "TD") and parent_type != "TR":
            fail("09-00x", f"{std} outside TR")

    top = root.get("/K")
    for k in (top if isinstance(top, list) else [top]):
        walk(k, None, "", set())
    if headings:
        if headings[0] != 1:
            fail("14-002", f"the first heading is H{headings[0]}, not H1")
        for a, b in zip(headings, headings[1:]):
            if b > a + 1:
                fail("14-003", f"heading level skipped: H{a} then H{b}")

    ptree = pdf.get(root.get("/ParentTree")) or {}
    nums = {}

    def numtree(node):
        node = pdf.get(node) or {}
        arr = node.get("/Nums", [])
        for i in range(0, len(arr) - 1, 2):
            nums[arr[i]] = arr[i + 1]
        for kid in node.get("/Kids", []):
            numtree(kid)
    numtree(ptree)

    # content: every painting operator tagged or an artifact
    fonts_seen = set()
    for pi, pref in enumerate(pdf.pages):
        page = pdf.get(pref)
        contents = page.get("/Contents")
        refs = contents if isinstance(contents, list) else [contents]
        data = b"\n".join(pdf.stream(r) for r in refs if r)
        stack, untagged, marked = [], 0, set()
        operands = []
        for kind, val in tokens(data):
            if kind != "op":
                operands.append((kind, val))
                continue
            if val in ("BDC", "BMC"):
                tag = next((v for k, v in operands if k == "name"), None)
                stack.append(tag)
                if tag == "Artifact" and any(t != "Artifact" for t in stack[:-1]):
                    fail("01-005", f"page {pi + 1}: an artifact inside tagged content")
            elif val == "EMC":
                if stack:
                    stack.pop()
            elif val in PAINT:
                if not stack or stack[-1] is None:
                    untagged += 1
            operands = []
        # MCIDs from the text itself (the tokenizer drops dict contents)
        for m in re.finditer(rb"/MCID\s+(\d+)", data):
            marked.add(int(m.group(1)))
        if untagged:
            fail("01-005", f"page {pi + 1}: {untagged} painting operators neither tagged nor artifact")
        for mcid in marked:
            if (pi, mcid) not in tagged:
                fail("01-006", f"page {pi + 1}: MCID {mcid} belongs to no structure element")
        sp = page.get("/StructParents")
        if marked and sp is None:
            fail("01-xxx", f"page {pi + 1}: MCIDs but no /StructParents")
        elif marked:
            arr = pdf.get(nums.get(sp)) or []
            for mcid in marked:
                if mcid >= len(arr):
                    fail("01-xxx", f"page {pi + 1}: MCID {mcid} not in the ParentTree")
        annots = pdf.get(page.get("/Annots")) or []
        if annots and page.get("/Tabs") != "/S":
            fail("28-xxx", f"page {pi + 1}: annotations but no /Tabs /S")
        for a in annots:
            ad = pdf.get(a) or {}
            if ad.get("/Subtype") in ("/Popup",):
                continue
            stats["links"] += 1
            if a not in objrs:
                fail("28-002", f"page {pi + 1}: annotation {a} is in no structure element")
            sp_a = ad.get("/StructParent")
            if sp_a is None or nums.get(sp_a) != objrs.get(a):
                fail("28-011", f"page {pi + 1}: annotation {a} has no /StructParent to its Link")
            if not text(ad.get("/Contents")).strip():
                fail("28-004", f"page {pi + 1}: annotation {a} has no /Contents")
            if want_pdfa and not (ad.get("/F", 0) & 4):
                fail("PDF/A", f"page {pi + 1}: annotation {a} not printable (/F 4)")
        res = pdf.get(page.get("/Resources")) or {}
        for f in (pdf.get(res.get("/Font")) or {}).values():
            fonts_seen.add(f)
    for f in fonts_seen:
        fd = pdf.get(f) or {}
        desc = fd
        if fd.get("/Subtype") == "/Type0":
            desc = pdf.get((pdf.get(fd.get("/DescendantFonts")) or [None])[0]) or {}
        d = pdf.get(desc.get("/FontDescriptor")) or {}
        if not any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            fail("31-001", f"font {fd.get('/BaseFont')} is not embedded")
    return problems, stats


def main():
    args = sys.argv[1:]
    want_pdfa = True
    if args and args[0] == "--no-pdfa":
        want_pdfa, args = False, args[1:]
    bad = 0
    for path in args:
        problems, stats = check(path, want_pdfa)
        if problems:
            bad += 1
            for p in problems[:40]:
                print(f"FAIL {path}: {p}")
            if len(problems) > 40:
                print(f"FAIL {path}: ... {len(problems) - 40} more")
        else:
            print(f"ok {path}: {stats['elements']} elements, {stats['mcids']} MCIDs, "
                  f"{stats['links']} link annotations")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
