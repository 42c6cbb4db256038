// End to end in real Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): the demo page examples/web/ with <rapport-survey> and
// <rapport-scorecard>. Keyboard-only fill and submit, the scorecard updates,
// a reload mid-survey restores the draft, a bad instrument shows a readable
// error, and no page logs a console error. Screenshots go to
// $RAPPORT_SCREENSHOTS (default target/screenshots).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../../../../examples/web/serve.mjs";
import init, { score } from "../../js/index.js";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const SHOTS = process.env.RAPPORT_SCREENSHOTS ?? `${ROOT}target/screenshots`;
mkdirSync(SHOTS, { recursive: true });
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

let server;
let browser;
let base;
let sampleCsv;

// Each setup step says when it is done, so a stuck run names the step it is stuck in.
const t0 = Date.now();
const setupLog = (step) => console.error(`e2e setup: ${step} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

before(async () => {
  // The report file the scorecard page reads by src, scored in Node by the same module.
  await init();
  setupLog("wasm module loaded");
  mkdirSync(`${ROOT}target/e2e`, { recursive: true });
  sampleCsv = readFileSync(`${ROOT}examples/data/responses.csv`, "utf8");
  writeFileSync(`${ROOT}target/e2e/sample-report.json`, JSON.stringify(score(sampleCsv, { min_group_size: 5 }, { format: "csv" })));
  server = await startServer(0);
  base = `http://127.0.0.1:${server.address().port}`;
  setupLog(`server listening at ${base}`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Fail (and be retried) rather than wait out the file's timeout.
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
  setupLog(`Chromium ${browser.version()} started`);
});

after(async () => {
  await browser?.close();
  // Keep-alive connections would hold `close` open until they time out.
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

/** A fresh page that records console errors and uncaught exceptions. */
async function openPage(path, viewport = { width: 1400, height: 1000 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  // Which WebAssembly modules the page downloads (file names, once each).
  const wasm = new Set();
  page.on("request", (req) => {
    const m = /\/([^/?#]+\.wasm)(?:[?#]|$)/.exec(req.url());
    if (m) wasm.add(m[1]);
  });
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console.error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("requestfailed", (req) => problems.push(`request failed: ${req.url()}`));
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.goto(`${base}${path}`);
  return { context, page, problems, wasm };
}

const accepted = (page) =>
  page.evaluate(() => document.querySelector("rapport-scorecard").report?.intake.accepted ?? null);

async function waitForDemo(page) {
  await page.waitForFunction(() => document.querySelector("rapport-scorecard")?.report?.intake?.accepted > 0);
  await page.waitForFunction(() => document.querySelector("rapport-survey")?.shadowRoot?.querySelector("form"));
}

/** Question ids of the survey, in order. */
const questionIds = (page) =>
  page.evaluate(() =>
    [...document.querySelector("rapport-survey").shadowRoot.querySelectorAll("fieldset.question")].map(
      (f) => f.dataset.item,
    ),
  );

/** The id of the radio group holding the focus (inside the survey's shadow root). */
const focusedQuestion = (page) =>
  page.evaluate(() => {
    const a = document.querySelector("rapport-survey").shadowRoot.activeElement;
    return a && a.type === "radio" ? a.name : a ? a.tagName.toLowerCase() : null;
  });

const checked = (page) =>
  page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelector("rapport-survey").shadowRoot.querySelectorAll("input:checked")].map((i) => [
        i.name,
        i.value,
      ]),
    ),
  );

/**
 * Answer `count` questions with the keyboard only: Tab into the first radio
 * group, then per group ArrowRight (selects the next option; the first press
 * in an unselected group selects the second option) or Space (the first),
 * and Tab to the next group.
 */
async function answerByKeyboard(page, count, startFromTop = true) {
  if (startFromTop) {
    // Tab from the page's side controls into the survey.
    await page.locator('input[name="side"][value="business"]').focus();
    for (let i = 0; i < 10 && (await focusedQuestion(page)) === null; i++) await page.keyboard.press("Tab");
  }
  const ids = await questionIds(page);
  const answered = [];
  for (let k = 0; k < count; k++) {
    const q = await focusedQuestion(page);
    assert.ok(ids.includes(q), `focus should be on a question, is on ${q}`);
    await page.keyboard.press(k % 3 === 0 ? "Space" : "ArrowRight");
    if (k % 2 === 1) await page.keyboard.press("ArrowRight");
    answered.push(q);
    await page.keyboard.press("Tab");
  }
  return answered;
}

test("keyboard only: fill in the survey as the business, submit, and the scorecard changes", async () => {
  const { context, page, problems, wasm } = await openPage("/examples/web/");
  await waitForDemo(page);
  // Survey and scorecard on one page share the full module: one download.
  assert.deepEqual([...wasm], ["rapport_wasm_bg.wasm"]);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await waitForDemo(page);
  const before = await accepted(page);
  assert.equal(before, 1269, "the sample data is preloaded");
  const headlineBefore = await page.evaluate(() => document.querySelector("rapport-scorecard").shadowRoot.textContent);
  await page.screenshot({ path: `${SHOTS}/demo-start.png`, fullPage: false });
  await page.locator("rapport-survey").screenshot({ path: `${SHOTS}/survey-empty.png` });

  // Submitting early: the missing questions are named and focus moves to the first.
  const ids = await questionIds(page);
  await answerByKeyboard(page, 2);
  for (let i = 0; i < ids.length - 2 && (await focusedQuestion(page)) !== "button"; i++) await page.keyboard.press("Tab");
  assert.equal(await focusedQuestion(page), "button");
  await page.keyboard.press("Enter");
  const alert = await page.evaluate(
    () => document.querySelector("rapport-survey").shadowRoot.querySelector('[role="alert"]').textContent,
  );
  assert.match(alert, /still need an answer/);
  assert.equal(await focusedQuestion(page), ids[2], "focus moves to the first unanswered question");
  await page.locator("rapport-survey").screenshot({ path: `${SHOTS}/survey-missing.png` });

  // Answer the rest by keyboard, from the focused question on.
  await answerByKeyboard(page, ids.length - 2, false);
  assert.equal(Object.keys(await checked(page)).length, ids.length);
  await page.locator("rapport-survey").screenshot({ path: `${SHOTS}/survey-filled.png` });
  assert.equal(await focusedQuestion(page), "button");
  const submitted = page.evaluate(
    () =>
      new Promise((resolve) =>
        document.querySelector("rapport-survey").addEventListener("rapport-submit", (e) => resolve(e.detail), {
          once: true,
        }),
      ),
  );
  await page.keyboard.press("Enter");
  const response = await submitted;
  assert.equal(response.side, "business");
  assert.equal(response.wave, "2025-11");
  assert.equal(Object.keys(response.answers).length, ids.length);
  assert.ok(response.respondent.length > 0);
  assert.equal(response.segments.department, "Finance");

  await page.waitForFunction((n) => document.querySelector("rapport-scorecard").report.intake.accepted === n + 1, before);
  const headlineAfter = await page.evaluate(() => document.querySelector("rapport-scorecard").shadowRoot.textContent);
  assert.notEqual(headlineAfter, headlineBefore, "the scorecard shows new figures");
  // The core's SVG: the index's sparkline, one per dimension (four) and the gap chart.
  const svgs = await page.evaluate(() =>
    [...document.querySelector("rapport-scorecard").shadowRoot.querySelectorAll("svg.rapport-chart")].map((e) => e.getAttribute("class")),
  );
  assert.equal(svgs.filter((c) => c.includes("rapport-sparkline")).length, 5, svgs.join(" | "));
  assert.equal(svgs.length, 6, svgs.join(" | "));
  assert.match(await page.locator("#log").textContent(), /1270 responses/);
  assert.equal(Object.keys(await checked(page)).length, 0, "the form is cleared after submitting");
  await page.screenshot({ path: `${SHOTS}/demo-after-submit.png`, fullPage: false });
  await page.locator("rapport-scorecard").screenshot({ path: `${SHOTS}/scorecard.png` });

  // And once more as IT.
  await page.locator('input[name="side"][value="it"]').check();
  await page.waitForFunction(
    () => document.querySelector("rapport-survey").shadowRoot.querySelector("header p")?.textContent.includes("as IT"),
  );
  await page.locator('input[name="side"][value="it"]').focus();
  for (let i = 0; i < 10 && (await focusedQuestion(page)) === null; i++) await page.keyboard.press("Tab");
  await answerByKeyboard(page, ids.length, false);
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => document.querySelector("rapport-scorecard").report.intake.accepted === n + 2, before);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a reload mid-survey restores the draft", async () => {
  const { context, page, problems, wasm } = await openPage("/examples/web/");
  await waitForDemo(page);
  // Survey and scorecard on one page share the full module: one download.
  assert.deepEqual([...wasm], ["rapport_wasm_bg.wasm"]);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await waitForDemo(page);
  await answerByKeyboard(page, 5);
  const draft = await checked(page);
  assert.equal(Object.keys(draft).length, 5);
  await page.reload();
  await waitForDemo(page);
  await page.waitForFunction(
    () => document.querySelector("rapport-survey").shadowRoot.querySelectorAll("input:checked").length > 0,
  );
  assert.deepEqual(await checked(page), draft);
  const status = await page.evaluate(
    () => document.querySelector("rapport-survey").shadowRoot.querySelector('[role="status"]').textContent,
  );
  assert.match(status, /draft was restored/);
  await page.locator("rapport-survey").screenshot({ path: `${SHOTS}/survey-draft-restored.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

test("a respondent's page (survey only) downloads the small module and submits by keyboard", async () => {
  const { context, page, problems, wasm } = await openPage("/examples/web/survey.html?side=it&department=IT%20Service%20Desk");
  await page.waitForFunction(() => document.querySelector("rapport-survey")?.shadowRoot?.querySelector("form"));
  const ids = await questionIds(page);
  // Tab from the top of the page into the first question, then answer every one.
  for (let i = 0; i < 10 && (await focusedQuestion(page)) === null; i++) await page.keyboard.press("Tab");
  await answerByKeyboard(page, ids.length, false);
  assert.equal(await focusedQuestion(page), "button");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => !document.querySelector("#thanks").hidden);
  const response = JSON.parse(await page.locator("#thanks pre").textContent());
  assert.equal(response.side, "it");
  assert.equal(response.segments.department, "IT Service Desk");
  assert.equal(Object.keys(response.answers).length, ids.length);
  // The page's submit handler moved the focus to its thank-you message; the survey leaves it there.
  assert.equal(await page.evaluate(() => document.activeElement?.id), "thanks");
  await page.screenshot({ path: `${SHOTS}/survey-page-submitted.png`, fullPage: true });
  assert.deepEqual([...wasm], ["rapport_lite_bg.wasm"]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a bad instrument shows a readable error in the element", async () => {
  const { context, page, problems, wasm } = await openPage("/bindings/wasm/test/e2e/bad-instrument.html");
  await page.waitForFunction(() =>
    [...document.querySelectorAll("rapport-survey")].every((s) => s.shadowRoot?.querySelector('[role="alert"]')),
  );
  const alerts = await page.evaluate(() =>
    [...document.querySelectorAll("rapport-survey")].map((s) => s.shadowRoot.querySelector('[role="alert"]').textContent),
  );
  assert.match(alerts[0], /not valid/);
  assert.match(alerts[0], /unknown_dimension|names unknown dimension/);
  assert.match(alerts[1], /not valid/);
  assert.match(alerts[1], /instrument_syntax/);
  // Said once: not "instrument is not valid: instrument is not valid", not "at line 1 column 28 (line 1, column 28)".
  assert.doesNotMatch(alerts[1], /not valid: instrument is not valid|at line \d+ column/);
  assert.match(alerts[1], /\(line 1, column \d+\)/);
  assert.match(alerts[2], /side attribute/);
  await page.screenshot({ path: `${SHOTS}/bad-instrument.png` });
  // A page with surveys only downloads the small module (rapport-wasm/lite).
  assert.deepEqual([...wasm], ["rapport_lite_bg.wasm"]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the scorecard reads a report JSON and CSV by src; narrow screens keep working", async () => {
  const { context, page, problems } = await openPage("/bindings/wasm/test/e2e/scorecard.html", {
    width: 420,
    height: 900,
  });
  const cards = ["#from-report", "#from-csv", "#from-csv-again"];
  await page.waitForFunction(
    (cards) => cards.every((s) => document.querySelector(s).shadowRoot?.querySelector("table")),
    cards,
  );
  // Each dimension's figures (all, IT, business, gap) and the groups, as shown.
  const shown = await page.evaluate((cards) => {
    const rows = (root, part, n) =>
      [...root.querySelectorAll(`table[part="${part}"] tbody tr`)].map((tr) =>
        [...tr.children].slice(0, n).map((c) => c.textContent),
      );
    return cards.map((s) => {
      const root = document.querySelector(s).shadowRoot;
      return { dimensions: rows(root, "dimensions", 5), groups: rows(root, "groups", 3) };
    });
  }, cards);
  assert.deepEqual(shown[0], shown[1], "a report file and the responses it came from show the same figures");
  assert.ok(shown[0].dimensions.length === 5 && shown[0].groups.length > 3, JSON.stringify(shown[0]));
  // The core's charts come with responses (drawn from the report the core
  // builds); a finished report is shown without them.
  const charts = await page.evaluate((cards) => cards.map((s) => document.querySelector(s).shadowRoot.querySelectorAll("svg.rapport-chart").length), cards);
  assert.deepEqual(charts, [0, 1 + 4 + 1, 1 + 4 + 1], "the index's sparkline, four dimensions' and the gap chart");
  // Two scorecards on one page: no element id twice, and every chart's
  // title and description are found in its own scorecard.
  const ids = await page.evaluate((cards) => {
    const all = [];
    const unresolved = [];
    for (const s of cards) {
      const root = document.querySelector(s).shadowRoot;
      all.push(...[...root.querySelectorAll("[id]")].map((e) => e.id));
      for (const svg of root.querySelectorAll("[aria-labelledby]")) {
        for (const id of svg.getAttribute("aria-labelledby").split(" ")) if (!root.getElementById(id)) unresolved.push(id);
      }
    }
    return { all, unresolved };
  }, cards);
  assert.ok(ids.all.length >= 24, ids.all.join(" "));
  assert.equal(new Set(ids.all).size, ids.all.length, `an id twice: ${ids.all.join(" ")}`);
  assert.deepEqual(ids.unresolved, []);
  // Groups: the total, then each side with its own departments under it.
  const groups = shown[1].groups.map((r) => r[0]);
  assert.deepEqual(groups.slice(0, 2), ["All respondents", "IT"]);
  const business = groups.indexOf("Business");
  assert.ok(groups.slice(2, business).every((g) => g.startsWith("IT · ")), groups.join(" | "));
  assert.ok(groups.slice(business + 1).every((g) => g.startsWith("Business · ")), groups.join(" | "));
  const hidden = await page.evaluate(() =>
    [...document.querySelector("#from-csv").shadowRoot.querySelectorAll('tr[data-status="suppressed"]')].map(
      (r) => r.textContent,
    ),
  );
  // Every hidden row reads the same after its label: "hidden", no count, no reason.
  assert.ok(hidden.length > 0 && hidden.every((t) => /hidden—$/.test(t) && !/fewer|\d+—$/.test(t)), hidden.join(" | "));
  await page.screenshot({ path: `${SHOTS}/scorecard-narrow.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test("the scorecard shows the core's figures: the report's interval level, no -0.0", async () => {
  const { context, page, problems } = await openPage("/bindings/wasm/test/e2e/scorecard.html");
  await page.waitForFunction(() => document.querySelector("#from-csv").shadowRoot?.querySelector("table"));
  // A report at confidence 0.8 whose gaps are -0.01: "80%", never "95%"; "0.0", never "-0.0".
  const report = score(sampleCsv, { min_group_size: 5, confidence: 0.8 }, { format: "csv" });
  for (const g of report.waves.at(-1).gaps) g.gap = -0.01;
  const text = await page.evaluate(async (report) => {
    const card = document.createElement("rapport-scorecard");
    document.body.append(card);
    card.report = report;
    while (!card.shadowRoot.querySelector("table")) await new Promise((r) => setTimeout(r, 20));
    const gaps = [...card.shadowRoot.querySelectorAll('table[part="dimensions"] tbody tr')].map((tr) => tr.children[4].textContent);
    return { all: card.shadowRoot.textContent, gaps };
  }, report);
  assert.match(text.all, /80% CI \d+\.\d–\d+\.\d/);
  assert.doesNotMatch(text.all, /95%|-0\.0/);
  assert.deepEqual(text.gaps, ["0.0", "0.0", "0.0", "0.0", "0.0"]);
  assert.deepEqual(problems, []);
  await context.close();
});
