#!/bin/sh
# The test-only npm tools of tests/axe/package.json (axe-core, puppeteer-core
# to drive Debian's Chromium, html-validate), installed into build/npm once.
set -u
cd "$(dirname "$0")/.."
want=$(cat tests/axe/package.json)
if [ -f build/npm/package.json ] && [ "$(cat build/npm/package.json)" = "$want" ] &&
	[ -d build/npm/node_modules/axe-core ]; then
	exit 0
fi
mkdir -p build/npm
cp tests/axe/package.json build/npm/package.json
# puppeteer-core never downloads a browser: Debian's chromium is used
(cd build/npm && npm install --no-audit --no-fund --silent >/dev/null 2>&1) ||
	{ echo "npm could not install the HTML test tools (tests/axe/package.json)" >&2; exit 1; }
