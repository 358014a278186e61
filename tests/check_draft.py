#!/usr/bin/env python3
"""Check a draft edition against the final one, from their page dumps.

check_draft.py FINAL.pages DRAFT.pages STATUS

- Without the draft's own frames and what stands in them, the draft's
  dump is the final one's: the same lines, page breaks and figures.
- Every page has a stamp: a draft frame whose text is STATUS.
- Every page with a running head has the draft's head line: the status,
  the revision date (YYYY年M月D日版) and an 8-digit hex hash.
- Every page numbers every fifth line of text, and only those.
Prints what fails; exits 1 if anything does.
"""
import re
import sys

LINE = re.compile(r"^  (\S+)\s+(\d+) ")


def pages(path):
    """Each page as (header, frames {index: kind}, item lines)."""
    out = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("page "):
            out.append([line, {}, []])
        elif not out:
            continue
        elif line.startswith("  frame "):
            f = line.split()
            out[-1][1][int(f[1])] = f[2]
            out[-1][2].append(line)
        else:
            out[-1][2].append(line)
    return out


def item_frame(line):
    m = LINE.match(line)
    if m and m.group(1) in ("body", "heading", "note", "head", "folio", "cover",
                            "toc", "draft", "figtext", "rule", "link"):
        return int(m.group(2))
    return None


def main():
    final, draft, status = pages(sys.argv[1]), pages(sys.argv[2]), sys.argv[3]
    bad = []
    if len(final) != len(draft):
        bad.append("the draft has %d pages, the final %d" % (len(draft), len(final)))
    for n, (f, d) in enumerate(zip(final, draft), 1):
        frames = d[1]
        draft_frames = {k for k, v in frames.items() if v == "draft"}
        kept = [l for l in d[2] if not (l.startswith("  frame ") and l.split()[2] == "draft")
                and item_frame(l) not in draft_frames]
        if f[0] != d[0] or f[2] != kept:
            bad.append("page %d: the body differs from the final edition" % n)
            continue
        marks = [l for l in d[2] if item_frame(l) in draft_frames]
        if not any(l.startswith("  figtext") and l.endswith("|%s|" % status) for l in marks):
            bad.append("page %d: no stamp '%s'" % (n, status))
        if any(l.startswith("  head ") for l in f[2]):
            if not any(re.search(r"\|%s　\d{4}年\d{1,2}月\d{1,2}日版　[0-9a-f]{8}\|" % status, l)
                       for l in marks if l.startswith("  draft ")):
                bad.append("page %d: no status, date and hash in the running head" % n)
        text_frames = {k for k, v in f[1].items() if v == "text"}
        count = sum(1 for l in f[2] if (l.startswith("  body ") or l.startswith("  heading "))
                    and item_frame(l) in text_frames)
        numbers = sorted(int(re.search(r"\|(\d+)", l).group(1)) for l in marks
                         if l.startswith("  draft ") and re.search(r"\|\d+[|U T R]", l))
        if numbers != list(range(5, count + 1, 5)):
            bad.append("page %d: line numbers %s for %d lines" % (n, numbers, count))
    for b in bad:
        print(b)
    sys.exit(1 if bad else 0)


main()
