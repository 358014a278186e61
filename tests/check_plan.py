"""Checks of the typeset plan from the tool's dumps and pdftotext.

Usage: check_plan.py TREE PAGES TEXT. Prints "ok - ..." / "FAIL - ..." lines.
"""
import re
import sys

NO_START = set("、。，．・：；？！）」』】〕〉》ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ～〜")
NO_END = set("（「『【〔〈《")
MEASURE = "420.00"  # 40 characters of 10.5 pt, layouts/a4.yaml


def report(ok, name, detail=""):
    print(("ok - " if ok else "FAIL - ") + name)
    if not ok and detail:
        print("    " + detail[:400])


def squash(s):
    return re.sub(r"\s+", "", s)


tree = open(sys.argv[1], encoding="utf-8").read().splitlines()
pages = open(sys.argv[2], encoding="utf-8").read().splitlines()
text = open(sys.argv[3], encoding="utf-8").read()

texts, notes = [], {}
for line in tree:
    m = re.match(r"footnote (\d+) (\S+) (.*)", line)
    if m:
        notes[m.group(1)] = m.group(3)
        continue
    m = re.match(r"\S+:\d+:\d+ (paragraph|part|chapter|section|subsection|item|label|series item) (.*)", line)
    if m:
        texts.append((m.group(1), m.group(2)))

# Text: every block and note is in the PDF's text, as the right Unicode.
# Running heads and folios are whole lines of their own.
kept = [l for l in text.replace("\f", "\n").splitlines()
        if squash(l) != "小平市第3次行財政再構築プラン" and not re.fullmatch(r"\s*-\s*\d+\s*-\s*", l)]
flat = squash("".join(kept))
for num, body in notes.items():
    flat = flat.replace(num + squash(body), "", 1)
# Figure texts are drawn after a page's lines: take each page's run out.
fig_runs, run = [], []
for line in pages:
    if line.startswith("page "):
        if run:
            fig_runs.append("".join(run))
        run = []
    m = re.match(r"  figtext .*?\|(.*)\|$", line)
    if m:
        run.append(squash(m.group(1)))
if run:
    fig_runs.append("".join(run))
for r in fig_runs:
    flat = flat.replace(r, "", 1)
missing = []
for kind, t in texts:
    want = squash(re.sub(r"\[\^(\d+)\]", r"\1", t))
    if kind == "label":
        want = "＜" + want + "＞"
    if want not in flat:
        missing.append(want[:40])
report(not missing, "every heading and paragraph is in pdftotext (%d blocks)" % len(texts),
       "; ".join(missing[:3]))
report(len(notes) == 6 and all(n in notes for n in "123456"), "six footnotes numbered 1-6",
       str(sorted(notes)))

# Lines: kinsoku, justification, nothing beyond the measure.
line_re = re.compile(r"  (\w+) +(-?[\d.]+) +(-?[\d.]+) +(-?[\d.]+)( last)? \|(.*)\|$")
bad_kinsoku, ragged, outside, body_lines = [], [], [], 0
page_marks, page_notes, page_no = {}, {}, 0
for line in pages:
    if line.startswith("page "):
        page_no = int(line.split()[1])
        continue
    m = line_re.match(line)
    if not m:
        continue
    role, base, start, extent, last, content = m.groups()
    plain = re.sub(r"\[\^\d+\]", "", content)
    if role == "body":
        body_lines += 1
        if plain and (plain[0] in NO_START):
            bad_kinsoku.append("starts: " + content)
        if plain and not last and plain[-1] in NO_END:
            bad_kinsoku.append("ends: " + content)
        if not last and extent != MEASURE:
            ragged.append(extent + " " + content)
        for mark in re.findall(r"\[\^(\d+)\]", content):
            page_marks.setdefault(page_no, set()).add(mark)
    if role in ("body", "heading", "note") and float(start) + float(extent) > float(MEASURE) + 0.01:
        outside.append(content)
    if role in ("body", "heading", "note") and not (0 < float(base) <= 38 * 18):
        outside.append("block %s: %s" % (base, content))
    if role == "note":
        m2 = re.match(r"(\d+)", content)
        if m2 and start == "0.00":
            page_notes.setdefault(page_no, set()).add(m2.group(1))
report(not bad_kinsoku, "no body line against kinsoku (%d lines)" % body_lines, "; ".join(bad_kinsoku[:3]))
report(not ragged, "every line but a paragraph's last ends at the measure", "; ".join(ragged[:3]))
report(not outside, "nothing outside the text area", "; ".join(outside[:3]))
misplaced = [n for p, ms in page_marks.items() for n in ms if n not in page_notes.get(p, set())]
report(not misplaced and sum(len(s) for s in page_notes.values()) == len(notes),
       "every footnote on the page of its reference", "notes %s marks %s" % (page_notes, page_marks))
