// End to end in real Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): the demo page examples/web/ with <rapport-survey> and
// <rapport-scorecard>, and the respondent's page (survey.html). Keyboard-only
// fill and submit, the summary of unanswered questions, progress, the
// anonymity line, the scorecard updates, a reload mid-survey restores the
// draft, a bad instrument shows a readable error, axe-core finds no
// violation and nothing scrolls sideways at 1280 and 375 px, and no page
// logs a console error. Screenshots go to $RAPPORT_SCREENSHOTS (default
// target/screenshots).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../../../../examples/web/serve.mjs";
import init, { score } from "../../js/index.js";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const SHOTS = process.env.RAPPORT_SCREENSHOTS ?? `${ROOT}target/screenshots`;
mkdirSync(SHOTS, { recursive: true });
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

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
  // The summary at the top takes the focus: how many, and links to the first unanswered.
  const summary = await page.evaluate(() => {
    const root = document.querySelector("rapport-survey").shadowRoot;
    const box = root.querySelector('[part="error-summary"]');
    return {
      focused: root.activeElement === box,
      hidden: box.hidden,
      title: box.querySelector("#summary-title").textContent,
      links: [...box.querySelectorAll("a")].map((a) => a.dataset.item),
      red: root.querySelectorAll("fieldset.question.missing").length,
      progress: root.querySelector('[part="progress"]').textContent,
    };
  });
  assert.deepEqual(summary, {
    focused: true,
    hidden: false,
    title: `${ids.length - 2} questions still need an answer`,
    links: ids.slice(2, 7),
    red: ids.length - 2,
    progress: `2 of ${ids.length} answered`,
  });
  await page.locator("rapport-survey").screenshot({ path: `${SHOTS}/survey-missing.png` });
  // Its first link takes the focus to the first unanswered question.
  await page.keyboard.press("Tab");
  assert.equal(await focusedQuestion(page), "a");
  await page.keyboard.press("Enter");
  assert.equal(await focusedQuestion(page), ids[2], "the link moves the focus to the first unanswered question");

  // Answer the rest by keyboard, from the focused question on.
  await answerByKeyboard(page, ids.length - 2, false);
  assert.equal(Object.keys(await checked(page)).length, ids.length);
  // Every question answered: the summary and the red marks are gone, the progress is full.
  assert.deepEqual(
    await page.evaluate(() => {
      const root = document.querySelector("rapport-survey").shadowRoot;
      return [
        root.querySelector('[part="error-summary"]').hidden,
        root.querySelectorAll(".missing, .needs").length,
        root.querySelector('[part="progress"]').textContent,
      ];
    }),
    [true, 0, `${ids.length} of ${ids.length} answered`],
  );
  await page.locator("rapport-survey").screenshot({ path: `${SHOTS}/survey-filled.png` });
  assert.equal(await focusedQuestion(page), "button");
  // The listener is in place before Enter is pressed: an un-awaited
  // evaluate could lose the race to the key press and wait forever.
  await page.evaluate(() => {
    window.rapportSubmitted = new Promise((resolve) =>
      document.querySelector("rapport-survey").addEventListener("rapport-submit", (e) => resolve(e.detail), {
        once: true,
      }),
    );
  });
  await page.keyboard.press("Enter");
  const response = await page.evaluate(() => window.rapportSubmitted);
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

/** axe-core's violations on the page (shadow roots included), as "rule: targets" lines. */
async function axeViolations(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const r = await axe.run(document);
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")}`);
  });
}

/** The survey's first question's option boxes, and the checked one's colours. */
const optionBoxes = (page, item) =>
  page.evaluate((item) => {
    const root = document.querySelector("rapport-survey").shadowRoot;
    return [...root.querySelectorAll(`fieldset[data-item="${item}"] label.option`)].map((l) => {
      const r = l.getBoundingClientRect();
      return { left: Math.round(r.left), top: Math.round(r.top), width: Math.round(r.width) };
    });
  }, item);

const PAGES = [
  ["demo", "/examples/web/"],
  ["respondent", "/examples/web/survey.html"],
];

for (const width of [1280, 375]) {
  for (const [name, path] of PAGES) {
    test(`${name} page at ${width} px: no axe-core violation, no sideways scroll, options laid out evenly`, async () => {
      const { context, page, problems } = await openPage(path, { width, height: 900 });
      await page.evaluate(() => localStorage.clear());
      await page.waitForFunction(() => document.querySelector("rapport-survey")?.shadowRoot?.querySelector("form"));
      if (name === "demo") await waitForDemo(page);
      assert.deepEqual(await axeViolations(page), [], "at first");
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= width, `the page is ${scrollWidth} px wide at ${width} px`);
      await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });

      // The first question's options: equal columns in one row on a wide
      // survey (the respondent page at 1280), one under the other on a phone.
      const ids = await questionIds(page);
      const boxes = await optionBoxes(page, ids[0]);
      assert.ok(boxes.length >= 5, JSON.stringify(boxes));
      if (name === "respondent" && width === 1280) {
        assert.ok(boxes.every((b) => b.top === boxes[0].top && Math.abs(b.width - boxes[0].width) <= 1), JSON.stringify(boxes));
      }
      if (width === 375) {
        assert.ok(boxes.every((b) => b.left === boxes[0].left && b.width === boxes[0].width), JSON.stringify(boxes));
        assert.ok(boxes.every((b, i) => i === 0 || b.top > boxes[i - 1].top), JSON.stringify(boxes));
      }

      // A chosen answer is a solid fill with a check mark, not a tint.
      const option = page.locator("rapport-survey").locator(`fieldset[data-item="${ids[0]}"] label.option`).nth(3);
      await option.click();
      const look = await option.evaluate((l) => {
        const style = getComputedStyle(l);
        return {
          background: style.backgroundColor,
          color: style.color,
          mark: getComputedStyle(l.querySelector(".mark"), "::after").content,
          accent: getComputedStyle(l).getPropertyValue("--_accent").trim(),
        };
      });
      assert.deepEqual(look, { background: "rgb(26, 95, 180)", color: "rgb(255, 255, 255)", mark: '"✓"', accent: "#1a5fb4" });

      // An empty submit (one answer given): the summary, red questions; still no violation.
      await page.locator("rapport-survey").locator('button[type="submit"]').click();
      await page.waitForFunction(() => !document.querySelector("rapport-survey").shadowRoot.querySelector('[part="error-summary"]').hidden);
      assert.deepEqual(await axeViolations(page), [], "with the summary of unanswered questions and a chosen answer");
      const after = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(after <= width, `the page is ${after} px wide at ${width} px with the summary`);
      await page.screenshot({ path: `${SHOTS}/${name}-${width}-unanswered.png`, fullPage: false });

      if (name === "demo") {
        // The gap chart's text is at least 11 px as drawn, and its legend
        // gives the asterisk of a clear difference as its symbol.
        const chart = await page.evaluate(() => {
          const svg = document.querySelector("rapport-scorecard").shadowRoot.querySelector("svg.rapport-gap");
          const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
          const sizes = [...svg.querySelectorAll("text")].map((t) => Number(t.getAttribute("font-size")) * scale);
          const legend = [...svg.querySelectorAll(".legend text")].map((t) => t.textContent);
          const marked = [...svg.querySelectorAll("text.gap-significant")].map((t) => t.textContent);
          return { min: Math.min(...sizes), legend, marked };
        });
        assert.ok(chart.min >= 11, `gap chart text ${chart.min.toFixed(1)} px at ${width} px`);
        assert.ok(chart.marked.length > 0 && chart.marked.every((t) => t.endsWith("*")), JSON.stringify(chart));
        assert.deepEqual(chart.legend.slice(-2), ["*", "clear difference"], JSON.stringify(chart));
        await page.locator("rapport-scorecard").screenshot({ path: `${SHOTS}/scorecard-${width}.png` });
      }
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}

test("the respondent's page: anonymity line with the minimum group size, wave, progress, summary of unanswered questions", async () => {
  // The core's default minimum reporting size, read from a report it makes.
  const coreDefault = score(sampleCsv, undefined, { format: "csv" }).privacy.min_group_size;
  const { context, page, problems, wasm } = await openPage("/examples/web/survey.html", { width: 375, height: 800 });
  // A reload while the module is still downloading would abort that request.
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForFunction(() => document.querySelector("rapport-survey")?.shadowRoot?.querySelector("form"));
  const header = () =>
    page.evaluate(() => {
      const root = document.querySelector("rapport-survey").shadowRoot;
      return {
        h1: root.querySelector("h1")?.textContent ?? null,
        meta: root.querySelector('[part="meta"]').textContent,
        privacy: root.querySelector('[part="privacy"]').textContent,
        progress: root.querySelector('[part="progress"]').textContent,
      };
    });
  const ids = await questionIds(page);
  const first = await header();
  assert.equal(first.h1, "IT–business relationship health");
  assert.match(first.meta, new RegExp(`^Wave 2025-11 · ${ids.length} questions · you answer as the business`));
  assert.equal(
    first.privacy,
    `Your answers are anonymous: they are only ever reported for groups, and any group of fewer than ${coreDefault} respondents is hidden.`,
  );
  assert.equal(first.progress, `0 of ${ids.length} answered`);

  // Submit with nothing answered: the summary says how many, links the first five, takes the focus.
  await page.locator("rapport-survey").locator('button[type="submit"]').click();
  const summary = () =>
    page.evaluate(() => {
      const root = document.querySelector("rapport-survey").shadowRoot;
      const box = root.querySelector('[part="error-summary"]');
      return {
        focused: root.activeElement === box,
        title: box.querySelector("#summary-title").textContent,
        links: [...box.querySelectorAll("a")].map((a) => a.textContent),
        more: box.querySelector(".more").textContent,
        needs: root.querySelectorAll(".needs").length,
      };
    });
  const texts = await page.evaluate(() =>
    [...document.querySelector("rapport-survey").shadowRoot.querySelectorAll("fieldset.question > legend")].map(
      (l) => l.firstChild.textContent,
    ),
  );
  assert.deepEqual(await summary(), {
    focused: true,
    title: `${ids.length} questions still need an answer`,
    links: texts.slice(0, 5).map((t, i) => `Question ${i + 1}: ${t}`),
    more: `and ${ids.length - 5} more, marked in red below.`,
    needs: ids.length,
  });
  await page.screenshot({ path: `${SHOTS}/respondent-empty-submit.png` });
  // Answering updates the summary and the progress.
  await page.locator("rapport-survey").locator(`fieldset[data-item="${ids[0]}"] label.option`).first().click();
  assert.equal((await summary()).title, `${ids.length - 1} questions still need an answer`);
  assert.equal((await summary()).needs, ids.length - 1);
  assert.equal((await header()).progress, `1 of ${ids.length} answered`);
  // A respondent id given by the page can name a person: the answers are confidential, not anonymous.
  await page.evaluate(() => document.querySelector("rapport-survey").setAttribute("respondent", "emp-4711"));
  await page.waitForFunction(() => document.querySelector("rapport-survey").shadowRoot.querySelector('[part="privacy"]')?.textContent.startsWith("Your answers are confidential"));
  assert.equal(
    (await header()).privacy,
    `Your answers are confidential: they are only ever reported for groups, and any group of fewer than ${coreDefault} respondents is hidden.`,
  );
  // The new attribute renders the survey again: let it finish loading before the page is left.
  await page.waitForLoadState("networkidle");

  // The minimum comes from the page (the analysis's option), checked by the core.
  await page.goto(`${base}/examples/web/survey.html?min-group=8`);
  await page.waitForFunction(() => document.querySelector("rapport-survey")?.shadowRoot?.querySelector('[part="privacy"]')?.textContent.includes("8"));
  assert.match((await header()).privacy, /fewer than 8 respondents is hidden/);
  await page.waitForLoadState("networkidle");
  await page.goto(`${base}/examples/web/survey.html?min-group=2`);
  await page.waitForFunction(() => document.querySelector("rapport-survey")?.shadowRoot?.querySelector('[role="alert"]'));
  const alert = await page.evaluate(() => document.querySelector("rapport-survey").shadowRoot.querySelector('[role="alert"]').textContent);
  assert.match(alert, /min-group attribute is not valid: option min_group_size is invalid: expected at least 3, found 2 \(invalid_option\)/);
  assert.deepEqual([...wasm], ["rapport_lite_bg.wasm"]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("keyboard focus on a phone (Tab, then the arrow keys through the answers) never sits under the sticky progress bar", async () => {
  const { context, page, problems } = await openPage("/examples/web/survey.html", { width: 375, height: 600 });
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => document.querySelector("rapport-survey")?.shadowRoot?.querySelector("form"));
  const ids = await questionIds(page);
  let answers = 0;
  const covered = [];
  // Tab to each question, then arrow down through its answers (which picks them).
  const keys = [];
  for (let i = 0; i < ids.length * 2; i++) keys.push("Tab", "ArrowDown", "ArrowDown", "ArrowDown", "ArrowDown");
  for (const key of keys) {
    if (answers >= ids.length * 5) break;
    await page.keyboard.press(key);
    const at = await page.evaluate(() => {
      const root = document.querySelector("rapport-survey").shadowRoot;
      const el = root.activeElement;
      if (!el || el.type !== "radio") return null;
      const option = el.closest(".option").getBoundingClientRect();
      const bar = root.querySelector('[part="progress"]').getBoundingClientRect();
      return { item: el.name, bottom: option.bottom, bar: bar.top };
    });
    if (!at) continue;
    answers += 1;
    if (at.bottom > at.bar) covered.push(at);
  }
  assert.ok(answers >= ids.length * 5, `${answers} focused answers`);
  assert.deepEqual(covered, [], "focused answers under the progress bar");
  assert.deepEqual(problems, []);
  await context.close();
});

test("the demo's survey states the scorecard's minimum group size; the modules arrive compressed", async () => {
  const { context, page, problems } = await openPage("/examples/web/");
  await waitForDemo(page);
  const encodings = {};
  page.on("response", (res) => {
    const m = /\/([^/?#]+\.wasm)$/.exec(res.url());
    if (m) encodings[m[1]] = res.headers()["content-encoding"] ?? null;
  });
  await page.reload();
  await waitForDemo(page);
  const min = await page.evaluate(() => document.querySelector("rapport-scorecard").report.privacy.min_group_size);
  const privacy = await page.evaluate(() => document.querySelector("rapport-survey").shadowRoot.querySelector('[part="privacy"]').textContent);
  assert.match(privacy, new RegExp(`fewer than ${min} respondents is hidden`));
  assert.deepEqual(encodings, { "rapport_wasm_bg.wasm": "br" });
  assert.deepEqual(problems, []);
  await context.close();
});
