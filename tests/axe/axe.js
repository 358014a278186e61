// Run axe-core on an HTML file in Debian's Chromium (headless) and print
// one line per violation; exit 1 if there is any. Usage:
//   NODE_PATH=build/npm/node_modules node tests/axe/axe.js FILE.html
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

(async () => {
	const file = path.resolve(process.argv[2]);
	const browser = await puppeteer.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		// running as root in a container: Chromium's sandbox needs user namespaces
		args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
	});
	try {
		const page = await browser.newPage();
		await page.goto('file://' + file, { waitUntil: 'load' });
		await page.addScriptTag({ content: axeSource });
		const result = await page.evaluate(async () => {
			// every rule axe has: WCAG 2.0/2.1 A and AA and best practices
			return await axe.run(document, { resultTypes: ['violations'] });
		});
		for (const v of result.violations)
			for (const n of v.nodes)
				console.log(`${v.id} (${v.impact}): ${v.help}: ${n.target.join(' ')}`);
		console.log(`axe ${result.testEngine.version}: ${result.violations.length} violations, ` +
		    `${result.passes.length} rules passed`);
		process.exitCode = result.violations.length ? 1 : 0;
	} finally {
		await browser.close();
	}
})().catch((e) => { console.error(e.message); process.exitCode = 2; });
