#!/usr/bin/env python3
"""Dump the cells of an .xlsx workbook as a reader's spreadsheet sees them.

    python3 tests/data/reports/xlsx_cells.py BOOK.xlsx

One line per sheet, then one line per cell, tab-separated:

    sheet<TAB>NAME<TAB>frozen=A2<TAB>autofilter=A1:S99<TAB>charts=N
    cell<TAB>NAME<TAB>REF<TAB>TYPE<TAB>VALUE<TAB>FORMAT

TYPE is n (number, VALUE as Excel stores it), s (text, tabs and newlines
escaped as \\t and \\n), b, e or str; FORMAT is the number format code
("General" when none). Reads shared and inline strings. Only the standard
library: zipfile and xml.etree.
"""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}
BUILTIN = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%",
           11: "0.00E+00", 14: "mm-dd-yy", 22: "m/d/yy h:mm", 49: "@"}


def text_of(node):
    return "".join(t.text or "" for t in node.iter("{%s}t" % NS["m"]))


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def main(path):
    z = zipfile.ZipFile(path)
    names = set(z.namelist())
    shared = []
    if "xl/sharedStrings.xml" in names:
        root = ET.fromstring(z.read("xl/sharedStrings.xml"))
        shared = [text_of(si) for si in root.findall("m:si", NS)]
    formats = []
    styles = ET.fromstring(z.read("xl/styles.xml"))
    custom = {int(f.get("numFmtId")): f.get("formatCode")
              for f in styles.findall("m:numFmts/m:numFmt", NS)}
    for xf in styles.findall("m:cellXfs/m:xf", NS):
        fid = int(xf.get("numFmtId", "0"))
        formats.append(custom.get(fid, BUILTIN.get(fid, "builtin-%d" % fid)))
    book = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels.findall("pr:Relationship", NS)}
    out = sys.stdout
    for sheet in book.findall("m:sheets/m:sheet", NS):
        name = sheet.get("name")
        part = "xl/" + target[sheet.get("{%s}id" % NS["r"])].lstrip("/").replace("xl/", "", 1)
        root = ET.fromstring(z.read(part))
        pane = root.find("m:sheetViews/m:sheetView/m:pane", NS)
        frozen = pane.get("topLeftCell") if pane is not None and pane.get("state") == "frozen" else ""
        af = root.find("m:autoFilter", NS)
        charts = 0
        relpart = re.sub(r"worksheets/", "worksheets/_rels/", part) + ".rels"
        if relpart in names:
            for r in ET.fromstring(z.read(relpart)).findall("pr:Relationship", NS):
                if r.get("Type").endswith("/drawing"):
                    drawing = "xl/" + r.get("Target").replace("../", "")
                    charts += len(re.findall(rb"<c:chart ", z.read(drawing)))
        out.write("sheet\t%s\tfrozen=%s\tautofilter=%s\tcharts=%d\n"
                  % (name, frozen, af.get("ref") if af is not None else "", charts))
        for c in root.iter("{%s}c" % NS["m"]):
            t = c.get("t", "n")
            fmt = formats[int(c.get("s", "0"))] if formats else "General"
            v = c.find("m:v", NS)
            if t == "s":
                value, kind = shared[int(v.text)], "s"
            elif t == "inlineStr":
                value, kind = text_of(c.find("m:is", NS)), "s"
            elif v is None:
                continue
            else:
                value, kind = v.text, t
            out.write("cell\t%s\t%s\t%s\t%s\t%s\n" % (name, c.get("r"), kind, esc(value), fmt))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.stderr.write("usage: xlsx_cells.py BOOK.xlsx\n")
        sys.exit(2)
    main(sys.argv[1])
