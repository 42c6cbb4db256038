// The report's tidy tables in the browser (`Scorer.tables()`,
// `Scorer.table(name)`): the core's tables, cell for cell what
// `rapport report --format csv` writes for the same data (floats to a
// relative 1e-9, as the report's parity test), typed columns, and never a
// number for a hidden group.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import init, { RapportError, Scorer } from "../js/index.js";

const ROOT = new URL("../../../", import.meta.url);
const ROOT_DIR = fileURLToPath(ROOT);
await init();

const SAMPLE = "examples/data/responses.csv";
const sampleCsv = readFileSync(new URL(SAMPLE, ROOT), "utf8");
const NAMES = [
  "participation", "dimensions", "items", "distributions", "gaps", "reliability", "reliability_items",
  "changes", "trends", "trend_points", "mirror", "blind_spots", "drivers", "priorities", "actions",
];

function cli() {
  const candidates = [process.env.RAPPORT_CLI, `${ROOT_DIR}target/release/rapport`].filter(Boolean);
  const found = candidates.find((c) => existsSync(c));
  assert.ok(found, `the rapport CLI is needed (set RAPPORT_CLI; tried ${candidates.join(", ")})`);
  return found;
}

/** RFC 4180 CSV → rows of cells (quoted cells may hold commas, quotes, line breaks). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  return rows;
}

/** A table cell as the core writes it in CSV (a guarded formula without its quote mark). */
function csvText(column, value) {
  if (value === null) return "";
  return String(value);
}

const unguard = (cell) => (cell.startsWith("'") && /^[=+\-@\t\r]/.test(cell.slice(1)) ? cell.slice(1) : cell);

test("Scorer.tables(): every table equals the CLI's CSV file, cell for cell", () => {
  const dir = mkdtempSync(join(tmpdir(), "rapport-tables-"));
  try {
    execFileSync(cli(), ["report", SAMPLE, "--format", "csv", "-o", dir, "-q"], { cwd: ROOT_DIR });
    const s = new Scorer();
    s.addMany(sampleCsv, { format: "csv" });
    const tables = s.tables();
    assert.deepEqual(tables.map((t) => t.name), NAMES);
    for (const t of tables) {
      const rows = parseCsv(readFileSync(join(dir, `${t.name}.csv`), "utf8"));
      assert.deepEqual(rows[0], t.columns.map((c) => c.name), t.name);
      const n = t.columns[0].values.length;
      assert.ok(n > 0, `${t.name} is empty`);
      assert.equal(rows.length - 1, n, t.name);
      t.columns.forEach((c, k) => {
        assert.equal(c.values.length, n, `${t.name}.${c.name}`);
        c.values.forEach((v, r) => {
          const cell = unguard(rows[r + 1][k]);
          if (c.type === "float" && v !== null) {
            // As the report's parity test: wasm's floating point may differ from
            // the native build's in the last bits (relative 1e-9).
            const x = Number(cell);
            assert.ok(Math.abs(x - v) <= 1e-9 * (1 + Math.abs(x)), `${t.name}.${c.name} row ${r}: ${v} vs CSV ${cell}`);
          }
          else assert.equal(cell, csvText(c, v), `${t.name}.${c.name} row ${r}`);
        });
      });
      assert.deepEqual(s.table(t.name), t);
    }
    s.free();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("Scorer.table(): typed columns; hidden groups have null figures; unknown names throw", () => {
  const s = new Scorer({ min_group_size: 5 });
  s.addMany(sampleCsv, { format: "csv" });
  const dims = s.table("dimensions");
  const col = (name) => dims.columns.find((c) => c.name === name);
  assert.deepEqual(
    dims.columns.slice(0, 8).map((c) => c.name),
    ["wave", "level", "side", "department", "group_status", "respondents", "kind", "measure"],
  );
  assert.equal(col("wave").type, "wave");
  assert.ok(col("level").values.includes("side+department"));
  assert.equal(col("score").type, "float");
  assert.equal(col("n").type, "int");
  let hidden = 0;
  col("status").values.forEach((status, r) => {
    if (status === "suppressed") {
      hidden++;
      for (const name of ["n", "score", "sd", "ci_low", "ci_high", "favourable_pct"]) assert.equal(col(name).values[r], null, name);
      assert.equal(col("suppression").values[r], "hidden to protect small groups");
    }
  });
  assert.ok(hidden > 0, "HR and Legal are under 5 in the sample");
  const items = s.table("items");
  assert.equal(items.columns.find((c) => c.name === "reverse").type, "bool");
  // No lists in cells: the answers' counts are a table of their own.
  for (const t of s.tables()) {
    for (const c of t.columns) assert.ok(["text", "wave", "int", "float", "bool"].includes(c.type), `${t.name}.${c.name}`);
  }
  const dist = s.table("distributions");
  const dcol = (name) => dist.columns.find((c) => c.name === name).values;
  const trust1 = dcol("item").flatMap((item, r) =>
    item === "trust_1" && dcol("level")[r] === "total" && dcol("wave")[r] === "2025-11" ? [dcol("count")[r]] : []);
  const n = items.columns.find((c) => c.name === "n").values.find((_, r) =>
    items.columns[0].values[r] === "2025-11" && items.columns[1].values[r] === "total" &&
    items.columns.find((c) => c.name === "item").values[r] === "trust_1");
  assert.equal(trust1.length, 5);
  assert.equal(trust1.reduce((a, b) => a + b, 0), n);
  // The core's error (as Python's `table()` gives it): the name quoted, every table listed.
  const names = s.tables().map((t) => t.name).join(", ");
  assert.throws(
    () => s.table("groups"),
    (e) =>
      e instanceof RapportError &&
      e.code === "invalid_argument" &&
      e.category === "options" &&
      e.message === `argument table is invalid: expected one of ${names}, found "groups"`,
  );
  s.free();
});
