// The same publication plan in the browser: tests/vectors/privacy.json
// (written by crates/rapport/tests/privacy_vectors.rs) holds data sets, the
// options of each report, and the status of every group and the number of
// hidden figures the core gives; the wasm module must hide exactly the same.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import init, { score } from "../js/index.js";

const ROOT = new URL("../../../", import.meta.url);
await init();
const { cases } = JSON.parse(readFileSync(new URL("tests/vectors/privacy.json", ROOT), "utf8"));

test("the browser hides what the core hides, for every case", () => {
  assert.ok(cases.length >= 8);
  for (const c of cases) {
    const report = score(c.csv, c.options, { format: "csv" });
    const groups = report.waves.flatMap((w) => w.groups.map((g) => ({ wave: w.wave, key: g.key, status: g.status })));
    assert.deepEqual(groups, c.groups, `${c.name} by ${c.options.by}`);
    assert.equal(report.privacy.suppressed_figures, c.figures_hidden, `${c.name} by ${c.options.by}`);
    for (const g of report.waves.flatMap((w) => w.groups).filter((g) => g.status !== "shown")) {
      assert.equal(g.respondents, null);
      assert.equal(g.respondents_label, "hidden");
      assert.deepEqual(g.suppression, { reason: "protected", message: "hidden to protect small groups" });
    }
  }
});
