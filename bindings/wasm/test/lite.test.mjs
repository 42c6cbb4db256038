// rapport-wasm/lite: the survey-side functions in the small module
// (rapport_lite_bg.wasm, the core built without scoring) give exactly what
// the full module gives: the same instrument, survey forms, intake counts and
// errors (every field of every RapportError).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const ROOT = new URL("../../../", import.meta.url);
const sampleCsv = readFileSync(new URL("examples/data/responses.csv", ROOT), "utf8");
const badInstrument = readFileSync(new URL("bindings/wasm/test/e2e/bad-instrument.json", ROOT), "utf8");

// Imported before the full API: with no full module on the "page", init()
// loads the small module (read from disk in Node).
const lite = await import("../js/lite.js");
assert.throws(() => lite.surveyForm("it"), /call `await init\(\)`/);
await lite.default();
const full = await import("../js/index.js");
await full.default();

/** The thrown value with every own field (message, name, code, location …). */
function thrown(f) {
  try {
    f();
  } catch (e) {
    const out = { isError: e instanceof Error };
    for (const k of Object.getOwnPropertyNames(e)) if (k !== "stack") out[k] = e[k];
    return out;
  }
  assert.fail("expected an error");
}

/** Call `name` in both modules: the same value, or the same error. */
function same(name, ...args) {
  let expected;
  try {
    expected = { value: full[name](...args) };
  } catch {
    expected = { error: thrown(() => full[name](...args)) };
  }
  const got = "value" in expected ? { value: lite[name](...args) } : { error: thrown(() => lite[name](...args)) };
  assert.deepStrictEqual(got, expected, `${name}(${JSON.stringify(args).slice(0, 120)})`);
  return got;
}

/** The sample CSV as response objects (what the survey element emits). */
function sampleObjects(instrument) {
  const [head, ...lines] = sampleCsv.trim().split("\n");
  const cols = head.split(",");
  const itemIds = new Set([...instrument.items.map((i) => i.id), ...instrument.outcomes.map((o) => o.id)]);
  return lines.map((line) => {
    const cells = line.split(",");
    const r = { respondent: "", side: "", wave: "", segments: {}, answers: {} };
    cols.forEach((c, i) => {
      const v = cells[i];
      if (c === "respondent" || c === "side" || c === "wave") r[c] = v;
      else if (!itemIds.has(c)) r.segments[c] = v;
      else if (v !== "") r.answers[c] = v === "N/A" ? "na" : /^\d+$/.test(v) ? Number(v) : v;
    });
    return r;
  });
}

test("the small module answers, and is the same core version", () => {
  assert.equal(lite.module(), "lite");
  same("version");
});

test("instrument and survey forms equal the full module's", () => {
  const inst = same("defaultInstrument").value;
  same("parseInstrument", inst);
  same("parseInstrument", JSON.stringify(inst));
  for (const side of ["it", "business"]) {
    same("surveyForm", side);
    same("surveyForm", side, inst);
  }
  // Errors: a bad instrument, broken JSON, an unknown side.
  const err = same("parseInstrument", badInstrument).error;
  assert.ok(err.isError && err.code !== "internal_error", JSON.stringify(err));
  same("parseInstrument", "{ not json");
  same("parseInstrument", { ...inst, dimensions: [] });
  same("surveyForm", "vendor");
  same("surveyForm", "it", 42);
});

test("validateResponses equals the full module's: CSV, objects, strict and lenient errors", () => {
  const csv = same("validateResponses", sampleCsv, { format: "csv", file: "responses.csv" }).value;
  assert.ok(csv.accepted > 100, `accepted ${csv.accepted}`);
  const objects = sampleObjects(full.defaultInstrument());
  assert.equal(same("validateResponses", objects).value.accepted, csv.accepted);
  same("validateResponses", new TextEncoder().encode(sampleCsv));
  const rows = [
    { respondent: "a", side: "it", wave: "2026-01", answers: { trust_1: 4 } },
    { respondent: "b", side: "it", wave: "2026-01", answers: { overall_rating: "na" } },
    { respondent: "a", side: "it", wave: "2026-01", answers: { trust_1: 2 } },
    { respondent: "c", side: "business", wave: "2026-01", answers: { meeting_cadence: "daily" } },
    { respondent: "d", side: "it", wave: "2026-01", answers: { trust_2: 9 } },
  ];
  assert.equal(same("validateResponses", rows, { file: "upload.json" }).error.code, "not_applicable_not_allowed");
  assert.equal(same("validateResponses", rows, { lenient: true }).value.rejected_rows.length, 4);
  same("validateResponses", "respondent,side,wave,trust_1\nr1,it,2026-01,4\nr2,vendor,2026-01,3\n", { format: "csv" });
  same("validateResponses", "[]");
  same("validateResponses", 42);
  same("validateResponses", [], { lenent: true });
});

test("the small module reads no survey-tool export: it says so, where the full module reads it", () => {
  const qualtrics = readFileSync(new URL("tests/imports/qualtrics_current.csv", ROOT));
  const read = { format: "csv", file: "q.csv", side: "business", wave: "2025-Q2" };
  // The full module reads the export (the tool recognised from its header) …
  assert.equal(full.validateResponses(qualtrics, read).accepted, 6);
  // … the small one refuses the survey-tool keys of `read`, naming the key …
  for (const [key, value] of [
    ["mapping", { items: { Q1: "trust_1" } }],
    ["from", "qualtrics"],
    ["side", "it"],
    ["wave", "2025-Q2"],
    ["wave_period", "quarter"],
    ["wave_column", "RecordedDate"],
    ["day_first", true],
    ["bad_cells", "missing"],
  ]) {
    const e = thrown(() => lite.validateResponses(sampleCsv, { format: "csv", [key]: value }));
    assert.equal(e.code, "invalid_option", JSON.stringify(e));
    assert.equal(e.category, "options");
    assert.match(e.message, new RegExp(`^option ${key} is invalid: expected no such key in the survey module`));
    assert.match(e.message, /full module \(rapport-wasm\)/);
  }
  // … and an export recognised from its header without them.
  assert.throws(() => lite.validateResponses(sampleCsv, { format: "csv", from: "qualtrics" }), lite.OptionsError);
  const e = thrown(() => lite.validateResponses(qualtrics, { format: "csv", file: "q.csv" }));
  assert.equal(e.code, "invalid_argument", JSON.stringify(e));
  assert.match(e.message, /q\.csv, a Qualtrics export/);
  assert.match(e.message, /reads no survey tool's export/);
});
