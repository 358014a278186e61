#!/usr/bin/env python3
"""Write a revision of the plan for the 新旧対照表 tests.

revise.py DIR copies content/ to DIR and changes it:
- a changed sentence (地域コミュニティの推進: 検討し -> 具体化し),
- a deleted paragraph (アダプト制度の推進),
- a new subsection (デジタル化の推進) with a paragraph,
- a changed table cell (zaisei-koka 人件費等の削減, 24年度: 53 -> 55, and
  its sums),
- a new footnote (dx) referenced from the new paragraph.
Each edit must apply exactly once, or the script fails.
"""
import os
import shutil
import sys


def edit(path, old, new):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.count(old) != 1:
        sys.exit("revise.py: %r is in %s %d times" % (old, path, text.count(old)))
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new))


def main():
    d = sys.argv[1]
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    if os.path.exists(d):
        shutil.rmtree(d)
    shutil.copytree(os.path.join(root, "content"), d)
    ch2 = os.path.join(d, "chapter2.yaml")
    edit(ch2, "地域コミュニティの場の設定について検討し、地域の活性化を図っていきます。",
         "地域コミュニティの場の設定について具体化し、地域の活性化を図っていきます。")
    edit(ch2, '          - p: "アダプト制度の推進では、公園アダプト制度を活用し、公園美化の推進及び防犯機能の向上を図ります。"\n', "")
    edit(ch2, "      - subsection: 双方向のコミュニケーションの推進\n",
         "      - subsection: デジタル化の推進\n"
         "        blocks:\n"
         "          - p: \"行政手続のオンライン化[^dx]を進め、市民の利便性の向上を図ります。\"\n"
         "      - subsection: 双方向のコミュニケーションの推進\n")
    tables = os.path.join(d, "tables.yaml")
    edit(tables, "    - [人件費等の削減, 47, 53, 36, 26, ~, 162]",
         "    - [人件費等の削減, 47, 55, 36, 26, ~, 164]")
    edit(tables, "    - [合計, 285, 174, 338, 87, ~, 884]",
         "    - [合計, 285, 176, 338, 87, ~, 886]")
    notes = os.path.join(d, "footnotes.yaml")
    with open(notes, "a", encoding="utf-8") as f:
        f.write('dx: "デジタル技術を活用して行政サービスを変革すること。"\n')
    plan = os.path.join(d, "plan.yaml")
    edit(plan, "date_text: 平成29年3月", "date_text: 令和2年4月改定")


main()
