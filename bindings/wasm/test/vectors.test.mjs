// The JS API against the language-neutral reference vectors: the same
// figures, with the same tolerance, as crates/rapport/tests/score_vectors.rs.
// tests/vectors/scores.json was generated offline by
// scripts/reference/make_vectors.py (numpy / scipy / pandas; versions beside
// every value) from tests/data/reference.csv.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import init, { score } from "../js/index.js";

const ROOT = new URL("../../../", import.meta.url);
const TOL = 1e-9;
await init();

const vectors = JSON.parse(readFileSync(new URL("tests/vectors/scores.json", ROOT), "utf8"));
const csv = readFileSync(new URL("tests/data/reference.csv", ROOT), "utf8");
const report = (basis) =>
  score(csv, { favourable_basis: basis, min_group_size: 5 }, { format: "csv", file: "tests/data/reference.csv" });

const val = (v) => v.value;
function close(what, got, want) {
  assert.ok(got !== null && got !== undefined, `${what}: missing, expected ${want}`);
  assert.ok(Math.abs(got - want) <= TOL * (1 + Math.abs(want)), `${what}: got ${got}, expected ${want}`);
}

function find(rep, g) {
  const wave = rep.waves.find((w) => w.wave === g.wave);
  if (!wave) return undefined;
  return wave.groups.find((gr) => {
    if (g.side === null && g.department === null) return gr.level === "total";
    if (g.department === null) return gr.level === "side" && gr.key.side === g.side;
    if (g.side === null) return false;
    return Object.keys(gr.key).length === 2 && gr.key.side === g.side && gr.key.department === g.department;
  });
}

test("every figure matches the reference vectors (numpy / scipy / pandas)", () => {
  const rep = report("answers");
  const repResp = report("respondents");
  assert.equal(rep.intake.rejected, 0);
  let compared = 0;
  let hidden = 0;
  let hiddenFigures = 0;
  for (const g of vectors.groups) {
    const name = `${g.wave}/${g.side}/${g.department}`;
    const gr = find(rep, g);
    assert.ok(gr, `${name}: group missing from the report`);
    if (gr.status === "suppressed") {
      // Every reference group has n >= 5: hidden only to protect a small one, with the one reason.
      assert.equal(gr.suppression.reason, "protected", name);
      hidden++;
      continue;
    }
    compared++;
    assert.equal(gr.respondents, val(g.respondents), `${name} respondents`);
    for (const [id, e] of Object.entries(g.items)) {
      const it = gr.items.find((i) => i.item === id);
      const w = `${name} ${id}`;
      if (it.status === "suppressed") {
        assert.equal(it.suppression.reason, "protected", w);
        hiddenFigures++;
        continue;
      }
      assert.equal(it.n, val(e.n), `${w} n`);
      assert.equal(it.missing, val(e.missing), `${w} missing`);
      assert.equal(it.not_applicable, val(e.not_applicable), `${w} n/a`);
      assert.deepEqual(it.distribution, val(e.distribution), `${w} distribution`);
      close(`${w} mean`, it.mean, val(e.mean_raw));
      close(`${w} sd`, it.sd, val(e.sd));
      close(`${w} score`, it.score, ((val(e.mean_keyed) - 1) / 4) * 100);
      close(`${w} fav`, it.favourable_pct, val(e.favourable_pct));
      close(`${w} unfav`, it.unfavourable_pct, val(e.unfavourable_pct));
    }
    const grResp = find(repResp, g);
    for (const [id, e] of Object.entries(g.dimensions)) {
      const d = gr.dimensions.find((x) => x.dimension === id);
      const w = `${name} ${id}`;
      if (d.status === "suppressed") {
        assert.equal(d.suppression.reason, "protected", w);
        hiddenFigures++;
        continue;
      }
      assert.equal(d.n, val(e.n), `${w} n`);
      close(`${w} score`, d.score, val(e.mean));
      close(`${w} sd`, d.sd, val(e.sd));
      close(`${w} ci_low`, d.ci?.low, val(e.ci_low));
      close(`${w} ci_high`, d.ci?.high, val(e.ci_high));
      close(`${w} fav answers`, d.favourable_pct, val(e.favourable_pct_answers));
      const dr = grResp.dimensions.find((x) => x.dimension === id);
      close(`${w} fav respondents`, dr.favourable_pct, val(e.favourable_pct_respondents));
      assert.equal(dr.score, d.score, `${w}: the basis must not change the score`);
    }
    const idx = gr.index;
    if (idx.status === "suppressed") {
      hiddenFigures++;
      continue;
    }
    assert.equal(idx.n, val(g.index.n), `${name} index n`);
    close(`${name} index`, idx.score, val(g.index.mean));
    close(`${name} index sd`, idx.sd, val(g.index.sd));
    close(`${name} index ci_low`, idx.ci?.low, val(g.index.ci_low));
    close(`${name} index ci_high`, idx.ci?.high, val(g.index.ci_high));
    for (const id of ["overall_rating", "mirror_rating"]) {
      const e = g.outcomes[id];
      const o = gr.outcomes.find((x) => x.item === id);
      if (o.status === "suppressed") {
        hiddenFigures++;
        continue;
      }
      assert.equal(o.n, val(e.n), `${name} ${id} n`);
      assert.equal(o.missing, val(e.missing), `${name} ${id} missing`);
      close(`${name} ${id} mean`, o.mean, val(e.mean));
      close(`${name} ${id} sd`, o.sd, val(e.sd));
      assert.deepEqual(o.distribution, val(e.distribution), `${name} ${id} distribution`);
    }
    const e = g.outcomes.meeting_cadence;
    const o = gr.outcomes.find((x) => x.item === "meeting_cadence");
    if (o.status === "suppressed") {
      hiddenFigures++;
      continue;
    }
    o.options.forEach((opt, k) => assert.equal(o.distribution[k], val(e[opt]), `${name} cadence ${opt}`));
    assert.equal(o.missing, val(e.missing), `${name} cadence missing`);
  }
  // As in the Rust test: nearly every reference group is compared; the few
  // hidden ones protect the tiny cells.
  assert.ok(compared >= vectors.groups.length - 3 && hidden <= 3, `compared ${compared}, hidden ${hidden}`);
  assert.ok(hiddenFigures <= 12, `${hiddenFigures} figures hidden to protect small groups`);
  assert.ok(compared > 0);
});
