"""The tagged PDF: its structure tree against its content and the page dump.

Usage: /usr/bin/python3 check_tags.py PDF PAGES
  PDF    a PDF built by plangen
  PAGES  the same build's `--dump=pages`
or:    /usr/bin/python3 check_tags.py --mutate KIND PDF OUT
  writes a copy of PDF broken one way, for the checker to fail on (KIND:
  untagged, paint, order, skip, alt, th, mcid, nest)
Needs Debian's python3-pikepdf (run with /usr/bin/python3: a pyenv python3
does not see Debian's packages). Prints "ok - ..." / "FAIL - ..." lines
(details indented under a FAIL); exits 1 when a check fails, 2 on bad usage.

- Catalog: /MarkInfo <</Marked true>>, /Lang, /StructTreeRoot, the viewer
  preferences' /DisplayDocTitle, XMP metadata with dc:title and
  pdfuaid:part 1; every page with /StructParents and /Tabs /S.
- Content: every painting operator (Tj TJ ' " S s f F f* B B* b b* Do sh)
  of every page is inside marked content that is an /Artifact or has an
  MCID that the parent tree maps to an element whose /K holds that MCID on
  that page; no MCID inside an artifact; no MCID twice on a page; no
  marked content inside an MCID's (poppler would end the MCID's text there).
- Tree: headings start at H1 and never skip a level; every Figure has a
  non-empty /Alt; every Table holds a TH; every Note has an /ID in the
  IDTree; every TH and TD has text.
- Reading order: the text read through the tree (each MCID's text decoded
  through the fonts' ToUnicode maps, an /ActualText span's text in place of
  its glyphs) against the page dump, whitespace removed and note marks
  [^N] as N: the Document's headings and paragraphs hold the body and
  heading lines in order (any other paragraph must be cover or figure
  text of the dump); the Notes hold the note lines in order; the TOC holds
  the contents lines in order.
"""
import re
import sys

import pikepdf

PAINT = {'Tj', 'TJ', "'", '"', 'S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'Do', 'sh'}
SHOW = {'Tj', 'TJ', "'", '"'}

failed = False


def report(ok, what, detail=''):
    global failed
    if ok:
        print('ok - ' + what)
    else:
        failed = True
        print('FAIL - ' + what)
        for line in str(detail).splitlines()[:20]:
            print('    ' + line)


def tounicode(font):
    """A font's code -> text map from its ToUnicode CMap (bfchar, bfrange)."""
    m = {}
    if '/ToUnicode' not in font:
        return m
    data = font.ToUnicode.read_bytes().decode('latin-1')
    for block in re.findall(r'beginbfchar(.*?)endbfchar', data, re.S):
        for src, dst in re.findall(r'<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>', block):
            m[int(src, 16)] = bytes.fromhex(dst).decode('utf-16-be')
    for block in re.findall(r'beginbfrange(.*?)endbfrange', data, re.S):
        for a, b, dst in re.findall(r'<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>', block):
            base = int(dst, 16)
            for i, c in enumerate(range(int(a, 16), int(b, 16) + 1)):
                m[c] = chr(base + i)
    return m


def text_string(obj):
    b = bytes(obj)
    if b.startswith(b'\xfe\xff'):
        return b[2:].decode('utf-16-be')
    return b.decode('latin-1')


def page_content(page, index, parents, owners_ok):
    """Walk a page's content: check the marks of painting operators; return
    {mcid: text} and a list of problems."""
    fonts = {}
    res = page.obj.get('/Resources', {})
    for name, font in res.get('/Font', {}).items():
        fonts[name] = (tounicode(font), font.get('/Subtype') == '/Type0')
    problems = []
    texts = {}
    stack = []	# per open marked content: ('artifact'|'mcid'|'other', mcid, actualtext)
    seen = set()
    font = ({}, True)
    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op in ('BDC', 'BMC'):
            tag = str(operands[0])
            props = operands[1] if op == 'BDC' and len(operands) > 1 else None
            mcid = None
            actual = None
            if isinstance(props, pikepdf.Dictionary):
                if '/MCID' in props:
                    mcid = int(props.MCID)
                if '/ActualText' in props:
                    actual = text_string(props.ActualText)
            in_artifact = any(s[0] == 'artifact' for s in stack)
            outer = [s[1] for s in stack if s[0] == 'mcid']
            if outer:
                # poppler's readers end the outer MCID's text at its EMC
                problems.append('%s nested in the marked content of MCID %d' % (tag, outer[-1]))
            if tag == '/Artifact':
                stack.append(('artifact', None, None))
            elif mcid is not None:
                if in_artifact:
                    problems.append('MCID %d inside an artifact' % mcid)
                if mcid in seen:
                    problems.append('MCID %d twice' % mcid)
                seen.add(mcid)
                if not owners_ok(index, mcid):
                    problems.append('MCID %d: no element in the parent tree holds it' % mcid)
                texts.setdefault(mcid, '')
                stack.append(('mcid', mcid, actual))
            else:
                stack.append(('other', None, actual))
            if actual is not None:
                owner = [s[1] for s in stack if s[0] == 'mcid']
                if owner:
                    texts[owner[-1]] += actual
            continue
        if op == 'EMC':
            if not stack:
                problems.append('EMC without a BDC')
            else:
                stack.pop()
            continue
        if op == 'Tf':
            font = fonts.get(str(operands[0]), ({}, True))
            continue
        if op not in PAINT:
            continue
        marked = [s for s in stack if s[0] in ('artifact', 'mcid')]
        if not marked:
            problems.append('%s outside marked content' % op)
            continue
        if op not in SHOW or marked[-1][0] != 'mcid':
            continue
        if any(s[2] is not None for s in stack):
            continue	# the span's /ActualText stands for these glyphs
        strings = operands[0] if op == 'TJ' else operands[-1:]
        out = []
        for s in strings:
            if not isinstance(s, pikepdf.String):
                continue
            b = bytes(s)
            if font[1]:
                codes = [b[i] << 8 | b[i + 1] for i in range(0, len(b) - 1, 2)]
            else:
                codes = list(b)
            out.extend(font[0].get(c, '\ufffd') for c in codes)
        texts[marked[-1][1]] += ''.join(out)
    if stack:
        problems.append('%d marked-content sequences left open' % len(stack))
    return texts, problems


def nums(tree):
    """A number tree as {key: value}."""
    out = {}
    if '/Nums' in tree:
        a = tree.Nums
        for i in range(0, len(a) - 1, 2):
            out[int(a[i])] = a[i + 1]
    for kid in tree.get('/Kids', []):
        out.update(nums(kid))
    return out


def names(tree):
    out = {}
    if '/Names' in tree:
        a = tree.Names
        for i in range(0, len(a) - 1, 2):
            out[bytes(a[i])] = a[i + 1]
    for kid in tree.get('/Kids', []):
        out.update(names(kid))
    return out


def dump_lines(path):
    """role -> the texts of the dump's lines of that role, in order."""
    out = {}
    for m in re.finditer(r'^  (\w+) .*?\|(.*)\|(?: o=\S*)?$', open(path, encoding='utf-8').read(), re.M):
        text = re.sub(r'\[\^(\d+)\]', r'\1', m.group(2))
        out.setdefault(m.group(1), []).append(re.sub(r'\s', '', text))
    return out


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(2)
    pdf = pikepdf.open(sys.argv[1])
    root = pdf.Root
    pages = list(pdf.pages)
    page_index = {p.obj.objgen: i for i, p in enumerate(pages)}

    mark = root.get('/MarkInfo', {})
    report(bool(mark.get('/Marked', False)), 'catalog: /MarkInfo <</Marked true>>')
    report('/Lang' in root and str(root.Lang) != '', 'catalog: /Lang', root.get('/Lang'))
    report(bool(root.get('/ViewerPreferences', {}).get('/DisplayDocTitle', False)),
           'catalog: /ViewerPreferences /DisplayDocTitle true')
    meta = root.Metadata.read_bytes().decode('utf-8') if '/Metadata' in root else ''
    report('<pdfuaid:part>1</pdfuaid:part>' in meta and re.search(r'<dc:title>.*\S.*</dc:title>', meta, re.S),
           'catalog: XMP metadata with dc:title and pdfuaid:part 1', meta[:200] or 'no /Metadata')
    if '/StructTreeRoot' not in root:
        report(False, 'catalog: /StructTreeRoot', 'not tagged')
        return
    str_root = root.StructTreeRoot
    parent_tree = nums(str_root.ParentTree) if '/ParentTree' in str_root else {}
    bad = [i + 1 for i, p in enumerate(pages) if '/StructParents' not in p.obj or
           p.obj.get('/Tabs') != '/S']
    report(not bad, 'pages: /StructParents and /Tabs /S on every page', 'pages %s' % bad)

    # the tree: which element holds each (page, MCID), in reading order
    holder = {}
    elems = []	# (depth, elem) in order
    problems = []

    def walk(e, pg, depth):
        if '/Pg' in e:
            pg = page_index.get(e.Pg.objgen)
        elems.append((depth, e))
        k = e.get('/K')
        kids = list(k) if isinstance(k, pikepdf.Array) else [] if k is None else [k]
        for kid in kids:
            if isinstance(kid, int):
                holder[(pg, int(kid))] = e
            elif isinstance(kid, pikepdf.Dictionary):
                t = kid.get('/Type')
                if t == '/MCR':
                    kp = page_index.get(kid.Pg.objgen) if '/Pg' in kid else pg
                    holder[(kp, int(kid.MCID))] = e
                elif t == '/OBJR':
                    pass
                else:
                    if kid.get('/P') is None or kid.P.objgen != e.objgen:
                        problems.append('%s: its kid %s has another /P' % (e.S, kid.get('/S')))
                    walk(kid, pg, depth + 1)
    top = str_root.K
    for e in (top if isinstance(top, pikepdf.Array) else [top]):
        walk(e, None, 0)
    report(not problems, 'tree: every kid names its parent', '\n'.join(problems))

    def owners_ok(page, mcid):
        sp = pages[page].obj.get('/StructParents')
        arr = parent_tree.get(int(sp)) if sp is not None else None
        if arr is None or mcid >= len(arr):
            return False
        owner = arr[mcid]
        held = holder.get((page, mcid))
        return held is not None and owner.objgen == held.objgen

    text_of = {}
    problems = []
    for i, p in enumerate(pages):
        texts, probs = page_content(p, i, parent_tree, owners_ok)
        problems += ['page %d: %s' % (i + 1, x) for x in probs]
        for mcid, t in texts.items():
            text_of[(i, mcid)] = t
    report(not problems, 'content: every painting operator is tagged content or an artifact, nothing nested in an MCID',
           '\n'.join(problems[:20]))

    def text(e):
        """An element's text through the tree, in order."""
        out = []
        pg = page_index.get(e.Pg.objgen) if '/Pg' in e else None
        k = e.get('/K')
        kids = list(k) if isinstance(k, pikepdf.Array) else [] if k is None else [k]
        for kid in kids:
            if isinstance(kid, int):
                out.append(text_of.get((pg, int(kid)), ''))
            elif isinstance(kid, pikepdf.Dictionary):
                if kid.get('/Type') == '/MCR':
                    kp = page_index.get(kid.Pg.objgen) if '/Pg' in kid else pg
                    out.append(text_of.get((kp, int(kid.MCID)), ''))
                elif kid.get('/Type') != '/OBJR':
                    out.append(text(kid))
        return re.sub(r'\s', '', ''.join(out))

    # headings, figures, tables, notes
    levels = [int(str(e.S)[2:]) for _, e in elems if re.fullmatch(r'/H[1-6]', str(e.S))]
    skips = ['H%d after H%d' % (b, a) for a, b in zip([0] + levels, levels) if b > a + 1]
    report(levels and not skips, 'tree: %d headings, no level skipped' % len(levels), '\n'.join(skips[:10]))
    figures = [e for _, e in elems if e.S == '/Figure']
    no_alt = sum(1 for e in figures if '/Alt' not in e or not text_string(e.Alt).strip())
    report(no_alt == 0, 'tree: every Figure (%d) has /Alt' % len(figures), '%d without' % no_alt)
    tables = [e for _, e in elems if e.S == '/Table']

    def has(e, kind):
        k = e.get('/K')
        for kid in (list(k) if isinstance(k, pikepdf.Array) else [k]):
            if isinstance(kid, pikepdf.Dictionary) and '/S' in kid and (kid.S == kind or has(kid, kind)):
                return True
        return False
    no_th = sum(1 for e in tables if not has(e, '/TH'))
    report(no_th == 0, 'tree: every Table (%d) has a TH' % len(tables), '%d without' % no_th)
    empty = sum(1 for _, e in elems if e.S in ('/TH', '/TD') and not text(e))
    report(empty == 0, 'tree: every table cell has text', '%d empty' % empty)
    ids = names(str_root.IDTree) if '/IDTree' in str_root else {}
    notes = [e for _, e in elems if e.S == '/Note']
    bad = sum(1 for e in notes if '/ID' not in e or bytes(e.ID) not in ids or
              ids[bytes(e.ID)].objgen != e.objgen)
    report(bad == 0, 'tree: every Note (%d) has an /ID in the IDTree' % len(notes), '%d without' % bad)

    # reading order against the page dump
    dump = dump_lines(sys.argv[2])
    body = ''.join(re.sub(r'\s', '', t) for t in _ordered(sys.argv[2], ('body', 'heading')))
    rest = body
    extra = []
    for depth, e in elems:
        if depth != 1 or not re.fullmatch(r'/(H[1-6]|P)', str(e.S)):
            continue
        t = text(e)
        if t and rest.startswith(t):
            rest = rest[len(t):]
        else:
            extra.append(t)
    others = ''.join(dump.get('cover', []) + dump.get('figtext', []))
    unknown = [t for t in extra if t not in others]
    report(body and not rest and not unknown,
           'order: the headings and paragraphs read the body as the dump has it (%d characters)' % len(body),
           'not read from: %s\nnot in the dump: %s' % (rest[:120], unknown[:3]))
    for role, kind in (('note', '/Note'), ('toc', '/TOC')):
        want = ''.join(dump.get(role, []))
        got = ''.join(text(e) for _, e in elems if e.S == kind)
        report(want == got, 'order: the %s elements read the %s lines (%d characters)' % (kind[1:], role, len(want)),
               'tree: %s\ndump: %s' % (got[:200], want[:200]))


def _ordered(path, roles):
    """The texts of the dump's lines of the roles, in page order."""
    out = []
    for m in re.finditer(r'^  (\w+) .*?\|(.*)\|(?: o=\S*)?$', open(path, encoding='utf-8').read(), re.M):
        if m.group(1) in roles:
            out.append(re.sub(r'\[\^(\d+)\]', r'\1', m.group(2)))
    return out


def mutate(kind, src, dst):
    """Break a tagged PDF one way: the checks must find it."""
    pdf = pikepdf.open(src)
    root = pdf.Root
    elems = []

    def walk(e):
        elems.append(e)
        k = e.get('/K')
        for kid in (list(k) if isinstance(k, pikepdf.Array) else [k]):
            if isinstance(kid, pikepdf.Dictionary) and '/S' in kid:
                walk(kid)
    walk(root.StructTreeRoot.K)
    if kind == 'untagged':
        del root['/StructTreeRoot']
        del root['/MarkInfo']
    elif kind == 'paint':
        page = pdf.pages[len(pdf.pages) // 2]
        page.contents_add(pdf.make_stream(b'0 0 m 1 1 l S\n'))
    elif kind == 'order':
        k = root.StructTreeRoot.K.K
        first = next(i for i in range(len(k)) if str(k[i].S).startswith('/H'))
        i = next(i for i in range(first, len(k) - 1) if k[i].S == '/P' and k[i + 1].S == '/P')
        a, b = k[i], k[i + 1]
        k[i], k[i + 1] = b, a
    elif kind == 'skip':
        next(e for e in elems if re.fullmatch(r'/H[1-6]', str(e.S))).S = pikepdf.Name('/H2')
    elif kind == 'alt':
        del next(e for e in elems if e.S == '/Figure')['/Alt']
    elif kind == 'th':
        for e in elems:
            if e.S == '/TH':
                e.S = pikepdf.Name('/TD')
    elif kind == 'mcid':
        # an MCID that no element holds: the page's marked content no
        # longer matches its parent tree
        page = pdf.pages[len(pdf.pages) // 2]
        data = page.obj.Contents.read_bytes()
        page.obj.Contents.write(data.replace(b'<</MCID 0>>', b'<</MCID 999>>', 1))
    elif kind == 'nest':
        # marked content inside an MCID's, as a nested /ActualText span was
        page = pdf.pages[len(pdf.pages) // 2]
        data = page.obj.Contents.read_bytes()
        page.obj.Contents.write(data.replace(b'<</MCID 0>> BDC\n', b'<</MCID 0>> BDC\n/Span BMC\nEMC\n', 1))
    else:
        sys.exit(2)
    pdf.save(dst)


if len(sys.argv) == 5 and sys.argv[1] == '--mutate':
    mutate(sys.argv[2], sys.argv[3], sys.argv[4])
    sys.exit(0)
main()
sys.exit(1 if failed else 0)
