"""Checks of a typeset document from the tool's dumps and pdftotext: text,
kinsoku, justification, geometry of frames, footnotes, figures, contents,
bookmarks, keeps, float order and page balance. With --plan, also the real
plan's own numbers.

Usage: check_plan.py [--plan] [--vertical] [--prefix NAME] TREE PAGES TEXT.
Prints "ok - ..." / "FAIL - ..." lines.
"""
import re
import sys

NO_START = set("、。，．・：；？！）」』】〕〉》ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ～〜")
NO_END = set("（「『【〔〈《")


def report(ok, name, detail=""):
    print(("ok - " if ok else "FAIL - ") + PREFIX + name)
    if not ok and detail:
        print("    " + detail[:400])


def squash(s):
    return re.sub(r"\s+", "", s)


def by_page(dump):
    """The lines of a page dump other than page headers, with their page."""
    page_no = 0
    for line in dump:
        if line.startswith("page "):
            page_no = int(line.split()[1])
            continue
        yield page_no, line


KANJI_DIGITS = "〇一二三四五六七八九"


def kanji(n):
    """1 -> 一, 10 -> 十, 21 -> 二十一, as the vertical layout numbers headings."""
    tens, ones = divmod(int(n), 10)
    if tens == 0:
        return KANJI_DIGITS[ones]
    return (KANJI_DIGITS[tens] if tens > 1 else "") + "十" + (KANJI_DIGITS[ones] if ones else "")


def printed_refs(t):
    """The tree dump's [@（1）] as the layout prints it: （1）, vertical （一）."""
    def one(m):
        return re.sub(r"\d+", lambda d: kanji(d.group()), m.group(1)) if vertical else m.group(1)
    return re.sub(r"\[@(.*?)\]", one, t)


args = sys.argv[1:]
PREFIX = ""
# the real plan: its own numbers are checked too
PLAN = args[0] == "--plan"
if PLAN:
    args = args[1:]
vertical = args[0] == "--vertical"
if vertical:
    args = args[1:]
    PREFIX = "vertical: "
if args[0] == "--prefix":
    PREFIX = args[1] + ": "
    args = args[2:]
tree = open(args[0], encoding="utf-8").read().splitlines()
pages = open(args[1], encoding="utf-8").read().splitlines()
text = open(args[2], encoding="utf-8").read()
# the layout, as the dump gives it: page size, lines (columns) per frame
m = re.match(r"layout (\w+) page ([\d.]+) ([\d.]+) lines (\d+) columns (\d+)", pages[0])
PAGE, LINES = (float(m.group(2)), float(m.group(3))), int(m.group(4))

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
heads = {squash(m.group(1)) for m in (re.match(r"  head .*?\|(.*)\|", l) for l in pages) if m}
kept = [l for l in text.replace("\f", "\n").splitlines()
        if squash(l) not in heads and not re.fullmatch(r"\s*-\s*\d+\s*-\s*", l)]
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
    want = squash(re.sub(r"\[\^(\d+)\]", r"\1", printed_refs(t)))
    if vertical and kind not in ("paragraph", "label"):
        # vertical headings are numbered in kanji: compare their titles
        want = squash(re.sub(r"^(第\d+[部章]　|\d+　|（\d+）|[①-⑳]　|[^\d：]*\d+：)", "", t))
    if kind == "label":
        want = "＜" + want + "＞"
    if want not in flat:
        missing.append(want[:40])
report(not missing, "every heading and paragraph is in pdftotext (%d blocks)" % len(texts),
       "; ".join(missing[:3]))
if PLAN:
    report(len(notes) == 6 and all(n in notes for n in "123456"), "six footnotes numbered 1-6",
           str(sorted(notes)))
    refs = [m.group(1) for _, t in texts for m in re.finditer(r"\[@(.*?)\]", t)]
    # the three viewpoints of 第1章 4, referred to before their subsections
    viewpoints = "以下の（一）、（二）、（三）の3つ視点" if vertical else "以下の（1）、（2）、（3）の3つ視点"
    report(refs[:3] == ["（1）", "（2）", "（3）"] and viewpoints in flat,
           "cross-references print the numbers of their headings (%s)" % viewpoints,
           "references %s" % refs)

# Lines: kinsoku, justification, nothing beyond the measure.
line_re = re.compile(r"  (\w+) +\d+ +(-?[\d.]+) +(-?[\d.]+) +(-?[\d.]+) +(-?[\d.]+)( last)? \|(.*)\|(?: o=\w*)?$")
full_re = re.compile(r"  (\w+) +(\d+) +(-?[\d.]+) +(-?[\d.]+) +(-?[\d.]+) +(-?[\d.]+)( last)? \|(.*)\|(?: o=\w*)?$")
frame_re = re.compile(r"  frame (\d+) (\w+) (\w+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+)(?: scale \d+)?$")
bad_kinsoku, ragged, outside, body_lines = [], [], [], 0
page_marks, page_notes, page_no, note_starts = {}, {}, 0, True
for page_no, line in by_page(pages):
    m = line_re.match(line)
    if not m:
        continue
    role, base, start, extent, measure, last, content = m.groups()
    plain = re.sub(r"\[\^[\d,]+\]", "", content)
    if role == "body":
        body_lines += 1
        if plain and (plain[0] in NO_START):
            bad_kinsoku.append("starts: " + content)
        if plain and not last and plain[-1] in NO_END:
            bad_kinsoku.append("ends: " + content)
        if not last and extent != measure:
            ragged.append(extent + " " + content)
        for group in re.findall(r"\[\^([\d,]+)\]", content):
            for mark in group.split(","):
                page_marks.setdefault(page_no, set()).add(mark)
    if role == "note":
        # a note's first line follows the last line of the one before
        m2 = re.match(r"(\d+)", content)
        if m2 and note_starts:
            page_notes.setdefault(page_no, set()).add(m2.group(1))
        note_starts = bool(last)
    else:
        note_starts = True
report(not bad_kinsoku, "no body line against kinsoku (%d lines)" % body_lines, "; ".join(bad_kinsoku[:3]))
report(not ragged, "every line but a paragraph's last ends at the measure", "; ".join(ragged[:3]))

# Geometry: every line inside its frame, every frame on the page, no line
# over a figure.
def to_page(fr, inl, blk):
    kind, mode, x, y = fr[0], fr[1], fr[2], fr[3]
    return (x - blk, y + inl) if mode == "vertical" else (x + inl, y + blk)
frames, page_no = {}, 0
for page_no, line in by_page(pages):
    m = frame_re.match(line)
    if m:
        k, kind, mode, x, y, meas, depth = m.groups()
        fr = (kind, mode, float(x), float(y), float(meas), float(depth))
        frames.setdefault(page_no, {})[int(k)] = fr
        corners = [to_page(fr, 0, 0), to_page(fr, fr[4], fr[5])]
        for cx, cy in corners:
            if not (-0.01 <= cx <= PAGE[0] + 0.01 and -0.01 <= cy <= PAGE[1] + 0.01):
                outside.append("page %d frame %s off the page" % (page_no, k))
        continue
    m = full_re.match(line)
    if not m:
        continue
    role, fi, base, start, extent, measure, last, content = m.groups()
    fr = frames[page_no][int(fi)]
    if role in ("body", "heading", "note", "toc"):
        if float(start) + float(extent) > fr[4] + 0.01:
            outside.append("page %d: beyond the measure: %s" % (page_no, content))
        if not (0 < float(base) <= fr[5] + 0.01):
            outside.append("page %d: block %s of %s: %s" % (page_no, base, fr[5], content))
        # the line's box against every figure of the page
        b0, b1 = float(base) - 8, float(base) + 2
        (x0, y0), (x1, y1) = to_page(fr, float(start), b0), to_page(fr, float(start) + float(extent), b1)
        lx0, lx1, ly0, ly1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        for g in frames[page_no].values():
            if g[0] != "figure":
                continue
            if lx0 < g[2] + g[4] and g[2] < lx1 and ly0 < g[3] + g[5] and g[3] < ly1:
                outside.append("page %d: line over a figure: %s" % (page_no, content))
                break
report(not outside, "nothing outside its frame, no line over a figure, every frame on the page",
       "; ".join(outside[:3]))
misplaced = [n for p, ms in page_marks.items() for n in ms if n not in page_notes.get(p, set())]
report(not misplaced and sum(len(s) for s in page_notes.values()) == len(notes),
       "every footnote on the page of its reference", "notes %s marks %s" % (page_notes, page_marks))

# Figures: every table cell in the text, every caption on its figure's page.
whole = squash(text)
cells = [m.groups() for m in (re.match(r"cell (\S+) \d+ \d+ \|(.*?)\|(?: note \|(.*)\|)?$", l) for l in tree) if m]
lost = [c[1] for c in cells if squash(c[1]) not in whole or (c[2] and squash(c[2]) not in whole)]
report(len(cells) > 0 and not lost, "every table cell is in pdftotext (%d cells)" % len(cells), "; ".join(lost[:5]))
figs = {m.group(1): (m.group(2), m.group(3)) for m in (re.match(r"figure (\S+) (\w+) \|(.*)\|$", l) for l in tree) if m}
on_page, texts_on = {}, {}
for page_no, line in by_page(pages):
    m = re.match(r"  figure  (\S+) frame \d+$", line)
    if m:
        for fid in m.group(1).split("+"):
            on_page.setdefault(fid, set()).add(page_no)
    m = re.match(r"  figtext .*?\|(.*)\|$", line)
    if m:
        texts_on.setdefault(page_no, []).append(squash(m.group(1)))
bad = []
for fid, (kind, caption) in figs.items():
    where = on_page.get(fid)
    if not where:
        bad.append(fid + " not placed")
        continue
    if not any(squash(caption) in "".join(texts_on.get(p, [])) for p in where):
        bad.append(fid + " caption not on its page")
report(len(figs) > 0 and not bad, "every table, chart and diagram is drawn on the page of its caption (%d)" % len(figs), "; ".join(bad[:5]))

# Contents: each entry's number is the folio of the page with its heading, and links there.
folio_of, heading_page, links, prev_heading = {}, {}, {}, None
page_no = 0
for line in pages:
    if line.startswith("page "):
        m = re.match(r"page (\d+) folio (?:roman )?(\d+)", line)
        page_no = int(m.group(1))
        folio_of[page_no] = m.group(2)
        continue
    m = line_re.match(line)
    if m and m.group(1) == "heading":
        # a heading set on several lines counts whole as well
        if not prev_heading or prev_heading[0] != page_no:
            prev_heading = (page_no, [])
        prev_heading[1].append(squash(m.group(7)))
        for k in range(1, min(5, len(prev_heading[1])) + 1):
            heading_page.setdefault("".join(prev_heading[1][-k:]), page_no)
    elif m:
        prev_heading = None
    m = re.match(r"  link +\d+ +[\d.]+ -> page (\d+)", line)
    if m:
        links.setdefault(page_no, []).append(int(m.group(1)))
toc, wrong = 0, []
for page_no, line in by_page(pages):
    m = line_re.match(line)
    if not m or m.group(1) != "toc":
        continue
    toc += 1
    entry = re.match(r"(.*?)\s*…+\s*(\d+)$", m.group(7))
    title, num = squash(entry.group(1)), entry.group(2)
    target = heading_page.get(title)
    if target is None or folio_of[target] != num:
        wrong.append("%s -> %s (heading on page %s)" % (title, num, target))
    elif target not in links.get(page_no, []):
        wrong.append(title + " has no link to page %d" % target)
report(toc > 0 and not wrong, "contents: %d entries with the right page numbers and links" % toc, "; ".join(wrong[:3]))
outline = [l for l in pages if l.startswith("outline ")]
headings = [k for k, _ in texts if k in ("part", "chapter", "section", "subsection")]
report(len(outline) == len(headings), "a bookmark for every heading down to （1） (%d)" % len(outline),
       "%d bookmarks, %d headings" % (len(outline), len(headings)))

# Keep with next: no page ends with a heading (figures count as what follows).
foot, last_role, has_fig, page_no = [], None, False, 0
def close_page():
    if last_role and last_role[0] == "heading" and not has_fig and page_no > 0:
        foot.append("page %d: %s" % (page_no, last_role[1]))
for line in pages + ["page 0 folio 0 body 0 notes 0"]:
    if line.startswith("page "):
        close_page()
        page_no, last_role, has_fig, last_y = int(line.split()[1]), None, False, -1.0
        continue
    m = line_re.match(line)
    if m and m.group(1) in ("body", "heading") and m.group(7) != "目次":
        last_role = (m.group(1), m.group(7))
    if line.startswith("  figure "):
        has_fig = True
report(not foot, "no heading stands at the foot of a page", "; ".join(foot[:3]))

# Figures stay before the next heading of their section's rank or higher
# (sections down to （1）): on an earlier page, or above it on the same page.
RANK = {"part": 0, "chapter": 1, "section": 2, "subsection": 3, "item": 4, "series item": 4, "label": 5}
blocks = []
for line in tree:
    m = re.match(r"\S+:\d+:\d+ (part|chapter|section|subsection|item|label|series item|figure) (.*)", line)
    if m:
        blocks.append((m.group(1), m.group(2)))
heading_at, fig_at, page_no = [], {}, 0
for page_no, line in by_page(pages):
    m = full_re.match(line)
    if m and m.group(1) == "heading" and m.group(8) != "目次":
        fr = frames[page_no][int(m.group(2))]
        heading_at.append((page_no, to_page(fr, float(m.group(4)), float(m.group(3)))[1], squash(m.group(8))))
    m = re.match(r"  figure  (\S+) frame (\d+)$", line)
    if m:
        fr = frames[page_no][int(m.group(2))]
        for fid in m.group(1).split("+"):
            fig_at.setdefault(fid, (page_no, fr[3] + fr[5]))
# headings of the tree, each matched to its place in reading order
placed, k = [], 0
for kind, t in blocks:
    if kind == "figure":
        placed.append((kind, t, None))
        continue
    title = squash(re.sub(r"^(第\S+?[部章]　|\S+?　|（\S+?）|[①-⑳]　|[^\d：]*?[\d一二三四五六七八九十]+：)", "", t))
    j = k
    def starts_at(j):
        # the title starts in heading line j (a long one runs on)
        at = "".join(h[2] for h in heading_at[j:j + 3]).find(title)
        return 0 <= at < len(heading_at[j][2])
    while j < len(heading_at) and not starts_at(j):
        j += 1
    if j < len(heading_at):
        k = j + 1
        placed.append((kind, t, heading_at[j]))
    else:
        placed.append((kind, t, None))
late, rank, own = [], 9, None
for i, (kind, t, at) in enumerate(placed):
    if kind != "figure":
        # figures belong to sections down to （1）, not to items or labels
        if RANK[kind] <= RANK["subsection"]:
            rank, own = RANK[kind], (t, at)
        continue
    where = fig_at.get(t)
    if where is None:
        late.append(t + " not placed")
        continue
    # nor before the heading of its own section: not on an earlier page
    if own and own[1] is not None and where[0] < own[1][0]:
        late.append("%s before %s" % (t, own[0]))
    for kind2, t2, at2 in placed[i + 1:]:
        if kind2 == "figure" or RANK[kind2] > rank:
            continue
        if at2 is not None and (where[0] > at2[0] or
                                (where[0] == at2[0] and not vertical and where[1] > at2[1] + 0.01)):
            late.append("%s after %s" % (t, t2))
        break
report(len(fig_at) > 0 and not late,
       "every figure between its section's heading and the next heading of that rank (%d figures)" % len(fig_at),
       "; ".join(late[:4]))

# Page balance: no page under half full but the cover, the contents, a
# page before one that must start anew, and a last page of five lines.
thin = []
page_lines = [l for l in pages if l.startswith("page ")]
for i, line in enumerate(page_lines):
    m = re.match(r"page (\d+) folio (roman )?\d+ fill (\d+)( forced)?", line)
    fill = int(m.group(3))
    if m.group(2) or m.group(4):
        continue
    if i == len(page_lines) - 1:
        if fill * LINES < 5 * 1000:
            thin.append("last page %s: %d/1000" % (m.group(1), fill))
    elif fill < 500:
        thin.append("page %s: %d/1000" % (m.group(1), fill))
report(not thin, "no page under half full (%d pages)" % len(page_lines), "; ".join(thin[:5]))

# A table split over frames: every later part starts with the header rows
# again and carries at least one row under them.
parts, page_no = {}, 0
for page_no, line in by_page(pages):
    m = re.match(r"  figure  (\S+) frame (\d+)$", line)
    if m:
        parts.setdefault(m.group(1), []).append((page_no, int(m.group(2))))
texts_in, page_no = {}, 0
for page_no, line in by_page(pages):
    m = re.match(r"  figtext (\d+) +(-?[\d.]+) .*?\|(.*)\|", line)
    if m:
        texts_in.setdefault((page_no, int(m.group(1))), []).append((float(m.group(2)), m.group(3)))
split_bad, nsplit = [], 0
for fid, where in parts.items():
    if len(where) < 2:
        continue
    nsplit += 1
    first = sorted(texts_in.get(where[0], []))
    rows = sorted({y for y, t in first if not t.startswith("＜")})
    header = {t for y, t in first if rows and y == rows[0]}
    for w in where[1:]:
        got = sorted(texts_in.get(w, []))
        # a figure set twice would bring its caption again
        if any(t.startswith("＜") for y, t in got):
            split_bad.append("%s on page %d: its caption again" % (fid, w[0]))
        ys = sorted({y for y, t in got})
        if not header <= {t for y, t in got if ys and y == ys[0]}:
            split_bad.append("%s on page %d: no header" % (fid, w[0]))
        elif len(ys) < 2:
            split_bad.append("%s on page %d: a header alone" % (fid, w[0]))
report(not split_bad, "split tables repeat their header over at least one row (%d split)" % nsplit,
       "; ".join(split_bad[:3]))

# Widows and orphans: no paragraph leaves its first line alone at a frame's
# foot or its last alone at the next frame's head (lines in reading order).
flow, page_no = [], 0
for page_no, line in by_page(pages):
    m = full_re.match(line)
    if m and m.group(1) in ("body", "heading"):
        flow.append((page_no, int(m.group(2)), m.group(1), bool(m.group(7)), m.group(8)))
lonely = []
for i, (pg, fr, role, last, content) in enumerate(flow):
    if role != "body":
        continue
    prev = flow[i - 1] if i > 0 else None
    nxt = flow[i + 1] if i + 1 < len(flow) else None
    starts = prev is None or prev[2] == "heading" or prev[3]
    if last and not starts and (prev[0], prev[1]) != (pg, fr):
        lonely.append("widow on page %d: %s" % (pg, content))
    if starts and not last and nxt is not None and (nxt[0], nxt[1]) != (pg, fr):
        lonely.append("orphan on page %d: %s" % (pg, content))
report(not lonely, "no widow or orphan (%d lines)" % len(flow), "; ".join(lonely[:3]))

# Diagrams: no text of a diagram breaks inside a phrase (a weak break in
# the page dump): boxes, bars and year labels are sized to their text.
kinds = {}
for line in tree:
    m = re.match(r"figure (\S+) (\S+) \|", line)
    if m:
        kinds[m.group(1)] = m.group(2)
owner, page_no, weak_diag, ndiag = {}, 0, [], 0
for page_no, line in by_page(pages):
    m = re.match(r"  figure  (\S+) frame (\d+)$", line)
    if m:
        owner[(page_no, int(m.group(2)))] = m.group(1)
        continue
    m = re.match(r"  figtext (\d+) .*?( weak)? \|(.*)\|$", line)
    if m and kinds.get(owner.get((page_no, int(m.group(1))), ""), "") == "diagram":
        ndiag += 1
        if m.group(2):
            weak_diag.append("page %d: %s" % (page_no, m.group(3)))
report(not weak_diag, "no diagram text breaks inside a phrase (%d lines)" % ndiag,
       "; ".join(weak_diag[:5]))

# The plan: no text of any figure (cells, notes, boxes, bars, captions,
# chart labels) breaks inside a phrase; a number over its unit is fair.
if PLAN:
    weak_all = [l for l in pages if re.match(r"  figtext .* weak \|", l)]
    nfig = sum(1 for l in pages if l.startswith("  figtext "))
    report(not weak_all, "no figure text breaks inside a phrase (%d lines)" % nfig,
           "; ".join(re.sub(r".*\|(.*)\|.*", r"\1", l) for l in weak_all[:5]))
