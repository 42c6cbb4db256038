// End to end in real Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): the command line's HTML report of the bundled sample
// with its action log, which scripts/test-wasm.sh writes with the CLI
// (target/e2e/report.html, or $RAPPORT_REPORT_HTML). At 1280 and 375 px:
// the headline on the first screen, no sideways scroll of the page, chart
// text not below 11 px, axe-core finds no violation; printed on A4 it takes
// at most PRINT_PAGES pages. Screenshots go to $RAPPORT_SCREENSHOTS
// (default target/screenshots).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const SHOTS = process.env.RAPPORT_SCREENSHOTS ?? `${ROOT}target/screenshots`;
mkdirSync(SHOTS, { recursive: true });
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const REPORT = process.env.RAPPORT_REPORT_HTML ?? `${ROOT}target/e2e/report.html`;
// Measured: 7 A4 pages (11 before the print layout, 8 before the running
// page foot took the footer off a page of its own); one page of slack for fonts.
const PRINT_PAGES = 8;

let browser;

before(async () => {
  assert.ok(
    existsSync(REPORT),
    `${REPORT} is missing: scripts/test-wasm.sh writes it with \`rapport report ... --format html\``,
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: 60_000,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
});

async function open(width) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console.error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  await page.goto(pathToFileURL(REPORT).href);
  return { context, page, problems };
}

/** The smallest rendered font size of any chart text, in CSS px. */
const smallestChartText = (page) =>
  page.evaluate(() => {
    let min = Infinity;
    for (const t of document.querySelectorAll("svg text")) {
      if (t.getBoundingClientRect().height === 0) continue;
      const m = t.getScreenCTM();
      const size = parseFloat(getComputedStyle(t).fontSize) * (m ? Math.hypot(m.a, m.b) : 1);
      min = Math.min(min, size);
    }
    return min;
  });

async function axeViolations(page) {
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  return page.evaluate(async () =>
    (await globalThis.axe.run(document)).violations.map((v) => `${v.impact} ${v.id}: ${v.nodes[0]?.target}`),
  );
}

for (const width of [1280, 375]) {
  test(`the HTML report at ${width} px: headline first, no sideways scroll, readable charts, no axe violation`, async () => {
    const { context, page, problems } = await open(width);
    try {
      await page.screenshot({ path: `${SHOTS}/report-${width}-first-screen.png` });
      await page.screenshot({ path: `${SHOTS}/report-${width}.png`, fullPage: true });
      // The four answers of the headline, in the first screen at 1280 px.
      const cards = await page.$$eval(".headline .card h3", (hs) => hs.map((h) => h.textContent));
      assert.deepEqual(
        cards.map((c) => c.replace(/: .*/, "").replace(/^Since .*/, "Since")),
        ["Where we stand", "Where we disagree", "Since", "What to do next"],
      );
      if (width === 1280) {
        const bottom = await page.$eval(".headline", (e) => e.getBoundingClientRect().bottom);
        assert.ok(bottom <= 900, `the headline ends at ${bottom} px, below the first screen`);
        // Cards size to their content: not all as tall as the tallest.
        const heights = await page.$$eval(".headline .card", (cs) => cs.map((c) => c.getBoundingClientRect().height));
        assert.ok(new Set(heights.map(Math.round)).size > 1, `cards all ${heights[0]} px tall`);
      }
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= width, `the page is ${scrollWidth} px wide at a ${width} px viewport`);
      // 11 px (less a rounding hair): charts are never shrunk below their
      // drawn size, so labels drawn at 11 stay 11.
      const smallest = await smallestChartText(page);
      assert.ok(smallest >= 10.9, `chart text is ${smallest.toFixed(1)} px at ${width} px`);
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
}

test(`the HTML report prints on at most ${PRINT_PAGES} A4 pages`, async () => {
  const { context, page } = await open(1280);
  try {
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: `${SHOTS}/report-print.png`, fullPage: true });
    const pdf = await page.pdf({ format: "A4" });
    writeFileSync(`${SHOTS}/report.pdf`, pdf);
    // Chromium writes one "/Type /Page" object per page ("/Pages" is the tree).
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
    assert.ok(pages >= 2 && pages <= PRINT_PAGES, `${pages} pages`);
  } finally {
    await context.close();
  }
});
