#!/bin/sh
# Every test document (tests/docs/*/plan.yaml) and the real plan
# (content/plan.yaml) in every layout (layouts/*.yaml), end to end: the
# build, the PDF readers, the fonts, and every text of the document in the
# PDF (tests/check_text.py).
# Usage: docs.sh PLANGEN TMPDIR (e.g. sh tests/docs.sh ./build/plangen-san /tmp/x).
# Prints "ok - docs: DOC LAYOUT: WHAT" / "FAIL - docs: ..." lines, details
# indented under them; exits 1 if any check fails.
set -u
if [ $# -ne 2 ]; then
	echo "usage: docs.sh PLANGEN TMPDIR" >&2
	exit 2
fi
bin=$1
tmp=$2
# the tool and the directory as given from here, the rest from the top
case "$bin" in
/*) ;;
*/*) bin=$PWD/$bin ;;
esac
mkdir -p "$tmp" || exit 2
tmp=$(cd "$tmp" && pwd)
cd "$(dirname "$0")/.." || exit 2
failed=0

say() {
	if [ "$1" -eq 0 ]; then
		echo "ok - docs: $2"
	else
		failed=1
		echo "FAIL - docs: $2"
	fi
	[ -n "${3:-}" ] && [ "$1" -ne 0 ] && printf '%s\n' "$3" | head -n 20 | sed 's/^/    /'
	return 0
}

# A checker's ok/FAIL lines, as docs lines with a prefix.
relay() {	# file, prefix
	while IFS= read -r line; do
		case "$line" in
		"ok - "*) echo "ok - docs: $2${line#ok - }" ;;
		"FAIL - "*) failed=1; echo "FAIL - docs: $2${line#FAIL - }" ;;
		*) echo "$line" ;;
		esac
	done <"$1"
}

for doc in tests/docs/*/plan.yaml content/plan.yaml; do
	[ -f "$doc" ] || continue
	case "$doc" in
	content/*) name=plan ;;
	*) name=$(basename "$(dirname "$doc")") ;;
	esac
	for layout in layouts/*.yaml; do
		lname=$(basename "$layout" .yaml)
		what="$name $lname"
		pdf=$tmp/docs-$name-$lname.pdf
		err=$tmp/docs-$name-$lname.err
		rm -f "$pdf"
		vertical=
		grep -q '^writing_mode: *vertical' "$layout" && vertical=--vertical

		"$bin" build -l "$layout" -o "$pdf" --dump=pages "$doc" >"$tmp/docs-$name-$lname.pages" 2>"$err"
		rc=$?
		[ $rc -eq 0 ] && ! grep -qi 'error:' "$err"
		say $? "$what: build (exit $rc, no error)" "$(cat "$err")"
		# warnings are allowed, but shown
		grep -i 'warning:' "$err" | head -n 20 | sed 's/^/    /'
		if [ ! -s "$pdf" ]; then
			say 1 "$what: a PDF is written" "no $pdf: the other checks are skipped"
			continue
		fi

		out=$(qpdf --check "$pdf" 2>&1)
		say $? "$what: qpdf --check" "$out"

		out=$(pdftotext "$pdf" /dev/null 2>&1 >/dev/null)
		[ -z "$out" ]
		say $? "$what: pdftotext prints no warning" "$out"

		# pdffonts: name type encoding emb sub uni object ID (type may be two words)
		fonts=$(pdffonts "$pdf" 2>&1 | tail -n +3)
		n=$(printf '%s\n' "$fonts" | grep -c .)
		bad=$(printf '%s\n' "$fonts" | awk 'NF && !($(NF-4) == "yes" && $(NF-3) == "yes")')
		[ "$n" -gt 0 ] && [ -z "$bad" ]
		say $? "$what: every font embedded and subset ($n fonts)" \
			"$(pdffonts "$pdf" 2>&1 | head -n 2; printf '%s\n' "$bad")"

		python3 tests/check_text.py "$doc" "$pdf" $vertical >"$tmp/docs-$name-$lname.text" 2>&1
		rc=$?
		relay "$tmp/docs-$name-$lname.text" "$what: "
		[ $rc -le 1 ] || say 1 "$what: check_text.py ran (exit $rc)"

		# the draft edition: the final's lines and pages, marks on every page
		status=$(sed -n 's/^status: *//p' "$doc")
		[ -n "$status" ] || status=案
		dpdf=$tmp/docs-$name-$lname-draft.pdf
		"$bin" build --draft -l "$layout" -o "$dpdf" --dump=pages "$doc" \
			>"$tmp/docs-$name-$lname-draft.pages" 2>"$err"
		rc=$?
		out=$(python3 tests/check_draft.py "$tmp/docs-$name-$lname.pages" \
			"$tmp/docs-$name-$lname-draft.pages" "$status" 2>&1)
		[ $rc -eq 0 ] && [ -z "$out" ]
		say $? "$what: the draft sets the final's lines and marks every page" "exit $rc; $out"
		out=$(pdftotext "$dpdf" - 2>&1 | python3 -c '
import sys
pages = sys.stdin.read().split("\f")[:-1]
print(" ".join(str(i + 1) for i, p in enumerate(pages) if sys.argv[1] not in p))' "$status")
		[ -z "$out" ] && qpdf --check "$dpdf" >/dev/null 2>&1
		say $? "$what: every page of the draft PDF reads '$status'" "pages without it: $out"

		# the pages: geometry, kinsoku, notes, floats, balance (the real
		# plan's pages are checked by plan.sh)
		[ "$name" = plan ] && continue
		"$bin" check --dump=tree "$doc" >"$tmp/docs-$name.tree" 2>/dev/null
		pdftotext -raw "$pdf" "$tmp/docs-$name-$lname.txt" 2>/dev/null
		python3 tests/check_plan.py $vertical --prefix "$what" "$tmp/docs-$name.tree" \
			"$tmp/docs-$name-$lname.pages" "$tmp/docs-$name-$lname.txt" >"$tmp/docs-$name-$lname.check" 2>&1
		rc=$?
		relay "$tmp/docs-$name-$lname.check" ""
		[ $rc -eq 0 ] || say 1 "$what: check_plan.py ran (exit $rc)" "$(tail -n 5 "$tmp/docs-$name-$lname.check")"
	done
done
exit $failed
