#!/bin/sh
# Every test of plangen: unit tests, golden layout dumps, diagnostics of bad
# content, and the end-to-end build of the real plan with the PDF readers.
# The tools under test are built with AddressSanitizer and UBSan.
# Ends with one line "N passed, N failed"; exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."
root=$(pwd)
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
san=./build/plangen-san
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "FAIL - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/    /' | head -n 30; }

# Unit tests: one line per check.
./build/unit-san >"$tmp/unit" 2>&1
unit_rc=$?
while IFS= read -r line; do
	case "$line" in
	"ok - "*) ok "unit: ${line#ok - }" ;;
	"FAIL - "*) not_ok "unit: ${line#FAIL - }" ;;
	*) echo "    $line" ;;
	esac
done <"$tmp/unit"
[ "$unit_rc" -eq 0 ] || grep -q '^FAIL' "$tmp/unit" || not_ok "unit: exit status $unit_rc"

# Golden layout tests: tests/layout/NAME/plan.yaml -> tests/layout/NAME.pages.
for dir in tests/layout/*/; do
	name=$(basename "$dir")
	layout=tests/layout/narrow.yaml
	[ -f "$dir/layout.yaml" ] && layout="$dir/layout.yaml"
	$san check -l "$layout" --dump=pages "tests/layout/$name/plan.yaml" >"$tmp/$name.pages" 2>"$tmp/$name.err"
	rc=$?
	if [ $rc -ne 0 ]; then
		not_ok "layout: $name (exit $rc)" "$(cat "$tmp/$name.err")"
	elif d=$(diff -u "tests/layout/$name.pages" "$tmp/$name.pages"); then
		ok "layout: $name"
	else
		not_ok "layout: $name" "$d"
	fi
done

# Diagnostics: tests/diag/NAME/plan.yaml -> tests/diag/NAME.diag (stderr, exit).
for dir in tests/diag/*/; do
	name=$(basename "$dir")
	[ "$name" = base ] && continue
	set -- check "tests/diag/$name/plan.yaml"
	[ -f "tests/diag/$name/layout.yaml" ] && set -- "$@" -l "tests/diag/$name/layout.yaml"
	$san "$@" >/dev/null 2>"$tmp/$name.diag"
	echo "exit $?" >>"$tmp/$name.diag"
	if d=$(diff -u "tests/diag/$name.diag" "$tmp/$name.diag"); then
		ok "diag: $name"
	else
		not_ok "diag: $name" "$d"
	fi
done
if $san check tests/diag/base/plan.yaml 2>"$tmp/base.err"; then
	[ -s "$tmp/base.err" ] && not_ok "diag: base is clean" "$(cat "$tmp/base.err")" || ok "diag: base is clean"
else
	not_ok "diag: base is clean" "$(cat "$tmp/base.err")"
fi

# Diagnostics for CI: the same messages as JSON lines and GitHub annotations;
# --werror fails on a warning and writes nothing.
$san check --format=json tests/diag/control-character/plan.yaml 2>"$tmp/json.err"
rc=$?
if [ $rc -eq 1 ] && python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 2, rows
assert rows[0] == {"severity": "error", "file": "tests/diag/control-character/notes.yaml",
    "line": 1, "column": 15, "message": "control character U+0009 in text: write a space"}, rows[0]
assert rows[1]["line"] == 14 and rows[1]["column"] == 21, rows[1]
' "$tmp/json.err"; then
	ok "diag: --format=json writes one object per message"
else
	not_ok "diag: --format=json writes one object per message" "exit $rc; $(cat "$tmp/json.err")"
fi
$san check --format=github tests/diag/control-character/plan.yaml 2>"$tmp/gh.err"
rc=$?
want='::error file=tests/diag/control-character/chapter.yaml,line=14,col=21::control character U+0007 in text'
if [ $rc -eq 1 ] && grep -qxF "$want" "$tmp/gh.err" && [ "$(grep -c '^::error file=' "$tmp/gh.err")" -eq 2 ]; then
	ok "diag: --format=github writes annotations"
else
	not_ok "diag: --format=github writes annotations" "exit $rc; $(cat "$tmp/gh.err")"
fi
$san build --werror -l tests/diag/figure-scaled/layout.yaml -o "$tmp/werror.pdf" \
	tests/diag/figure-scaled/plan.yaml 2>"$tmp/werror.err"
rc=$?
if [ $rc -eq 1 ] && [ ! -e "$tmp/werror.pdf" ] && grep -q 'warning: figure' "$tmp/werror.err"; then
	ok "diag: --werror fails on a warning and writes no PDF"
else
	not_ok "diag: --werror fails on a warning and writes no PDF" "exit $rc; $(cat "$tmp/werror.err")"
fi
$san check --format=xml tests/diag/base/plan.yaml 2>"$tmp/fmt.err"
rc=$?
if [ $rc -eq 2 ] && grep -q 'format takes gcc, json or github' "$tmp/fmt.err"; then
	ok "diag: an unknown --format is a usage error"
else
	not_ok "diag: an unknown --format is a usage error" "exit $rc; $(cat "$tmp/fmt.err")"
fi

# make install: the installed tool finds its layouts (by name) from any directory.
if make -s install PREFIX="$tmp/inst" >"$tmp/install.log" 2>&1 &&
	(cd "$tmp" && "$tmp/inst/bin/plangen" build -l vertical -o "$tmp/inst.pdf" \
		"$root/tests/diag/base/plan.yaml") 2>"$tmp/inst.err" &&
	pdfinfo "$tmp/inst.pdf" | grep -q '^Pages: *[1-9]' &&
	(cd "$tmp" && "$tmp/inst/bin/plangen" check "$root/tests/diag/base/plan.yaml") 2>>"$tmp/inst.err"; then
	ok "install: the installed tool builds a document from another directory"
else
	not_ok "install: the installed tool builds a document from another directory" \
		"$(cat "$tmp/install.log" "$tmp/inst.err" 2>/dev/null)"
fi
(cd "$tmp" && "$root/build/plangen" check -l nonesuch "$root/tests/diag/base/plan.yaml") 2>"$tmp/nolayout.err"
rc=$?
if [ $rc -eq 2 ] && grep -q "no layout 'nonesuch'" "$tmp/nolayout.err"; then
	ok "cli: an unknown layout name is named"
else
	not_ok "cli: an unknown layout name is named" "exit $rc; $(cat "$tmp/nolayout.err")"
fi

# plangen watch: builds, reports an error and keeps the PDF, builds again on a fix.
mkdir -p "$tmp/watch"
cp tests/diag/base/*.yaml "$tmp/watch/"
await() {	# pattern, count: wait up to 60 s for count lines matching in the log
	i=0
	while [ "$(grep -c "$1" "$tmp/watch.log")" -lt "$2" ] && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ "$(grep -c "$1" "$tmp/watch.log")" -ge "$2" ]
}
: >"$tmp/watch.log"
$san watch -o "$tmp/watch.pdf" "$tmp/watch/plan.yaml" 2>"$tmp/watch.log" &
watch_pid=$!
verdict=""
if await 'plangen: wrote' 1; then
	before=$(cksum <"$tmp/watch.pdf")
	sed 's/推進を図ります/推進を図り[^nashi]ます/' "$tmp/watch/chapter.yaml" >"$tmp/watch/new.yaml"
	mv "$tmp/watch/new.yaml" "$tmp/watch/chapter.yaml"
	if await 'not written (1 error.*first: .*chapter.yaml:12:26: undefined footnote' 1 &&
		[ "$(cksum <"$tmp/watch.pdf")" = "$before" ]; then
		sed 's/推進を図り\[^nashi\]ます/推進を図りました/' "$tmp/watch/chapter.yaml" >"$tmp/watch/new.yaml"
		mv "$tmp/watch/new.yaml" "$tmp/watch/chapter.yaml"
		if await 'plangen: wrote' 2 && [ "$(cksum <"$tmp/watch.pdf")" != "$before" ] &&
			pdftotext "$tmp/watch.pdf" - | grep -q '推進を図りました'; then
			verdict=ok
		fi
	fi
fi
kill "$watch_pid" 2>/dev/null
wait "$watch_pid" 2>/dev/null
if [ "$verdict" = ok ] && [ -z "$(ls "$tmp" | grep 'watch.pdf.')" ]; then
	ok "watch: rebuilds on a change, reports the first error, keeps the last good PDF"
else
	not_ok "watch: rebuilds on a change, reports the first error, keeps the last good PDF" \
		"$(cat "$tmp/watch.log")"
fi

# plangen diff: a small pair of revisions against its golden pages and list;
# the plan against a revision of it (tests/revise.py) in the PDF readers.
$san diff --dump=pages -o "$tmp/small-diff.pdf" tests/diff/old/plan.yaml tests/diff/new/plan.yaml \
	>"$tmp/small.pages" 2>"$tmp/small-diff.err"
rc=$?
if [ $rc -eq 0 ] && [ ! -s "$tmp/small-diff.err" ] && d=$(diff -u tests/diff/small.pages "$tmp/small.pages"); then
	ok "diff: the small revision's 新旧対照表 matches its golden pages"
else
	not_ok "diff: the small revision's 新旧対照表 matches its golden pages" "exit $rc; $(cat "$tmp/small-diff.err"); $d"
fi
$san diff --list tests/diff/old/plan.yaml tests/diff/new/plan.yaml >"$tmp/small.list" 2>&1
if d=$(diff -u tests/diff/small.list "$tmp/small.list"); then
	ok "diff: --list names each change, its heading path and page"
else
	not_ok "diff: --list names each change, its heading path and page" "$d"
fi
python3 tests/revise.py "$tmp/revised" &&
	$san diff -o "$tmp/plan-diff.pdf" content/plan.yaml "$tmp/revised/plan.yaml" 2>"$tmp/plan-diff.err"
rc=$?
text=$(pdftotext "$tmp/plan-diff.pdf" - 2>"$tmp/plan-diff.warn" | tr -d ' \n')
missing=""
for want in 改正後（令和2年4月改定） 改正前（平成29年3月） 具体化し 検討し （削る） \
	アダプト制度の推進では （新設） （2）デジタル化の推進 行政手続のオンライン化 \
	人件費等の削減｜47｜55 人件費等の削減｜47｜53 デジタル技術を活用して （略）; do
	case "$text" in *"$want"*) ;; *) missing="$missing $want" ;; esac
done
if [ $rc -eq 0 ] && [ -z "$missing" ] && [ ! -s "$tmp/plan-diff.warn" ] &&
	qpdf --check "$tmp/plan-diff.pdf" >/dev/null 2>&1; then
	ok "diff: the plan's revision shows each change on both sides"
else
	not_ok "diff: the plan's revision shows each change on both sides" \
		"exit $rc; missing:$missing; $(cat "$tmp/plan-diff.err" "$tmp/plan-diff.warn")"
fi
$san diff --list content/plan.yaml "$tmp/revised/plan.yaml" >"$tmp/plan.list" 2>&1
kinds=$(cut -f2 "$tmp/plan.list" | sort | uniq -c | tr -s ' ' | tr '\n' ';')
if [ "$kinds" = " 1 削除; 4 変更; 3 新設;" ] &&
	grep -q "^表紙	変更	表紙$" "$tmp/plan.list" &&
	grep -q "（2）デジタル化の推進	新設	p\.[0-9]" "$tmp/plan.list" &&
	grep -q "（1）協働事業の更なる推進	削除	p\.[0-9]" "$tmp/plan.list" &&
	grep -q "（3）財政効果	変更	p\.[0-9]" "$tmp/plan.list"; then
	ok "diff: --list of the plan's revision"
else
	not_ok "diff: --list of the plan's revision" "$kinds; $(cat "$tmp/plan.list")"
fi
$san diff content/plan.yaml 2>"$tmp/diff-usage.err"
rc=$?
if [ $rc -eq 2 ] && grep -q 'diff compares two documents' "$tmp/diff-usage.err"; then
	ok "diff: one document is a usage error"
else
	not_ok "diff: one document is a usage error" "exit $rc; $(cat "$tmp/diff-usage.err")"
fi

# The HTML edition and the CSV tables of every document: every text, valid
# HTML (html-validate), no accessibility violation (axe-core in Chromium).
for doc in content/plan.yaml tests/docs/*/plan.yaml; do
	name=$(basename "$(dirname "$doc")")
	mkdir -p "$tmp/csv-$name"
	if $san html -o "$tmp/$name.html" "$doc" 2>"$tmp/$name.html.err" &&
		$san csv -o "$tmp/csv-$name" "$doc" 2>>"$tmp/$name.html.err"; then
		python3 tests/check_html.py "$doc" "$tmp/$name.html" "$tmp/csv-$name" >"$tmp/$name.html.check" 2>&1
		while IFS= read -r line; do
			case "$line" in
			"ok - "*) ok "$name: ${line#ok - }" ;;
			"FAIL - "*) not_ok "$name: ${line#FAIL - }" ;;
			*) echo "$line" ;;
			esac
		done <"$tmp/$name.html.check"
		if out=$(build/npm/node_modules/.bin/html-validate -c tests/axe/htmlvalidate.json "$tmp/$name.html" 2>&1); then
			ok "$name: the HTML is valid (html-validate)"
		else
			not_ok "$name: the HTML is valid (html-validate)" "$out"
		fi
		if out=$(NODE_PATH=build/npm/node_modules node tests/axe/axe.js "$tmp/$name.html" 2>&1); then
			ok "$name: axe-core finds no violation in the HTML"
		else
			not_ok "$name: axe-core finds no violation in the HTML" "$out"
		fi
	else
		not_ok "$name: html and csv" "$(cat "$tmp/$name.html.err")"
	fi
done
$san html -l vertical -o "$tmp/vertical.html" content/plan.yaml 2>"$tmp/vertical.html.err"
if grep -q '<body class="vertical">' "$tmp/vertical.html" &&
	NODE_PATH=build/npm/node_modules node tests/axe/axe.js "$tmp/vertical.html" >"$tmp/vaxe" 2>&1; then
	ok "plan: the vertical HTML (writing-mode: vertical-rl) has no axe violation"
else
	not_ok "plan: the vertical HTML (writing-mode: vertical-rl) has no axe violation" \
		"$(cat "$tmp/vertical.html.err" "$tmp/vaxe")"
fi

# An output that is one of the build's inputs is refused, the input kept.
mkdir -p "$tmp/ow"
cp tests/diag/base/*.yaml "$tmp/ow/"
sum=$(cksum <"$tmp/ow/chapter.yaml")
$san build -o "$tmp/ow/chapter.yaml" "$tmp/ow/plan.yaml" 2>"$tmp/ow.err"
rc=$?
if [ $rc -eq 2 ] && [ "$(cksum <"$tmp/ow/chapter.yaml")" = "$sum" ] &&
	grep -q "is an input of the build" "$tmp/ow.err"; then
	ok "build: an output that is an input is refused"
else
	not_ok "build: an output that is an input is refused" "exit $rc; $(cat "$tmp/ow.err")"
fi

# A failed build leaves an existing PDF as it was, and no temporary file.
cp tests/diag/base/plan.yaml "$tmp/"
$san build -o "$tmp/keep.pdf" tests/diag/base/plan.yaml 2>/dev/null
sum=$(cksum <"$tmp/keep.pdf")
$san build -o "$tmp/keep.pdf" tests/diag/missing-glyph/plan.yaml 2>/dev/null
rc=$?
if [ $rc -eq 1 ] && [ "$(cksum <"$tmp/keep.pdf")" = "$sum" ] &&
	[ -z "$(ls "$tmp" | grep 'keep.pdf.')" ]; then
	ok "build: a failed build keeps the old PDF"
else
	not_ok "build: a failed build keeps the old PDF" "exit $rc"
fi
$san build -o /nonexistent-dir/x.pdf tests/diag/base/plan.yaml 2>"$tmp/io.err"
rc=$?
[ $rc -eq 2 ] && ok "build: an unwritable output is exit 2" || not_ok "build: an unwritable output is exit 2" "exit $rc: $(cat "$tmp/io.err")"
$san frobnicate 2>/dev/null
[ $? -eq 2 ] && ok "cli: unknown command is exit 2" || not_ok "cli: unknown command is exit 2"
$san --help | grep -q '^usage: plangen build' && ok "cli: --help" || not_ok "cli: --help"
$san --version | grep -q '^plangen [0-9]' && ok "cli: --version" || not_ok "cli: --version"

# Output: standard output, never replacing what is not a regular file,
# no temporary file left when a write fails.
base=tests/diag/base/plan.yaml
if $san build -o - "$base" >"$tmp/stdout.pdf" 2>"$tmp/stdout.err" &&
	qpdf --check "$tmp/stdout.pdf" >/dev/null 2>&1; then
	ok "cli: -o - writes the PDF to standard output"
else
	not_ok "cli: -o - writes the PDF to standard output" "$(cat "$tmp/stdout.err")"
fi
$san build -o - --dump=pages "$base" >/dev/null 2>&1
[ $? -eq 2 ] && ok "cli: -o - with --dump is exit 2" || not_ok "cli: -o - with --dump is exit 2"
$san build -o "" "$base" 2>"$tmp/empty.err"
rc=$?
if [ $rc -eq 2 ] && grep -q 'error: -o needs a file name' "$tmp/empty.err"; then
	ok "cli: -o \"\" is exit 2"
else
	not_ok "cli: -o \"\" is exit 2" "exit $rc: $(cat "$tmp/empty.err")"
fi
mkdir "$tmp/special"
echo keep >"$tmp/special/target"
ln -s target "$tmp/special/link"
mkfifo "$tmp/special/fifo"
for t in link fifo; do
	$san build -o "$tmp/special/$t" "$base" 2>"$tmp/special.err"
	rc=$?
	if [ $rc -eq 2 ] && grep -q "special/$t: error: not replaced" "$tmp/special.err" &&
		[ "$(cat "$tmp/special/target")" = keep ] && [ -h "$tmp/special/link" ] &&
		[ -p "$tmp/special/fifo" ] && [ "$(ls "$tmp/special" | wc -l)" -eq 3 ]; then
		ok "cli: -o onto a $t is refused and the $t untouched"
	else
		not_ok "cli: -o onto a $t is refused and the $t untouched" "exit $rc: $(cat "$tmp/special.err")"
	fi
done
mkdir "$tmp/fsize"
(ulimit -f 8; ./build/plangen build -o "$tmp/fsize/plan.pdf" "$base") 2>"$tmp/fsize.err"
rc=$?
if [ $rc -eq 2 ] && grep -q 'fsize/plan.pdf: error: cannot write the PDF: File too large' "$tmp/fsize.err" &&
	[ -z "$(ls "$tmp/fsize")" ]; then
	ok "build: past ulimit -f a message, exit 2 and no temporary file"
else
	not_ok "build: past ulimit -f a message, exit 2 and no temporary file" "exit $rc: $(cat "$tmp/fsize.err"; ls "$tmp/fsize")"
fi
SOURCE_DATE_EPOCH=253402300800 $san build -o "$tmp/sde.pdf" "$base" 2>"$tmp/sde.err"
rc=$?
if [ $rc -eq 2 ] && grep -q 'SOURCE_DATE_EPOCH 253402300800 is after the year 9999' "$tmp/sde.err" &&
	[ ! -e "$tmp/sde.pdf" ]; then
	ok "build: SOURCE_DATE_EPOCH past the year 9999 is refused"
else
	not_ok "build: SOURCE_DATE_EPOCH past the year 9999 is refused" "exit $rc: $(cat "$tmp/sde.err")"
fi

# Count the ok/FAIL lines of a checker's output, names prefixed.
relay() {	# file, prefix
	while IFS= read -r line; do
		case "$line" in
		"ok - "*) ok "$2${line#ok - }" ;;
		"FAIL - "*) not_ok "$2${line#FAIL - }" ;;
		*) echo "    $line" ;;
		esac
	done <"$1"
}

# The real plan, end to end.
sh tests/plan.sh "$san" "$tmp" >"$tmp/plan.out" 2>&1
relay "$tmp/plan.out" "plan: "

# Every test document and the plan in every layout: texts, readers, pages.
sh tests/docs.sh "$san" "$tmp/docs" >"$tmp/docs.out" 2>&1
relay "$tmp/docs.out" ""

# Embedded fonts, in every edition: each font embedded as a tagged subset
# with a ToUnicode map (pdffonts); the font programs cut to the glyphs
# drawn, hinting kept, layout and vertical tables dropped; ToUnicode in
# bfchar blocks of at most 100; every character typeset copies out as
# itself (the characters of pdftotext -raw are those of the page dump, note
# marks as their numbers); the same input gives the same bytes.
mkdir -p "$tmp/fonts"
for edition in a4 vertical vertical-a4-2tier; do
	f="$tmp/fonts/$edition"
	$san build -l "layouts/$edition.yaml" -o "$f.pdf" --dump=pages >"$f.pages" 2>"$f.err"
	if [ $? -ne 0 ] || [ -s "$f.err" ]; then
		not_ok "fonts: $edition: build" "$(cat "$f.err")"
		continue
	fi
	list=$(pdffonts "$f.pdf" 2>&1 | tail -n +3)
	n=$(echo "$list" | grep -c .)
	good=$(echo "$list" | awk '$1 ~ /^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\+IPAex(Mincho|Gothic)$/ &&
	    $2 == "CID" && $3 == "TrueType" && $(NF-4) == "yes" && $(NF-3) == "yes" && $(NF-2) == "yes"' | grep -c .)
	[ "$n" -ge 2 ] && [ "$good" -eq "$n" ]
	[ $? -eq 0 ] && ok "fonts: $edition: every font embedded, subset (tag), with ToUnicode" ||
		not_ok "fonts: $edition: every font embedded, subset (tag), with ToUnicode" "$list"
	if [ "$edition" != a4 ]; then
		# each font drawn upright in columns has its Identity-V twin, same subset
		v=$(echo "$list" | awk '$4 == "Identity-V" { print $1 }' | sort)
		h=$(echo "$list" | awk '$4 == "Identity-H" { print $1 }' | sort)
		[ -n "$v" ] && [ "$v" = "$h" ] && ok "fonts: $edition: Identity-V fonts over the same subsets" ||
			not_ok "fonts: $edition: Identity-V fonts over the same subsets" "$list"
	fi
	qpdf --qdf --object-streams=disable "$f.pdf" "$f.qdf" 2>/dev/null
	out=$(python3 - "$f.qdf" <<'PY'
import re, struct, sys
d = open(sys.argv[1], 'rb').read()
bad = []
fonts = 0
for m in re.finditer(rb'/Length1 (\d+)', d):
    s = d.index(b'stream\n', m.end()) + 7
    font = d[s:s + int(m.group(1))]
    fonts += 1
    ntables = struct.unpack('>H', font[4:6])[0]
    tables = {font[12 + 16 * i:16 + 16 * i].decode('latin-1'):
              struct.unpack('>II', font[20 + 16 * i:28 + 16 * i]) for i in range(ntables)}
    for t in ('glyf', 'loca', 'head', 'hhea', 'hmtx', 'maxp', 'fpgm', 'prep', 'cvt '):
        if t not in tables:
            bad.append('font %d lacks %s' % (fonts, t))
    for t in ('GSUB', 'GPOS', 'GDEF', 'BASE', 'vhea', 'vmtx', 'cmap', 'gasp'):
        if t in tables:
            bad.append('font %d keeps %s' % (fonts, t))
    if 'maxp' in tables:
        off = tables['maxp'][0]
        glyphs = struct.unpack('>H', font[off + 4:off + 6])[0]
        if glyphs > 3000:
            bad.append('font %d has %d glyphs: not cut to those drawn' % (fonts, glyphs))
blocks = re.findall(rb'(\d+) beginbfchar\n(.*?)endbfchar', d, re.S)
for count, body in blocks:
    entries = len(re.findall(rb'<[0-9A-F]{4}> <[0-9A-F]{4,}>', body))
    if int(count) > 100 or entries != int(count):
        bad.append('bfchar block of %s entries holds %d' % (count.decode(), entries))
if fonts < 2 or not blocks:
    bad.append('%d font programs, %d bfchar blocks' % (fonts, len(blocks)))
print('\n'.join(bad))
PY
)
	[ -z "$out" ] && ok "fonts: $edition: programs cut, hinting kept; ToUnicode blocks of at most 100" ||
		not_ok "fonts: $edition: programs cut, hinting kept; ToUnicode blocks of at most 100" "$out"
	pdftotext -raw "$f.pdf" "$f.txt" 2>/dev/null
	out=$(python3 - "$f.pages" "$f.txt" <<'PY'
import collections, re, sys
typeset = collections.Counter()
for m in re.finditer(r'\|(.*)\|(?: o=\S*)?$', open(sys.argv[1], encoding='utf-8').read(), re.M):
    typeset.update(c for c in re.sub(r'\[\^(\d+)\]', r'\1', m.group(1)) if not c.isspace())
copied = collections.Counter(c for c in open(sys.argv[2], encoding='utf-8').read() if not c.isspace())
if typeset != copied or not typeset:
    print('typeset, not copied:', ''.join(sorted((typeset - copied).elements()))[:200])
    print('copied, not typeset:', ''.join(sorted((copied - typeset).elements()))[:200])
PY
)
	[ -z "$out" ] && ok "fonts: $edition: the text copies out as typeset, character for character" ||
		not_ok "fonts: $edition: the text copies out as typeset, character for character" "$out"
	# 420000 before the PDF was tagged: its structure tree (some 430
	# elements, each an object: libharu writes no object streams) adds 60-70 KB
	size=$(wc -c <"$f.pdf")
	[ "$size" -le 500000 ] && ok "fonts: $edition: $size bytes (at most 500000)" ||
		not_ok "fonts: $edition: $size bytes (at most 500000)"
	$san build -l "layouts/$edition.yaml" -o "$f.again.pdf" 2>/dev/null
	cmp -s "$f.pdf" "$f.again.pdf" && ok "fonts: $edition: two builds are byte-identical" ||
		not_ok "fonts: $edition: two builds are byte-identical"
done

# The tagged PDF (PDF/UA-1 as far as it is checked here): pdfinfo says
# Tagged: yes, and tests/check_tags.py checks the structure tree against the
# content and the page dump (every painting operator tagged or an artifact,
# headings, Alt, TH, reading order), for the plan and test documents in both
# writing modes; then that the checker fails on PDFs broken one way each.
# Debian's python3 has pikepdf, not the pyenv one on PATH.
mkdir -p "$tmp/tags"
for doc in content/plan.yaml tests/docs/midorino/plan.yaml tests/docs/numbers/plan.yaml; do
	for edition in a4 vertical; do
		name=$(basename "$(dirname "$doc")")
		[ "$name" = content ] && name=plan
		name=$name-$edition
		f="$tmp/tags/$name"
		$san build -l "layouts/$edition.yaml" -o "$f.pdf" --dump=pages "$doc" >"$f.pages" 2>"$f.err"
		if [ $? -ne 0 ] || [ -s "$f.err" ]; then
			not_ok "tags: $name: build" "$(cat "$f.err")"
			continue
		fi
		pdfinfo "$f.pdf" 2>&1 | grep -q '^Tagged: *yes$' && ok "tags: $name: pdfinfo says Tagged: yes" ||
			not_ok "tags: $name: pdfinfo says Tagged: yes" "$(pdfinfo "$f.pdf" 2>&1)"
		/usr/bin/python3 tests/check_tags.py "$f.pdf" "$f.pages" >"$f.check" 2>&1
		rc=$?
		relay "$f.check" "tags: $name: "
		[ $rc -le 1 ] || not_ok "tags: $name: check_tags.py ran (exit $rc)" "$(cat "$f.check")"
	done
done
f="$tmp/tags/plan-a4"
for kind in untagged paint mcid nest order skip alt th; do
	if /usr/bin/python3 tests/check_tags.py --mutate "$kind" "$f.pdf" "$f.$kind.pdf" 2>"$f.$kind.err"; then
		/usr/bin/python3 tests/check_tags.py "$f.$kind.pdf" "$f.pages" >"$f.$kind.check" 2>&1
		rc=$?
		[ $rc -eq 1 ] && grep -q '^FAIL - ' "$f.$kind.check" && ok "tags: the checker fails on a PDF broken: $kind" ||
			not_ok "tags: the checker fails on a PDF broken: $kind" "exit $rc; $(cat "$f.$kind.check")"
	else
		not_ok "tags: the checker fails on a PDF broken: $kind" "$(cat "$f.$kind.err")"
	fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
