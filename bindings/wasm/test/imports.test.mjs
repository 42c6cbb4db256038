// Survey-tool exports read in the browser give the command line's reports:
// tests/vectors/imports.json (written by
// crates/rapport-cli/tests/cli/import_vectors.rs from tests/imports/cases.json)
// holds each export, how it is read, the mapping `rapport mapping` wrote for
// it and the report `rapport report --format json` gave. The full module reads
// the same bytes with the same read options and must give the same report.
// Workbooks are read by the command line and Python only: here a workbook is
// an `invalid_workbook` error that says so.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import init, { score } from "../js/index.js";

const ROOT = new URL("../../../", import.meta.url);
await init();
const { cases } = JSON.parse(readFileSync(new URL("tests/vectors/imports.json", ROOT), "utf8"));

test("every survey-tool export gives the command line's report", () => {
  const csv = cases.filter((c) => c.file.endsWith(".csv"));
  assert.ok(csv.length >= 9, `${csv.length} CSV cases`);
  for (const c of csv) {
    const bytes = readFileSync(new URL(`tests/imports/${c.file}`, ROOT));
    const read = { ...c.read, file: `tests/imports/${c.file}` };
    if (c.mapping) read.mapping = c.mapping;
    const report = score(new Uint8Array(bytes), c.options ?? {}, read);
    delete report.generator;
    assert.deepEqual(report, c.report, c.name);
  }
});

test("a workbook is refused with an error that names it", () => {
  const c = cases.find((x) => x.file.endsWith(".xlsx"));
  const bytes = readFileSync(new URL(`tests/imports/${c.file}`, ROOT));
  assert.throws(
    () => score(new Uint8Array(bytes), c.options, { ...c.read, file: "forms.xlsx" }),
    (e) => e.code === "invalid_workbook" && e.message.startsWith("forms.xlsx: a spreadsheet workbook"),
  );
});
