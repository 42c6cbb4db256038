// The TypeScript declarations (js/*.d.ts and the generated pkg/*.d.ts)
// type-check, and a TypeScript user's calls (test/types/usage.ts: every
// function, the Scorer, errors, both elements and the `rapport-submit`
// event) compile under `strict`, with `tsc --noEmit` (typescript, a dev
// dependency). Needs a build (the pkg/ declarations).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));
const project = fileURLToPath(new URL("./types/tsconfig.json", import.meta.url));

test("the .d.ts files and a TypeScript user's calls type-check (tsc --strict)", () => {
  const run = spawnSync(process.execPath, [tsc, "-p", project], { encoding: "utf8" });
  assert.equal(run.status, 0, `tsc failed:\n${run.stdout}${run.stderr}`);
});
