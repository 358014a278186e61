#!/usr/bin/env python3
"""Write hostile-shaped documents for the growth benchmark.

hostile.py SHAPE N DIR writes DIR/plan.yaml (and the files it names) for one
shape at size N:
  run      one paragraph of N Latin letters with no break opportunity
  stops    one paragraph of N 「。」 (each may not start a line)
  notes    N footnote references, to N notes, in paragraphs of 20
  inline   one paragraph of N references, to a note and to a heading
  rows     a table of N rows, split over many pages
  errors   N paragraphs each with a character missing from the fonts
  keys     a footnotes file of N keys (the duplicate-key scan)
The document is otherwise the same small plan, so the time of a size-1
build is mostly fixed cost and the ratio between sizes shows the growth.
"""
import os
import sys

HEAD = """title: 試験文書
issuer: 小平市
date: 2017-03-01
date_text: 平成29年3月
period: 平成29年度～平成32年度
subject: 成長の試験
footnotes: notes.yaml
{extra}contents:
  - part: 方針
    chapters:
      - chapter.yaml
"""


def q(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def write(d, name, text):
    with open(os.path.join(d, name), "w", encoding="utf-8") as f:
        f.write(text)


def main():
    shape, n, d = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(d, exist_ok=True)
    extra = ""
    notes = {"keijo": "経常的経費に充当された一般財源の割合。"}
    blocks = ["  - p: " + q("経常収支比率[^keijo]が93.9%です。")]
    if shape == "run":
        blocks.append("  - p: " + q("a" * n))
    elif shape == "stops":
        blocks.append("  - p: " + q("始" + "。" * n))
    elif shape == "notes":
        para = []
        for i in range(n):
            notes["n%d" % i] = "注記%dの説明。" % i
            para.append("語%d[^n%d]" % (i, i))
            if len(para) == 20 or i == n - 1:
                blocks.append("  - p: " + q("、".join(para) + "。"))
                para = []
    elif shape == "inline":
        blocks[0] = "  - section: 背景\n    id: haikei"
        blocks.append("  - p: " + q("".join("改革[^keijo]と[@haikei]、" for _ in range(n)) + "。"))
    elif shape == "rows":
        extra = "tables: tables.yaml\n"
        rows = "".join("    - [項目%d, %d, %d]\n" % (i, i * 3, i * 7)
                       for i in range(n))
        write(d, "tables.yaml", "big:\n  caption: 長い表\n  header:\n"
              "    - [区分, 前年度, 本年度]\n  rows:\n" + rows)
        blocks.append("  - p: 次の表のとおりです。")
        blocks.append("  - figure: big")
    elif shape == "errors":
        for i in range(n):
            blocks.append("  - p: " + q("行政需要の拡大に对应を図ります。"))
    elif shape == "keys":
        for i in range(n):
            notes["k%d" % i] = "説明%d。" % i
    else:
        sys.exit("hostile.py: unknown shape " + shape)
    write(d, "plan.yaml", HEAD.format(extra=extra))
    write(d, "chapter.yaml", "title: 基本的考え方\nblocks:\n" +
          "\n".join(blocks) + "\n")
    write(d, "notes.yaml", "".join("%s: %s\n" % (k, q(v))
                                   for k, v in notes.items()))


main()
