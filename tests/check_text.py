"""Every text of a document, whole, in the PDF typeset from it.

Usage: check_text.py DOC.yaml PDF [--vertical]
Prints "ok - ..." / "FAIL - ..." lines (details indented under a FAIL) and
exits 1 when a check fails, 2 on bad usage.

The texts come from the content YAML itself (not from the tool's dumps) and
are compared with `pdftotext -raw` output with all whitespace removed (for
vertical writing -raw prints one character per line: removing whitespace
joins them; --vertical changes nothing else). ASCII commas are removed on
both sides, so that 1234 and 1,234 compare equal whichever way a number is
printed.

- Cover: the title, date_text and issuer, each whole on the first page.
- Body, in document order, each found after the previous one: part,
  chapter, section, subsection, item, label and series item titles (without
  the generated numbers, which differ between layouts) and every paragraph.
  Only pages from the first with an arabic folio (- 1 -) count; on each,
  the folio line, the running head line (the document title) and the
  footnotes are taken out first; figure texts stay in the stream, and
  what is not a body text is skipped.
  A text may be cut only by a page break: each piece but the last ends at a
  line end on one page, is at least MIN_PIECE characters long, and the text
  goes on at the start of a line on a later page (figures drawn after a
  page's lines lie between). A footnote reference [^label] prints as the
  note's number (notes are numbered in order of first reference). A
  cross-reference [@id] prints as something unknown: the text is cut there,
  and its pieces must follow one another with at most WILD characters
  between (or across a page break).
- Footnotes: each note's number followed by its whole text, on the page of
  every reference to it.
- Figures: every caption, table unit, table cell (text, or number with its
  unit, and the cell's note), tree box, timeline bar, policy diagram box and
  action, and ※ note: each whole somewhere in the PDF. Cells of a row and
  wrapped boxes are interleaved with their neighbours, so their order is
  not checked; generated texts (axis labels, years, heading numbers) are not
  checked.

Known limit: figure texts cannot be told from body text in pdftotext's
output (raw lines split body text at punctuation and heading numbers, so a
body line can equal a diagram box). A lost heading whose title is printed
in a figure between the previous body text and the heading's place (a tree
box, or a policy diagram's subsection) is found there.
"""
import re
import subprocess
import sys

import yaml

WILD = 40       # characters an [@id] reference may print as
MIN_PIECE = 6   # shortest piece of a body text before a page break
FOLIO = re.compile(r"-\d+-")
REF = re.compile(r"\[\^([^\]]*)\]|\[@[^\]]*\]")

failed = False


def report(ok, name, details=()):
    global failed
    print(("ok - " if ok else "FAIL - ") + name)
    if not ok:
        failed = True
        for d in list(details)[:8]:
            print("    " + d[:300])
        if len(details) > 8:
            print("    ... and %d more" % (len(details) - 8))


def squash(s):
    """The text as compared: no whitespace, no ASCII comma."""
    return re.sub(r"[\s,]+", "", s)


def short(s, n=40):
    return s if len(s) <= n else s[:n] + "…"


# --- the content ---------------------------------------------------------

class Loader(yaml.SafeLoader):
    """Scalars as written: 16.0 stays "16.0"; dates and yes/no stay text."""


def _as_written(loader, node):
    return loader.construct_scalar(node)


for _tag in ("int", "float", "bool", "timestamp"):
    Loader.add_constructor("tag:yaml.org,2002:" + _tag, _as_written)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Loader)


def sibling(doc_path, name):
    d = doc_path.rsplit("/", 1)[0] if "/" in doc_path else "."
    return name if name.startswith("/") else d + "/" + name


def text_of(v):
    return "" if v is None else str(v)


class Content:
    """The texts of a document, read the way the tool reads them."""

    def __init__(self, path):
        doc = self.doc = load(path)
        self.notes = load(sibling(path, doc["footnotes"])) if doc.get("footnotes") else {}
        self.notes = self.notes or {}
        self.figs = {}
        for k in ("tables", "charts", "diagrams"):
            if doc.get(k):
                for fid, f in (load(sibling(path, doc[k])) or {}).items():
                    self.figs[fid] = (k, f)
        self.body = []          # (kind, text) in document order
        self.policies = {}      # series item id -> the policy section's blocks
        self.series = {}        # series item id -> title
        self.figure_order = []  # figure ids in the order they are placed
        for e in doc.get("contents") or []:
            if "chapter" in e:
                self.chapter(load(sibling(path, e["chapter"])))
            else:
                self.body.append(("part", text_of(e.get("part"))))
                for c in e.get("chapters") or []:
                    self.chapter(load(sibling(path, c)))
        # a policy section is headed by its series item's title
        self.body = [(k, self.series.get(t[1], "") if isinstance(t, tuple) else t)
                     for k, t in self.body]
        # footnotes are numbered in order of first reference
        self.number = {}
        for _, t in self.body:
            for m in REF.finditer(t):
                if m.group(1) is not None and m.group(1) not in self.number:
                    self.number[m.group(1)] = len(self.number) + 1

    def chapter(self, ch):
        title = text_of(ch.get("title"))
        self.body.append(("chapter", title))
        self.blocks_of(ch.get("blocks") or [])

    def blocks_of(self, blocks):
        for b in blocks:
            kind = next(iter(b))
            if kind == "p":
                self.body.append(("paragraph", text_of(b["p"])))
            elif kind == "label":
                self.body.append(("label", text_of(b["label"])))
            elif kind == "figure":
                self.figure_order.append(text_of(b["figure"]))
            elif kind == "series":
                for it in b.get("items") or []:
                    self.series[text_of(it.get("id"))] = text_of(it.get("title"))
                    self.body.append(("series item", text_of(it.get("title"))))
                    self.body.append(("paragraph", text_of(it.get("p"))))
            elif kind == "policy":
                self.policies[text_of(b["policy"])] = b.get("blocks") or []
                self.body.append(("section", ("policy", text_of(b["policy"]))))
                self.blocks_of(b.get("blocks") or [])
            else:
                self.body.append((kind, text_of(b[kind])))
                self.blocks_of(b.get("blocks") or [])

    def pieces(self, text):
        """A text as printed, cut at each [@id]: [^label] -> its number."""
        pieces, cur, at = [], "", 0
        for m in REF.finditer(text):
            cur += text[at:m.start()]
            at = m.end()
            if m.group(1) is not None:
                cur += str(self.number.get(m.group(1), ""))
            else:
                pieces.append(squash(cur))
                cur = ""
        pieces.append(squash(cur + text[at:]))
        return [p for p in pieces if p]

    def refs(self, text):
        """(note label, offset of its mark in the joined printed pieces)."""
        out, n, at = [], 0, 0
        for m in REF.finditer(text):
            n += len(squash(text[at:m.start()]))
            at = m.end()
            if m.group(1) is not None:
                out.append((m.group(1), n))
                n += len(str(self.number.get(m.group(1), "")))
        return out

    def figure_texts(self):
        """(figure id, what, text) for every content text of the placed figures."""
        out = []

        def add(fid, what, t):
            if t is not None and str(t) != "":
                out.append((fid, what, str(t)))

        for fid in self.figure_order:
            if fid not in self.figs:
                continue
            kind, f = self.figs[fid]
            add(fid, "caption", f.get("caption"))
            if kind == "tables":
                add(fid, "unit", f.get("unit"))
            for n in f.get("notes") or []:
                add(fid, "note", n)
            if kind == "tables":
                for row in (f.get("header") or []) + (f.get("rows") or []):
                    for c in row or []:
                        if isinstance(c, dict):
                            v = c.get("text") if "text" in c else c.get("value")
                            if v is not None and str(v) != "":
                                add(fid, "cell", str(v) + text_of(c.get("unit")))
                            add(fid, "cell note", c.get("note"))
                        else:
                            add(fid, "cell", c)
            elif kind == "diagrams" and f.get("type") == "tree":
                todo = list(f.get("roots") or [])
                while todo:
                    n = todo.pop(0)
                    if isinstance(n, dict):
                        add(fid, "box", n.get("text"))
                        todo[:0] = n.get("kids") or []
                    else:
                        add(fid, "box", n)
            elif kind == "diagrams" and f.get("type") == "timeline":
                for bar in f.get("bars") or []:
                    add(fid, "bar", bar.get("text"))
            elif kind == "diagrams" and f.get("type") == "policy":
                pid = text_of(f.get("policy"))
                add(fid, "policy box", self.series.get(pid))
                for b in self.policies.get(pid, []):
                    if "subsection" in b:
                        add(fid, "policy box", b["subsection"])
                        for a in b.get("actions") or []:
                            add(fid, "action", a)
        return out


# --- the PDF -------------------------------------------------------------

def pdf_pages(pdf):
    """Each page's lines of pdftotext -raw, squashed, empty ones dropped."""
    r = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True)
    m = re.search(r"^Pages:\s+(\d+)", r.stdout, re.M)
    pages = []
    for i in range(1, int(m.group(1)) + 1 if m else 1):
        r = subprocess.run(["pdftotext", "-raw", "-f", str(i), "-l", str(i), pdf, "-"],
                           capture_output=True, text=True)
        lines = (squash(l) for l in r.stdout.replace("\f", "\n").split("\n"))
        pages.append([l for l in lines if l])
    return pages


def page_body(lines, head, notes):
    """A page's text without its folio, its running head and its footnotes,
    as (text, sorted offsets where a line starts)."""
    folio = [i for i, l in enumerate(lines) if FOLIO.fullmatch(l)]
    drop = set(folio[-1:])
    heads = [i for i, l in enumerate(lines) if l == head]
    if heads:
        near = folio[-1] if folio else 0
        drop.add(min(heads, key=lambda i: abs(i - near)))
    text, starts = "", []
    for i, l in enumerate(lines):
        if i not in drop:
            starts.append(len(text))
            text += l
    for n in notes:
        k = text.find(n)
        while k >= 0:
            text = text[:k] + text[k + len(n):]
            starts = sorted({s if s <= k else s - len(n)
                             for s in starts if not k < s < k + len(n)} | {k})
            k = text.find(n, k)
    return text, [s for s in starts if s < len(text)]


class Stream:
    """The body pages as one string, with each character's page and the
    places where a line of pdftotext's output starts and ends."""

    def __init__(self, pages):
        chars, self.page, self.start = [], [], []
        for number, (text, starts) in pages:
            at = set(starts)
            for i, ch in enumerate(text):
                chars.append(ch)
                self.page.append(number)
                self.start.append(i in at)
        self.text = "".join(chars)
        n = len(self.text)
        self.start.append(True)
        self.end = [i == 0 or self.start[i] or i == n or self.page[i] != self.page[i - 1]
                    for i in range(n + 1)]
        for i in range(1, n):
            if self.page[i] != self.page[i - 1]:
                self.start[i] = True


def find(st, pieces, lo, line_start=False):
    """The earliest match of a text's pieces at or after lo: a list of
    (begin, end) spans, or None."""
    probe = pieces[0][:MIN_PIECE]
    k = st.text.find(probe, lo)
    while k >= 0:
        if not line_start or st.start[k]:
            spans = match_at(st, pieces, k)
            if spans is not None:
                return spans
        k = st.text.find(probe, k + 1)
    return None


def match_at(st, pieces, k):
    """pieces[0] starts at k."""
    t, p = st.text, pieces[0]
    n = 0
    while n < len(p) and k + n < len(t) and t[k + n] == p[n]:
        n += 1
    if n == len(p):
        if len(pieces) == 1:
            return [(k, k + n)]
        # after an [@id]: the next piece within WILD characters, or on a later page
        probe = pieces[1][:MIN_PIECE]
        j = t.find(probe, k + n)
        while 0 <= j <= k + n + WILD:
            rest = match_at(st, pieces[1:], j)
            if rest is not None:
                return [(k, k + n)] + rest
            j = t.find(probe, j + 1)
        rest = on_later_page(st, pieces[1:], k + n)
        return [(k, k + n)] + rest if rest is not None else None
    # cut by a page break: at the last line end reached, not too short
    cut = n
    while cut >= MIN_PIECE and not st.end[k + cut]:
        cut -= 1
    if cut < MIN_PIECE:
        return None
    rest = on_later_page(st, [p[cut:]] + pieces[1:], k + cut)
    return [(k, k + cut)] + rest if rest is not None else None


def on_later_page(st, pieces, at):
    """The pieces from the start of a line on a page after the one of at-1."""
    j = at
    while j < len(st.text) and st.page[j] == st.page[at - 1]:
        j += 1
    return find(st, pieces, j, line_start=True) if j < len(st.text) else None


def main():
    args = sys.argv[1:]
    args = [a for a in args if a != "--vertical"]
    if len(args) != 2:
        print("usage: check_text.py DOC.yaml PDF [--vertical]", file=sys.stderr)
        return 2
    doc_path, pdf = args
    c = Content(doc_path)
    pages = pdf_pages(pdf)
    if not any(pages):
        report(False, "the PDF has text", ["pdftotext read no text from " + pdf])
        return 1

    # The cover.
    cover = "".join(pages[0])
    lost = ["%s: %s" % (k, c.doc.get(k)) for k in ("title", "date_text", "issuer")
            if squash(text_of(c.doc.get(k))) not in cover]
    report(not lost, "cover: title, date and issuer whole on the first page",
           lost + (["the first page reads: " + short(cover, 80)] if lost else []))

    # The body pages: from the first with an arabic folio.
    first = next((i for i, p in enumerate(pages) if any(FOLIO.fullmatch(l) for l in p)), None)
    report(first is not None, "folios: the body pages have folios - 1 -, - 2 -, ...",
           ["no line like '- 1 -' on any page"])
    if first is None:
        first = 1
    notes = {lab: (num, squash(str(num) + text_of(c.notes[lab])))
             for lab, num in c.number.items() if lab in c.notes}
    longest_first = sorted((s for _, s in notes.values()), key=len, reverse=True)
    head = squash(text_of(c.doc.get("title")))
    st = Stream([(i + 1, page_body(pages[i], head, longest_first))
                 for i in range(first, len(pages))])
    figure_texts = c.figure_texts()

    # Body texts, in order.
    cursor, missing, across, mark_pages = 0, [], 0, {}
    for kind, text in c.body:
        pieces = c.pieces(text)
        if not pieces:
            continue
        spans = find(st, pieces, cursor)
        if spans is None:
            earlier = find(st, pieces, 0)
            if earlier is not None:
                why = "out of order: found on page %d, before the text that precedes it" \
                      % st.page[earlier[0][0]]
            else:
                whole = "".join(pieces)
                longest = next((n for n in range(len(whole), 0, -1)
                                if whole[:n] in st.text[cursor:]), 0)
                why = ("cut after %d of %d characters" % (longest, len(whole))
                       if longest >= min(20, len(whole) // 2) else "missing")
            missing.append("%s %s: %s" % (kind, short("".join(pieces)), why))
            continue
        if len({st.page[b] for b, _ in spans}) > 1:
            across += 1
        chars = [i for b, e in spans for i in range(b, e)]
        for lab, off in c.refs(text):
            if off < len(chars):
                mark_pages.setdefault(lab, set()).add(st.page[chars[off]])
        cursor = spans[-1][1]
    report(not missing, "body: %d headings and paragraphs whole and in order (%d across a page break)"
           % (len(c.body), across), missing)

    # Footnotes: whole, numbered, on the page of each reference.
    page_text = ["".join(p) for p in pages]
    bad = []
    for lab, (num, s) in sorted(notes.items(), key=lambda x: x[1][0]):
        where = {i + 1 for i, t in enumerate(page_text) if s in t}
        if not where:
            bad.append("note %d (%s) not whole: %s" % (num, lab, short(s[len(str(num)):])))
        elif not mark_pages.get(lab, set()) <= where:
            bad.append("note %d (%s) on page %s, its references on page %s"
                       % (num, lab, sorted(where), sorted(mark_pages[lab])))
    report(not bad, "footnotes: %d notes whole, numbered, on the pages of their references"
           % len(notes), bad)

    # Figures: every text whole somewhere.
    whole = "".join(page_text)
    lost = ["%s %s: %s" % (fid, what, short(p))
            for fid, what, t in figure_texts for p in c.pieces(t) if p not in whole]
    report(not lost, "figures: %d texts of %d figures whole (captions, cells, boxes, bars, notes)"
           % (len(figure_texts), len({f for f, _, _ in figure_texts})), lost)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
