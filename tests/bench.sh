#!/bin/sh
# Benchmark: the plan rendered repeatedly with the tool already built.
# Prints the median wall time and peak memory of a whole build, the median
# time of each stage, and the same for the body repeated 20 times (about
# 20x the pages) with the ratio to the single plan; then the growth of
# hostile shapes (tests/growth.py).
set -u
cd "$(dirname "$0")/.."
runs=${BENCH_RUNS:-15}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bench() {	# label, extra args
	label=$1
	shift
	i=0
	: >"$tmp/stats"
	while [ $i -lt "$runs" ]; do
		./build/plangen build -o "$tmp/bench.pdf" --stats "$@" 2>>"$tmp/stats" || exit 1
		i=$((i + 1))
	done
	# stats: pages P load L validate V typeset T paginate G write W total X ms, peak K KiB
	awk -v label="$label" '
	function median(a, n,   i, j, t) {
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
			if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	{ n++; pages = $3; load[n] = $5; val[n] = $7; ts[n] = $9; pg[n] = $11;
	  wr[n] = $13; tot[n] = $15; if ($18 > peak) peak = $18 }
	END {
		printf "%s: %d pages, median %.1f ms (load %.1f, validate %.1f, typeset %.1f, paginate %.1f, write %.1f), peak %.1f MB, %d runs\n",
		    label, pages, median(tot, n), median(load, n), median(val, n),
		    median(ts, n), median(pg, n), median(wr, n), peak / 1024, n
		print median(tot, n) > "/dev/stderr"
	}' "$tmp/stats" 2>"$tmp/median.$label"
}

bench plan
bench vertical -l layouts/vertical.yaml
bench plan-x20 --repeat 20
one=$(cat "$tmp/median.plan")
twenty=$(cat "$tmp/median.plan-x20")
awk -v a="$one" -v b="$twenty" 'BEGIN { printf "ratio x20 / x1: %.2f (linear cost with a fixed part would be below 20)\n", b / a }'

# The 新旧対照表 of the plan and a revision of it (tests/revise.py).
python3 tests/revise.py "$tmp/revised"
i=0
: >"$tmp/diff.ms"
while [ $i -lt "$runs" ]; do
	s=$(date +%s%N)
	./build/plangen diff -o "$tmp/diff.pdf" content/plan.yaml "$tmp/revised/plan.yaml" || exit 1
	e=$(date +%s%N)
	echo $(((e - s) / 1000)) >>"$tmp/diff.ms"
	i=$((i + 1))
done
sort -n "$tmp/diff.ms" | awk '{ v[NR] = $1 } END { printf "diff: the plan against a revision, median %.1f ms, %d runs\n", v[int((NR + 1) / 2)] / 1000, NR }'

# Hostile shapes at 1x and 10x: each should grow about linearly.
python3 tests/growth.py ./build/plangen "${GROWTH_RUNS:-3}"
