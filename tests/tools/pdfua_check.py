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
  16-xxx         every Lbl has text (a bullet drawn as a shape has none)
  19-003         every Note has an /ID
  28-002/28-011  every link annotation has /StructParent pointing at a
                 Link element which holds its OBJR; /Contents is set
  28-008?        pages with annotations have /Tabs /S
  31-xxx         every font is embedded
  text           a P's or heading's text, read from its marked content
                 through the fonts' ToUnicode maps, has spaces between its
                 words (ISO 32000-1, 14.8.2.5)
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
# The [text] rule: a P's or heading's text has its word spaces (ISO
# 32000-1, 14.8.2.5: a reader finds words by the spaces in the text, not
# by the gaps between glyphs). No word of the content is this long; a line
# of words run together is; addresses and paths are not words.
LONGEST_WORD = 36
URLISH = re.compile(r"[/@]|\w\.\w")
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


def literal(raw):
    """The bytes of a literal string's body (escapes resolved)."""
    out, i = bytearray(), 0
    esc = {b"n": 10, b"r": 13, b"t": 9, b"b": 8, b"f": 12}
    while i < len(raw):
        c = raw[i:i + 1]
        if c != b"\\":
            out += c
            i += 1
            continue
        e = raw[i + 1:i + 2]
        m = re.match(rb"[0-7]{1,3}", raw[i + 1:i + 4])
        if m:
            out.append(int(m.group(0), 8) & 0xFF)
            i += 1 + len(m.group(0))
        else:
            if e in esc:
                out.append(esc[e])
            elif e not in (b"\r", b"\n"):
                out += e
            i += 2
    return bytes(out)


class Font:
    """Character codes to Unicode: a font's ToUnicode CMap, two-byte codes
    for a Type0 font."""

    def __init__(self, pdf, ref):
        d = pdf.get(ref) or {}
        self.two = d.get("/Subtype") == "/Type0"
        self.map = {}
        cmap = pdf.stream(d["/ToUnicode"]) if "/ToUnicode" in d else b""

        def uni(h):
            return bytes.fromhex(h.decode()).decode("utf-16-be", "replace")
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
            for a, b in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
                self.map[int(a, 16)] = uni(b)
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
            for a, b, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])", block):
                lo, hi = int(a, 16), int(b, 16)
                if dst.startswith(b"["):
                    for k, h in enumerate(re.findall(rb"<([0-9A-Fa-f]*)>", dst)):
                        self.map[lo + k] = uni(h)
                else:
                    base = bytes.fromhex(dst[1:-1].decode())
                    for k in range(hi - lo + 1):
                        last = int.from_bytes(base[-2:], "big") + k
                        self.map[lo + k] = (base[:-2] + last.to_bytes(2, "big")).decode("utf-16-be", "replace")

    def decode(self, b):
        if self.two:
            codes = [int.from_bytes(b[i:i + 2], "big") for i in range(0, len(b) - 1, 2)]
        else:
            codes = list(b)
        return "".join(self.map.get(c, chr(c)) for c in codes)


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
            start, depth, i = i + 1, 1, i + 1
            while i < n and depth:
                ch = data[i:i + 1]
                if ch == b"\\":
                    i += 2
                    continue
                depth += ch == b"(" and 1 or ch == b")" and -1 or 0
                i += 1
            yield ("string", literal(data[start:i - 1]))
        elif data.startswith(b"<<", i):
            start, depth = i, 0
            while i < n:
                if data.startswith(b"<<", i):
                    depth, i = depth + 1, i + 2
                elif data.startswith(b">>", i):
                    depth, i = depth - 1, i + 2
                    if depth == 0:
                        break
                else:
                    i += 1
            yield ("dict", data[start:i])
        elif c == b"<":
            j = data.index(b">", i)
            hexs = re.sub(rb"\s", b"", data[i + 1:j])
            i = j + 1
            yield ("string", bytes.fromhex((hexs + b"0" * (len(hexs) % 2)).decode("latin-1")))
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
    elems = {}      # element ref -> its type, kids in order (refs, (page, mcid)), ActualText or Alt
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
        order = elems[ref] = {"type": std, "kids": [],
                              "alt": text(e.get("/ActualText")) or text(e.get("/Alt"))}
        for k in kids:
            if isinstance(k, int):
                if pg not in page_index:
                    fail("01-xxx", f"{s} {ref} has an MCID but no page")
                tagged.add((page_index.get(pg), k))
                order["kids"].append((page_index.get(pg), k))
                continue
            kd = pdf.get(k) or {}
            t = kd.get("/Type")
            if t == "/MCR":
                tagged.add((page_index.get(kd.get("/Pg", pg)), kd.get("/MCID")))
                order["kids"].append((page_index.get(kd.get("/Pg", pg)), kd.get("/MCID")))
            elif t == "/OBJR":
                objrs[kd.get("/Obj")] = ref
                if std != "Link":
                    fail("28-011", f"an annotation's OBJR in {s}, not in a Link")
            else:
                if (pdf.get(kd.get("/P")) is None) or kd.get("/P") != ref:
                    fail("01-xxx", f"structure element {k} does not name its parent {ref}")
                kid_types.append((kd.get("/S") or "/?")[1:])
                order["kids"].append(k)
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
    decoders = {}      # font ref -> Font
    content_text = {}  # (page, mcid) -> its text
    for pi, pref in enumerate(pdf.pages):
        page = pdf.get(pref)
        contents = page.get("/Contents")
        refs = contents if isinstance(contents, list) else [contents]
        data = b"\n".join(pdf.stream(r) for r in refs if r)
        stack, untagged, marked = [], 0, set()
        operands = []
        page_fonts = pdf.get((pdf.get(page.get("/Resources")) or {}).get("/Font")) or {}
        font, saved = None, []
        for kind, val in tokens(data):
            if kind != "op":
                operands.append((kind, val))
                continue
            if val in ("BDC", "BMC"):
                tag = next((v for k, v in operands if k == "name"), None)
                props = next((v for k, v in operands if k == "dict"), b"")
                m = re.search(rb"/MCID\s+(\d+)", props)
                stack.append((tag, int(m.group(1)) if m else None))
                if tag == "Artifact" and any(t != "Artifact" for t, _ in stack[:-1]):
                    fail("01-005", f"page {pi + 1}: an artifact inside tagged content")
            elif val == "EMC":
                if stack:
                    stack.pop()
            elif val == "Tf":
                name = next((v for k, v in operands if k == "name"), None)
                ref = page_fonts.get("/" + name) if name else None
                if ref not in decoders:
                    decoders[ref] = Font(pdf, ref)
                font = decoders[ref]
            elif val == "q":
                saved.append(font)
            elif val == "Q" and saved:
                font = saved.pop()
            if val in PAINT:
                if not stack or stack[-1][0] is None:
                    untagged += 1
                mcid = next((m for t, m in reversed(stack) if m is not None), None)
                if val in ("Tj", "TJ", "'", '"') and font and mcid is not None and \
                        all(t != "Artifact" for t, _ in stack):
                    key = (pi, mcid)
                    content_text[key] = content_text.get(key, "") + "".join(
                        font.decode(v) for k, v in operands if k == "string")
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
            if a in objrs and (sp_a is None or nums.get(sp_a) != objrs[a]):
                fail("28-011", f"page {pi + 1}: annotation {a} has no /StructParent to its Link")
            if not text(ad.get("/Contents")).strip():
                fail("28-004", f"page {pi + 1}: annotation {a} has no /Contents")
            if want_pdfa and not (ad.get("/F", 0) & 4):
                fail("PDF/A", f"page {pi + 1}: annotation {a} not printable (/F 4)")
        res = pdf.get(page.get("/Resources")) or {}
        for f in (pdf.get(res.get("/Font")) or {}).values():
            fonts_seen.add(f)
    # the text a reader gets: each element's content, in structure order
    texts = {}

    def elem_text(ref):
        if ref not in texts:
            texts[ref] = ""  # a cycle reads as nothing
            texts[ref] = "".join(content_text.get(k, "") if isinstance(k, tuple) else elem_text(k)
                                 for k in elems[ref]["kids"])
        return texts[ref]
    for ref, el in elems.items():
        if el["type"] == "Lbl" and not elem_text(ref).strip() and not el["alt"].strip():
            fail("16-xxx", f"Lbl {ref} has no text (a bullet drawn as a shape reads as nothing)")
        if el["type"] == "P" or re.fullmatch(r"H[1-6]?", el["type"]):
            run = max((w for w in elem_text(ref).split() if not URLISH.search(w)), key=len, default="")
            if len(run) > LONGEST_WORD:
                fail("text", f"{el['type']} {ref}: words run together, no spaces in "
                     f"\"{run[:60]}\"")
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
