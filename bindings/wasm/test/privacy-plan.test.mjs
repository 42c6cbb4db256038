// The data owner's plan in the browser: Scorer.privacyPlan() gives what
// tests/vectors/privacy_plan.json holds (written by
// crates/rapport/tests/privacy_plan_vectors.rs: the core's owner summary,
// what `rapport privacy --format json` prints) for every case.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import init, { Scorer } from "../js/index.js";

const ROOT = new URL("../../../", import.meta.url);
await init();
const { cases } = JSON.parse(readFileSync(new URL("tests/vectors/privacy_plan.json", ROOT), "utf8"));

test("the browser gives the owner the core's plan, for every case", () => {
  assert.ok(cases.length >= 4);
  for (const c of cases) {
    const s = new Scorer({ min_group_size: c.min_group_size }, { format: "csv" });
    s.addMany(c.csv);
    assert.deepEqual(s.privacyPlan(), c.plan, `${c.name} at ${c.min_group_size}`);
    s.free();
  }
});
