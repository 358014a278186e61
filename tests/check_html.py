#!/usr/bin/env python3
"""Every text of a document in its HTML edition, and the tables as CSV.

Usage: check_html.py DOC.yaml HTML [CSVDIR]
Prints "ok - ..." / "FAIL - ..." lines and exits 1 when a check fails.

- Body: every heading title and paragraph of the content (read by
  check_text.Content), in document order, each found after the previous
  one in the HTML's text (tags dropped, entities read, whitespace and ASCII
  commas removed); a footnote reference prints as its number.
- Footnotes: every referenced note's text.
- Figures: every caption, cell, box, bar and note (a chart's or diagram's
  texts are in its SVG).
- With CSVDIR: one CSV per table of the document, parsing with one header
  row, every row as wide as the header, and every number of the table's
  body a number in its cell.
"""
import csv
import html.parser
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_text  # noqa: E402

failed = False


def report(ok, name, details=()):
    global failed
    if ok:
        print("ok - " + name)
    else:
        failed = True
        print("FAIL - " + name)
        for d in list(details)[:10]:
            print("    " + d)


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def main():
    doc_path, html_path = sys.argv[1], sys.argv[2]
    content = check_text.Content(doc_path)
    parser = Text()
    with open(html_path, encoding="utf-8") as f:
        parser.feed(f.read())
    text = check_text.squash("".join(parser.parts))

    missing, at = [], 0
    for kind, t in content.body:
        pieces = content.pieces(t)
        pos = at
        for p in pieces:
            k = text.find(p, pos)
            if k < 0:
                missing.append("%s: %s" % (kind, check_text.short(t)))
                break
            pos = k + len(p)
        else:
            at = pos
    report(not missing, "html: every heading and paragraph, in order (%d)" % len(content.body),
           missing)

    missing = [check_text.short(str(v)) for k, v in content.notes.items()
               if k in content.number and check_text.squash(str(v)) not in text]
    report(not missing, "html: every footnote's text (%d)" % len(content.number), missing)

    missing = ["%s %s: %s" % (fid, what, check_text.short(t))
               for fid, what, t in content.figure_texts()
               if check_text.squash(t) not in text]
    report(not missing, "html: every figure text (%d)" % len(content.figure_texts()), missing)

    if len(sys.argv) > 3:
        csvdir, bad, n = sys.argv[3], [], 0
        for fid, (kind, f) in content.figs.items():
            if kind != "tables":
                continue
            n += 1
            path = os.path.join(csvdir, fid + ".csv")
            if not os.path.exists(path):
                bad.append("no " + path)
                continue
            with open(path, encoding="utf-8-sig", newline="") as fh:
                rows = list(csv.reader(fh))
            if not rows or any(len(r) != len(rows[0]) for r in rows):
                bad.append("%s: rows of other widths than the header" % fid)
                continue
            cells = [c for r in rows[1:] for c in r]
            for row in f.get("rows") or []:
                for c in row or []:
                    v = c.get("value") if isinstance(c, dict) else c
                    if isinstance(c, dict) and "text" in c:
                        continue
                    s = str(v) if v is not None else ""
                    if not re.fullmatch(r"[△▲\-−]?[0-9][0-9,]*(\.[0-9]+)?%?", s):
                        continue
                    num = s.replace(",", "").replace("%", "")
                    num = re.sub(r"^[△▲−]", "-", num)
                    if num not in cells:
                        bad.append("%s: %s is not a number cell" % (fid, s))
        report(not bad, "csv: every table (%d) parses, its numbers as numbers" % n, bad)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
