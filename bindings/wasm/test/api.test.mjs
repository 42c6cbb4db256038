// The JS API of rapport-wasm in Node: the sample data scored in WebAssembly
// equals `rapport report --format json`; errors are located RapportErrors
// of the class of their category (the Python package's class names);
// incremental, bulk (Float64Array) and one-shot scoring agree.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import init, {
  DocumentError,
  InputError,
  InstrumentError,
  IoError,
  OptionsError,
  RapportError,
  Scorer,
  defaultInstrument,
  reportScorecard,
  parseInstrument,
  score,
  scoreColumns,
  surveyForm,
  validateResponses,
  version,
} from "../js/index.js";

const ROOT = new URL("../../../", import.meta.url);
const ROOT_DIR = fileURLToPath(ROOT);
await init();

const SAMPLE = "examples/data/responses.csv";
const sampleCsv = readFileSync(new URL(SAMPLE, ROOT), "utf8");

/** Deep comparison: exact for everything but non-integer numbers (relative 1e-9). */
function differences(a, b, path = "$", out = []) {
  if (out.length >= 10) return out;
  if (typeof a === "number" && typeof b === "number") {
    const ok = Number.isInteger(a) && Number.isInteger(b) ? a === b : Math.abs(a - b) <= 1e-9 * (1 + Math.abs(b));
    if (!ok) out.push(`${path}: ${a} != ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: length ${a.length} != ${b.length}`);
    else a.forEach((x, i) => differences(x, b[i], `${path}[${i}]`, out));
  } else if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      if (!(k in a) || !(k in b)) out.push(`${path}.${k}: only in ${k in a ? "wasm" : "CLI"}`);
      else differences(a[k], b[k], `${path}.${k}`, out);
    }
  } else if (a !== b) {
    out.push(`${path}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`);
  }
  return out;
}

function cliReport(args) {
  const candidates = [process.env.RAPPORT_CLI, `${ROOT_DIR}target/release/rapport`].filter(Boolean);
  const cli = candidates.find((c) => existsSync(c));
  assert.ok(cli, `the rapport CLI is needed (set RAPPORT_CLI; tried ${candidates.join(", ")})`);
  return JSON.parse(execFileSync(cli, ["report", ...args, "--format", "json"], { cwd: ROOT_DIR, maxBuffer: 1 << 28 }));
}

test("the sample scored in wasm equals `rapport report --format json` (every field)", () => {
  const cli = cliReport([SAMPLE]);
  // The file name is passed as the CLI sees it, so no field differs, not even
  // intake.sources[].file; generator is the same core version on both sides.
  const wasm = score(sampleCsv, undefined, { format: "csv", file: SAMPLE });
  assert.equal(wasm.generator, `rapport ${version()}`);
  assert.deepEqual(differences(wasm, cli), []);
  assert.equal(wasm.intake.accepted, 1269);
  assert.equal(wasm.waves.length, 8);
});

test("options: partial objects take defaults; the same options give the CLI's figures", () => {
  const cli = cliReport([SAMPLE, "--min-group", "3", "--by", "side,role"]);
  const wasm = score(sampleCsv, { min_group_size: 3, by: ["side", "role"] }, { format: "csv", file: SAMPLE });
  assert.deepEqual(differences(wasm, cli), []);
  assert.equal(wasm.options.confidence, 0.95);
});

test("responses as JSON objects score like the CSV", () => {
  const fromCsv = score(sampleCsv, undefined, { format: "csv" });
  // Round-trip the CSV through the documented JSON form (the Scorer reads it back).
  const lines = sampleCsv.trim().split("\n");
  const header = lines[0].split(",");
  const instrument = defaultInstrument();
  const itemIds = new Set([...instrument.items.map((i) => i.id), ...instrument.outcomes.map((o) => o.id)]);
  const responses = lines.slice(1).map((line) => {
    const cells = line.split(",");
    const r = { respondent: "", side: "", wave: "", segments: {}, answers: {} };
    header.forEach((h, i) => {
      const v = cells[i];
      if (h === "respondent" || h === "side" || h === "wave") r[h] = v;
      else if (itemIds.has(h)) {
        if (v === "") return;
        r.answers[h] = v === "N/A" ? "na" : /^\d+$/.test(v) ? Number(v) : v;
      } else r.segments[h] = v;
    });
    return r;
  });
  const fromJson = score(responses);
  assert.deepEqual(differences(fromJson.waves, fromCsv.waves), []);
  assert.deepEqual(differences(fromJson.trends, fromCsv.trends), []);
  // No per-file counts in a report, on any surface.
  assert.deepEqual(fromJson.intake.sources, []);
});

test("errors are Error objects with code and location", () => {
  const bad = [
    { respondent: "a", side: "it", wave: "2026-01", answers: { trust_1: 4 } },
    { respondent: "b", side: "it", wave: "2026-01", answers: { trust_2: 9 } },
  ];
  assert.throws(
    () => score(bad, undefined, { file: "upload.json" }),
    (e) => {
      assert.ok(e instanceof Error && e instanceof RapportError && e instanceof InputError);
      assert.equal(e.name, "InputError");
      assert.equal(e.code, "value_out_of_scale");
      assert.equal(e.category, "input");
      assert.equal(e.file, "upload.json");
      assert.equal(e.row, 2);
      assert.equal(e.item, "trust_2");
      assert.match(e.message, /upload\.json, row 2, item trust_2: value 9 is outside the scale/);
      return true;
    },
  );
  const csvErr = "respondent,side,wave,trust_1\nr1,it,2026-01,4\nr2,vendor,2026-01,3\n";
  assert.throws(
    () => score(csvErr, undefined, { format: "csv" }),
    (e) => e.code === "unknown_side" && e.row === 3 && e.column === "side",
  );
  assert.throws(() => score([], { min_group_size: 2 }), (e) => e.code === "invalid_option" && /min_group_size/.test(e.message));
  assert.throws(() => score([], { min_groups: 5 }), (e) => e.code === "invalid_option" && /unknown field/.test(e.message));
  // `min_group` is the core's short name for `min_group_size` (ScoreOptions::ALIASES); both at once is an error.
  assert.throws(() => score([], { min_group: 5, min_group_size: 6 }), (e) => e.code === "invalid_option" && /min_group_size/.test(e.message));
  assert.throws(() => score(42), (e) => e.code === "invalid_argument" && /responses/.test(e.message));
  assert.throws(() => score([], undefined, { lenent: true }), (e) => e.code === "invalid_option" && /lenent/.test(e.message));
  assert.throws(() => score("[]"), (e) => e.code === "empty_input");
  assert.throws(
    () => parseInstrument({ ...defaultInstrument(), dimensions: [] }),
    (e) => e instanceof Error && typeof e.code === "string" && e.code !== "internal_error",
  );
  assert.throws(() => parseInstrument("{ not json"), (e) => e.code === "instrument_syntax");
});

test("an instrument, a data and an options error throw the class of their category", () => {
  const cases = [
    [() => parseInstrument("{ not json"), InstrumentError, "instrument_syntax", "instrument"],
    [() => validateResponses("respondent,side,wave,trust_1\nr1,vendor,2026-01,4\n", { format: "csv" }), InputError, "unknown_side", "input"],
    [() => score([], { min_group_size: 2 }), OptionsError, "invalid_option", "options"],
    [() => score([], "{ min_group_size: 2 }"), OptionsError, "invalid_json", "options"],
    [() => score([], { favourable_basis: "mean" }), OptionsError, "invalid_option", "options"],
    [() => scoreColumns({ columns: ["trust_1"], values: new Float64Array(3), side: ["it"], wave: ["w"] }), OptionsError, "invalid_argument", "options"],
  ];
  for (const [f, cls, code, category] of cases) {
    assert.throws(f, (e) => {
      assert.ok(e instanceof cls && e instanceof RapportError && e instanceof Error, `${e.name}: ${e.message}`);
      assert.equal(e.constructor, cls);
      assert.deepEqual([e.name, e.code, e.category], [cls.name, code, category]);
      assert.equal(cls.category, category);
      return true;
    });
  }
  const side = (() => {
    try {
      validateResponses("respondent,side,wave,trust_1\nr1,vendor,2026-01,4\n", { format: "csv", file: "x.csv" });
    } catch (e) {
      return e;
    }
  })();
  assert.deepEqual([side.file, side.row, side.column], ["x.csv", 2, "side"]);
  assert.ok(!(side instanceof OptionsError) && !(side instanceof DocumentError));
  // An I/O error is an input error, as in Python; made by hand, the fields are kept.
  const io = new IoError("cannot read a.csv", { code: "io", file: "a.csv" });
  assert.ok(io instanceof InputError && io instanceof RapportError);
  assert.deepEqual([io.name, io.code, io.category, io.file, io.row], ["IoError", "io", "io", "a.csv", undefined]);
});

test("the error classes have the names of the Python package's classes", async () => {
  const errors = await import("../js/errors.js");
  const python = readFileSync(new URL("bindings/python/python/rapport/errors.py", ROOT), "utf8");
  // class <Name>(<Base>[, <Python's own bases>]): … category = "<category>" in errors.py
  // (IoError is also an OSError, which has no JavaScript counterpart).
  const pyClasses = new Map();
  for (const chunk of python.split(/^class /m).slice(1)) {
    const [, name, base] = chunk.match(/^(\w+)\((\w+)(?:, \w+)*\):/);
    const category = chunk.match(/^    category(?:: str)? = "(\w+)"/m)[1];
    pyClasses.set(name, [base, category]);
  }
  const jsClasses = Object.entries(errors).filter(([name, v]) => typeof v === "function" && /^[A-Z]\w*Error$/.test(name));
  assert.deepEqual(jsClasses.map(([n]) => n).sort(), [...pyClasses.keys()].sort());
  assert.deepEqual(pyClasses.get("RapportError"), ["ValueError", "error"]);
  for (const [name, cls] of jsClasses) {
    if (name === "RapportError") continue;
    const [base, category] = pyClasses.get(name);
    assert.equal(cls.category, category, name);
    assert.equal(Object.getPrototypeOf(cls).name, base, `${name} extends ${base}`);
  }
  // The package's classes are the ones the module throws (one set per page).
  assert.equal(errors.RapportError, RapportError);
});

test("validateResponses: strict throws the first bad row, lenient lists every one", () => {
  const rows = [
    { respondent: "a", side: "it", wave: "2026-01", answers: { trust_1: 4 } },
    { respondent: "b", side: "it", wave: "2026-01", answers: { overall_rating: "na" } },
    { respondent: "a", side: "it", wave: "2026-01", answers: { trust_1: 2 } },
    { respondent: "c", side: "business", wave: "2026-01", answers: { meeting_cadence: "daily" } },
  ];
  assert.throws(() => validateResponses(rows), (e) => e.code === "not_applicable_not_allowed" && e.row === 2);
  const summary = validateResponses(rows, { lenient: true });
  assert.equal(summary.rows_in, 4);
  assert.equal(summary.accepted, 1);
  assert.deepEqual(
    summary.rejected_rows.map((r) => [r.row, r.code, r.item ?? null]),
    [
      [2, "not_applicable_not_allowed", "overall_rating"],
      [3, "duplicate_respondent", null],
      [4, "invalid_value", "meeting_cadence"],
    ],
  );
});

test("surveyForm fills {counterpart} per side and lists every question", () => {
  const inst = defaultInstrument();
  const it = surveyForm("it");
  const business = surveyForm("business", inst);
  assert.equal(it.counterpart, inst.counterparts.it);
  assert.equal(business.counterpart, inst.counterparts.business);
  const texts = business.dimensions.flatMap((d) => d.questions.map((q) => q.text));
  assert.equal(texts.length, inst.items.length);
  assert.ok(texts.every((t) => !t.includes("{counterpart}")));
  assert.ok(texts.some((t) => t.includes("IT")));
  const trust1 = it.dimensions[0].questions[0];
  assert.deepEqual([trust1.min, trust1.max, trust1.not_applicable, trust1.labels.length], [1, 5, true, 5]);
  const cadence = it.outcomes.find((q) => q.kind === "choice");
  assert.ok(cadence.options.length > 1);
  assert.throws(() => surveyForm("vendor"), (e) => e.code === "unknown_side");
});

test("Scorer: one by one, in batches and merged equals one-shot scoring", () => {
  const oneShot = score(sampleCsv, { min_group_size: 3 }, { format: "csv" });
  const a = new Scorer({ min_group_size: 3 });
  const b = new Scorer({ min_group_size: 3 });
  const lines = sampleCsv.trim().split("\n");
  const half = Math.floor(lines.length / 2);
  a.addMany(lines.slice(0, half).join("\n") + "\n", { format: "csv" });
  b.addMany([lines[0], ...lines.slice(half)].join("\n") + "\n", { format: "csv" });
  a.merge(b);
  assert.equal(a.respondents, 1269);
  const merged = a.report();
  assert.deepEqual(differences(merged.waves, oneShot.waves), []);
  assert.equal(merged.intake.accepted, 1269);
  a.free();
  b.free();
});

test("Scorer.scorecard: the same report plus the core's scorecard and SVG charts of it", () => {
  const s = new Scorer();
  s.addMany(sampleCsv, { format: "csv" });
  const { report, charts, html } = s.scorecard("card-7");
  // The fragment holds the charts, whose element ids carry the scorecard's id.
  assert.ok(html.startsWith('<section class="card"') && html.includes(charts.gaps.svg), html.slice(0, 200));
  const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(ids.length > 10 && ids.every((id) => id.startsWith("card-7-")), ids.join(" "));
  assert.equal(new Set(ids).size, ids.length, "every id once");
  assert.deepEqual(differences(report, s.report()), []);
  const latest = report.waves[report.waves.length - 1];
  assert.equal(charts.wave, latest.wave);
  assert.ok(charts.gaps.svg.startsWith("<svg") && charts.gaps.caption.includes(latest.wave));
  // Every gap of the latest wave is in the chart's table, signed, one decimal
  // (either neighbour of a value exactly halfway, as rounding rules differ).
  const oneDecimal = (x) => [Math.floor(x * 10), Math.ceil(x * 10)].map((k) => (k === 0 ? "0.0" : `${k > 0 ? "+" : ""}${(k / 10).toFixed(1)}`));
  for (const g of latest.gaps) {
    assert.ok(oneDecimal(g.gap).some((t) => charts.gaps.table.includes(`<td>${t}</td>`)), `gap ${g.gap} in ${charts.gaps.table}`);
  }
  // The index first, then every dimension, each drawn with its table.
  assert.deepEqual(
    charts.trends.map((t) => t.measure),
    [{ kind: "index" }, ...report.instrument.dimensions.map((d) => ({ kind: "dimension", id: d.id }))],
  );
  for (const t of charts.trends) {
    assert.ok(t.chart.svg.startsWith("<svg") && t.chart.svg.includes('role="img"'), t.name);
    const sideTrend = report.trends.find(
      (x) => x.level === "side" && x.key.side === "it" && x.measure.kind === t.measure.kind && x.measure.id === t.measure.id,
    );
    for (const p of sideTrend.points) {
      if (p.value !== null) {
        const cells = [Math.floor(p.value * 10), Math.ceil(p.value * 10)].map((k) => `<td>${(k / 10).toFixed(1)}</td>`);
        assert.ok(cells.some((c) => t.chart.table.includes(c)), `${t.name} ${p.wave}: ${p.value}`);
      }
    }
  }
  s.free();
});

/** The text of the cells of each row of the scorecard's table `part`, charts left out. */
function cells(html, part) {
  const table = html.slice(html.indexOf(`<table part="${part}"`), html.indexOf("</table>", html.indexOf(`<table part="${part}"`)));
  return table
    .replace(/<svg[\s\S]*?<\/svg>/g, "")
    .split("<tr")
    .slice(2)
    .map((row) => [...row.matchAll(/<t[hd](?:\s[^>]*)?>([\s\S]*?)<\/t[hd]>/g)].map((m) => m[1].replace(/<[^>]*>/g, "")));
}

test("the scorecard shows only figures the core wrote: the report's interval level, no -0.0", () => {
  // Confidence 0.8: the index's interval is an 80% one, and nothing says 95%.
  const s = new Scorer({ confidence: 0.8 });
  s.addMany(sampleCsv, { format: "csv" });
  const { report, html } = s.scorecard();
  s.free();
  const text = html.replace(/<svg[\s\S]*?<\/svg>/g, "").replace(/<[^>]*>/g, " ");
  const ci = report.waves.at(-1).groups[0].index.ci;
  assert.match(text, /80% CI \d+\.\d–\d+\.\d/);
  assert.doesNotMatch(text, /95%/);
  const [low, high] = text.match(/80% CI (\d+\.\d)–(\d+\.\d)/).slice(1).map(Number);
  assert.ok(Math.abs(low - ci.low) <= 0.05 + 1e-9 && Math.abs(high - ci.high) <= 0.05 + 1e-9, `${low}–${high} for ${ci.low}–${ci.high}`);
  // A finished report whose gaps are -0.01 and whose first dimension scores -0.04 for all
  // respondents: shown with one decimal, they read 0.0 — never "-0.0", never marked negative.
  const finished = structuredClone(report);
  const wave = finished.waves.at(-1);
  for (const g of wave.gaps) g.gap = -0.01;
  wave.groups[0].dimensions[0].score = -0.04;
  const card = reportScorecard(finished);
  assert.equal(card.charts.trends.length, 0, "a finished report has no charts");
  assert.doesNotMatch(card.html, /-0\.0/);
  assert.doesNotMatch(card.html, /gap-neg/);
  const rows = cells(card.html, "dimensions");
  assert.deepEqual(rows.map((r) => r[4]), rows.map(() => "0.0"));
  assert.equal(rows[1][1], "0.0");
  assert.match(card.html, /80% CI/);
  // JSON text reads the same; anything but a report is a DocumentError.
  assert.equal(reportScorecard(JSON.stringify(finished)).html, card.html);
  assert.throws(() => reportScorecard({ schema_version: 3 }), (e) => e instanceof DocumentError && e.code === "invalid_json");
  assert.throws(() => reportScorecard(42), (e) => e instanceof OptionsError && e.code === "invalid_argument");
});

test("Scorer.addMany: a batch that fails leaves no trace, so the corrected batch is accepted", () => {
  const s = new Scorer({ min_group_size: 3 });
  const row = (id, trust1) => ({ respondent: id, side: "it", wave: "2026-01", answers: { trust_1: trust1, trust_2: 4 } });
  s.add(row("r0", 4));
  // Strict mode: the third response is off the scale, so nothing of the batch is added ...
  assert.throws(() => s.addMany([row("r1", 4), row("r2", 5), row("r3", 9)]), (e) => e.code === "value_out_of_scale" && e.row === 3);
  assert.equal(s.respondents, 1);
  // ... and its first two responses are not remembered as answered: the fixed batch goes in whole.
  const counts = s.addMany([row("r1", 4), row("r2", 5), row("r3", 3)]);
  assert.deepEqual([counts.accepted, counts.rejected], [3, 0]);
  assert.equal(s.respondents, 4);
  // Responses added before the failed batch still count as answered.
  assert.throws(() => s.addMany([row("r0", 2)]), (e) => e.code === "duplicate_respondent");
  assert.throws(() => s.add(row("r2", 2)), (e) => e.code === "duplicate_respondent");
  assert.equal(s.report().intake.accepted, 4);
  s.free();
});

test("Scorer.add updates the report and rejects duplicates and bad responses unchanged", () => {
  const s = new Scorer({ min_group_size: 3 });
  const answers = { trust_1: 4, trust_2: 4, trust_3: 2, trust_4: 5 };
  for (let i = 0; i < 3; i++) s.add({ respondent: `r${i}`, side: "it", wave: "2026-01", answers });
  assert.equal(s.report().waves[0].groups[0].respondents, 3);
  assert.throws(
    () => s.add({ respondent: "r1", side: "it", wave: "2026-01", answers }),
    (e) => e.code === "duplicate_respondent",
  );
  assert.throws(() => s.add({ respondent: "r9", side: "it", wave: "2026-01", answers: { trust_1: 0 } }), (e) => e.code === "value_out_of_scale" && e.item === "trust_1");
  assert.throws(() => s.add([1, 2]), (e) => e.code === "invalid_argument" && e instanceof OptionsError);
  const rep = s.report();
  assert.equal(s.respondents, 3);
  assert.equal(rep.intake.accepted, 3);
  assert.equal(rep.intake.sources.length, 0, "no per-file counts in a report");
  s.free();
});

test("scoreColumns (Float64Array) gives the report of the same answers as CSV", () => {
  const inst = defaultInstrument();
  const lines = sampleCsv.trim().split("\n");
  const header = lines[0].split(",");
  const rows = lines.slice(1).map((l) => l.split(","));
  const columns = [...inst.items.map((i) => i.id), ...inst.outcomes.map((o) => o.id)];
  const cadence = inst.outcomes.find((o) => o.options?.length);
  const values = new Float64Array(rows.length * columns.length);
  const notApplicable = new Uint8Array(values.length);
  rows.forEach((cells, r) => {
    columns.forEach((id, c) => {
      const v = cells[header.indexOf(id)];
      const k = r * columns.length + c;
      if (v === "") values[k] = NaN;
      else if (v === "N/A") (values[k] = NaN), (notApplicable[k] = 1);
      else if (id === cadence.id) values[k] = cadence.options.findIndex((o) => o.id === v);
      else values[k] = Number(v);
    });
  });
  const column = (name) => rows.map((cells) => cells[header.indexOf(name)]);
  const bulk = scoreColumns(
    {
      columns,
      values,
      not_applicable: notApplicable,
      side: column("side"),
      wave: column("wave"),
      respondent: column("respondent"),
      segments: { department: column("department"), role: column("role") },
    },
    { min_group_size: 5 },
  );
  const fromCsv = score(sampleCsv, { min_group_size: 5 }, { format: "csv" });
  assert.deepEqual(differences(bulk.waves, fromCsv.waves), []);
  assert.deepEqual(differences(bulk.trends, fromCsv.trends), []);
  // Locations: row (1-based) and column of a bad cell.
  values[3 * columns.length + 1] = 7;
  assert.throws(
    () => scoreColumns({ columns, values, side: column("side"), wave: column("wave") }),
    (e) => e.code === "value_out_of_scale" && e.row === 4 && e.column === columns[1],
  );
  assert.throws(
    () => scoreColumns({ columns, values: [1, 2], side: [], wave: [] }),
    (e) => e.code === "invalid_argument" && /Float64Array/.test(e.message),
  );
});
