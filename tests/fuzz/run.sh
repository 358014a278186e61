#!/bin/sh
# make fuzz: run the loader and the pipeline targets for SECONDS each
# (default 60), seeded from content/ and every test document, with the
# format's dictionary. Corpora grow in build/fuzz/<target>/; a crash is
# saved there as crash-* and the run stops with its file named, to be made
# a fixture (tests/diag or tests/fuzz/regress/).
# Usage: tests/fuzz/run.sh SECONDS (FUZZ_TARGETS="loader" to run one target)
set -u
cd "$(dirname "$0")/../.."
secs=${1:-60}
out=build/fuzz
mkdir -p "$out/loader" "$out/pipeline" "$out/seed-loader" "$out/seed-pipeline"

# Loader seeds: every document file.
for f in content/plan.yaml tests/diag/*/plan.yaml tests/layout/*/plan.yaml tests/docs/*/plan.yaml; do
	cp "$f" "$out/seed-loader/$(echo "$f" | tr '/' '_')"
done
# Pipeline seeds: each chapter with its document's figures and notes, in
# each layout (the first byte), parts separated by "#%%" lines.
seed() {	# name, dir, chapter, tables, charts, diagrams, notes
	name=$1 d=$2
	shift 2
	for lay in 0 1 2; do
		{
			printf "\\$(printf '%03o' "$lay")"
			first=1
			for part in "$@"; do
				[ $first -eq 1 ] || printf '\n#%%%%\n'
				first=0
				[ -f "$d/$part" ] && cat "$d/$part"
			done
		} >"$out/seed-pipeline/$name-$lay"
	done
}
for d in content tests/docs/* tests/diag/* tests/layout/*; do
	[ -d "$d" ] || continue
	notes=$(sed -n 's/^footnotes: *//p' "$d/plan.yaml" 2>/dev/null)
	for ch in "$d"/*.yaml; do
		b=$(basename "$ch")
		case "$b" in
		plan.yaml | layout.yaml | tables.yaml | charts.yaml | diagrams.yaml | "$notes") continue ;;
		esac
		grep -q '^blocks:' "$ch" || continue
		seed "$(echo "$d-$b" | tr '/' '_')" "$d" "$b" tables.yaml charts.yaml diagrams.yaml "${notes:-notes.yaml}"
	done
done
# Crashes found earlier stay in the seeds: a fixed one must stay fixed.
for t in loader pipeline; do
	[ -d "tests/fuzz/regress/$t" ] && cp tests/fuzz/regress/$t/* "$out/seed-$t/" 2>/dev/null
done

rc=0
for t in ${FUZZ_TARGETS:-loader pipeline}; do
	echo "fuzz $t: $secs s, $(ls "$out/seed-$t" | wc -l) seeds"
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	"./build/fuzz-$t" -max_total_time="$secs" -dict=tests/fuzz/plangen.dict \
		-max_len=65536 -timeout=10 -rss_limit_mb=2048 -close_fd_mask=2 \
		-artifact_prefix="$out/$t/" -print_final_stats=1 \
		"$out/$t" "$out/seed-$t" >"$out/$t.log" 2>&1
	r=$?
	grep -E '^#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|stat::peak_rss|cov:' "$out/$t.log" | tail -n 3
	if [ $r -ne 0 ]; then
		echo "fuzz $t: FOUND A FAILURE (exit $r); see $out/$t.log and $out/$t/crash-* / leak-* / timeout-*"
		rc=1
	fi
done
exit $rc
