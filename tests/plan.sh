#!/bin/sh
# End-to-end checks of the real plan: the PDF against the readers, fonts,
# determinism, and the text and layout through tests/check_plan.py.
# Usage: plan.sh PLANGEN TMPDIR. Prints "ok - ..." / "FAIL - ..." lines.
set -u
bin=$1
tmp=$2
say() { if [ "$1" -eq 0 ]; then echo "ok - $2"; else echo "FAIL - $2"; [ -n "${3:-}" ] && printf '%s\n' "$3" | head -n 20; fi; }

$bin build -o "$tmp/a.pdf" --dump=pages >"$tmp/pages.txt" 2>"$tmp/build.err"
say $? "build content/plan.yaml" "$(cat "$tmp/build.err")"
[ -s "$tmp/build.err" ]; say $((1 - $?)) "build prints no message" "$(cat "$tmp/build.err")"
$bin check --dump=tree >"$tmp/tree.txt" 2>/dev/null
$bin build -o "$tmp/b.pdf" 2>/dev/null
cmp -s "$tmp/a.pdf" "$tmp/b.pdf"; say $? "two builds are byte-identical"
SOURCE_DATE_EPOCH=1700000000 $bin build -o "$tmp/c.pdf" 2>/dev/null
pdfinfo "$tmp/c.pdf" 2>/dev/null | grep -q 'CreationDate:.*2023'; say $? "SOURCE_DATE_EPOCH sets the creation date"
pdfinfo "$tmp/a.pdf" 2>/dev/null | grep -q 'CreationDate:.*Mar  1 .*2017'; say $? "the content's date is the default creation date"

info=$(pdfinfo "$tmp/a.pdf" 2>&1)
echo "$info" | grep -q '^Title: *小平市第3次行財政再構築プラン$' &&
	echo "$info" | grep -q '^Author: *小平市$' &&
	echo "$info" | grep -q '^Creator: *plangen ' &&
	echo "$info" | grep -q '^Subject: *.'
say $? "document info in Japanese" "$info"

# Readers: not one warning.
err=$(pdftotext "$tmp/a.pdf" /dev/null 2>&1); [ -z "$err" ]; say $? "pdftotext: no warning" "$err"
err=$(pdfinfo "$tmp/a.pdf" 2>&1 >/dev/null); [ -z "$err" ]; say $? "pdfinfo: no warning" "$err"
err=$(qpdf --check "$tmp/a.pdf" 2>&1); rc=$?
[ $rc -eq 0 ] && ! echo "$err" | grep -qi 'warning'; say $? "qpdf --check: clean" "$err"
# Debian's mupdf prints "ICC support is not available" for every file: not ours.
err=$(mutool draw -o "$tmp/m%d.png" -r 20 "$tmp/a.pdf" 2>&1 | grep -v '^warning: ICC support is not available$' | grep -v '^page ')
[ -z "$err" ]; say $? "mutool draw: no warning" "$err"
err=$(gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=nullpage "$tmp/a.pdf" 2>&1); [ -z "$err" ]; say $? "ghostscript: no warning" "$err"

# Fonts: every one embedded, subset, with a ToUnicode map.
fonts=$(pdffonts "$tmp/a.pdf" 2>&1 | tail -n +3)
n=$(echo "$fonts" | grep -c .)
good=$(echo "$fonts" | awk '$(NF-4)=="yes" && $(NF-3)=="yes" && $(NF-2)=="yes"' | grep -c .)
[ "$n" -eq 2 ] && [ "$good" -eq 2 ]; say $? "fonts: IPAex Mincho and Gothic embedded and subset" "$fonts"

# Page labels: cover and contents in roman numerals, then 1 at the first folio 1.
front=$(grep -c '^page [0-9]* folio roman' "$tmp/pages.txt")
labels=$(mutool show "$tmp/a.pdf" trailer/Root/PageLabels 2>&1 | tr -s ' \n' ' ')
echo "$labels" | grep -q "/Nums \[ 0 << /S /r /St 1 >> $front << /S /D /St 1 >> \]"
say $? "page labels match the folios (i, ii, then 1 at page $((front + 1)))" "$labels"
pdftotext -raw "$tmp/a.pdf" "$tmp/text.txt" 2>/dev/null
python3 tests/check_plan.py --plan "$tmp/tree.txt" "$tmp/pages.txt" "$tmp/text.txt"

# The vertical edition from the same content.
$bin build -l layouts/vertical.yaml -o "$tmp/v.pdf" --dump=pages >"$tmp/vpages.txt" 2>"$tmp/vbuild.err"
say $? "build the vertical edition" "$(cat "$tmp/vbuild.err")"
[ -s "$tmp/vbuild.err" ]; say $((1 - $?)) "the vertical build prints no message" "$(cat "$tmp/vbuild.err")"
$bin build -l layouts/vertical.yaml -o "$tmp/v2.pdf" 2>/dev/null
cmp -s "$tmp/v.pdf" "$tmp/v2.pdf"; say $? "vertical: two builds are byte-identical"
err=$(pdftotext "$tmp/v.pdf" /dev/null 2>&1); [ -z "$err" ]; say $? "vertical: pdftotext no warning" "$err"
err=$(qpdf --check "$tmp/v.pdf" 2>&1); rc=$?
[ $rc -eq 0 ] && ! echo "$err" | grep -qi 'warning'; say $? "vertical: qpdf --check clean" "$err"
err=$(mutool draw -o "$tmp/vm%d.png" -r 20 "$tmp/v.pdf" 2>&1 | grep -v '^warning: ICC support is not available$' | grep -v '^page ')
[ -z "$err" ]; say $? "vertical: mutool draw no warning" "$err"
err=$(gs -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=nullpage "$tmp/v.pdf" 2>&1); [ -z "$err" ]; say $? "vertical: ghostscript no warning" "$err"
mutool show "$tmp/v.pdf" trailer/Root/ViewerPreferences 2>/dev/null | grep -q '/Direction /R2L' &&
	mutool show "$tmp/v.pdf" trailer/Root/PageLayout 2>/dev/null | grep -q 'TwoPageRight'
say $? "vertical: pages progress right to left, two up from the right"
fonts=$(pdffonts "$tmp/v.pdf" 2>&1 | tail -n +3)
echo "$fonts" | grep -q 'Identity-V'; say $? "vertical: an /Identity-V font draws the columns" "$fonts"
pdftotext -raw "$tmp/v.pdf" "$tmp/vtext.txt" 2>/dev/null
# Copy gives 、。 and not their vertical presentation forms (U+FE10-FE19).
! LC_ALL=C grep -q "$(printf '\357\270[\220-\231]')" "$tmp/vtext.txt" && grep -q '、' "$tmp/vtext.txt"
say $? "vertical: text copies as the characters, not presentation forms"
python3 tests/check_plan.py --plan --vertical "$tmp/tree.txt" "$tmp/vpages.txt" "$tmp/vtext.txt"

# The cover carries the whole title, in both editions.
for f in a v; do
	cover=$(pdftotext -raw -f 1 -l 1 "$tmp/$f.pdf" - 2>/dev/null | tr -d ' \n')
	case "$cover" in *小平市第3次行財政再構築プラン*) r=0 ;; *) r=1 ;; esac
	say $r "cover of $f.pdf: the whole title" "$cover"
done

# Turned glyphs are drawn turned: a text matrix turned 90° for at least
# every column that the dump says holds a turned run.
qpdf --qdf --object-streams=disable "$tmp/v.pdf" "$tmp/vq.pdf" 2>/dev/null
turned=$(grep -a -c '^0 -1 1 0 .* Tm$' "$tmp/vq.pdf")
want=$(grep -c ' o=[UT]*R' "$tmp/vpages.txt")
[ "$want" -gt 0 ] && [ "$turned" -ge "$want" ]; say $? "vertical: turned glyphs are drawn turned ($turned turned runs, $want columns with one)"

# The third layout, with no code of its own: A4 vertical in two tiers.
$bin build -l layouts/vertical-a4-2tier.yaml -o "$tmp/t.pdf" --dump=pages >"$tmp/tpages.txt" 2>"$tmp/tbuild.err"
say $? "build the two-tier A4 edition" "$(cat "$tmp/tbuild.err")"
[ -s "$tmp/tbuild.err" ]; say $((1 - $?)) "the two-tier build prints no message" "$(cat "$tmp/tbuild.err")"
err=$(pdftotext "$tmp/t.pdf" /dev/null 2>&1); [ -z "$err" ]; say $? "two-tier: pdftotext no warning" "$err"
err=$(qpdf --check "$tmp/t.pdf" 2>&1); rc=$?
[ $rc -eq 0 ] && ! echo "$err" | grep -qi 'warning'; say $? "two-tier: qpdf --check clean" "$err"
tiers=$(awk '/^page 4 /{p=1; next} /^page /{p=0} p && /^  frame [0-9]+ text vertical/' "$tmp/tpages.txt" | wc -l)
[ "$tiers" -eq 2 ]; say $? "two-tier: a body page has two text frames ($tiers)"
pdftotext -raw "$tmp/t.pdf" "$tmp/ttext.txt" 2>/dev/null
python3 tests/check_plan.py --plan --vertical --prefix two-tier "$tmp/tree.txt" "$tmp/tpages.txt" "$tmp/ttext.txt"
