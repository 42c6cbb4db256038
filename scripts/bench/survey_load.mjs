// Benchmark: what a survey page pays to start, with the small module
// (rapport-wasm/lite) and with the full one: import, fetch, compile and
// instantiate the .wasm (`await init()`), then the first survey form, in
// headless Chromium from 127.0.0.1 (so download time is close to zero: the
// difference is compile and instantiate; on a real network the gzipped
// sizes printed here decide the rest). A fresh browser context (empty
// cache) per run, lite and full alternated; medians.
//   ./scripts/test-wasm.sh --build-only && node scripts/bench/survey_load.mjs [runs]
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { startServer } from "../../examples/web/serve.mjs";

const require = createRequire(new URL("../../bindings/wasm/package.json", import.meta.url));
const { chromium } = require("playwright-core");
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const runs = Number(process.argv[2] ?? 15);

const size = (name) => {
  const file = `${ROOT}bindings/wasm/pkg/${name}_bg.wasm`;
  const gz = Number(execFileSync("sh", ["-c", `gzip -9 -c '${file}' | wc -c`]).toString().trim());
  return { raw: statSync(file).size, gz };
};
const sizes = { lite: size("rapport_lite"), full: size("rapport_wasm") };
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const server = await startServer(0);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const times = { lite: { init: [], form: [] }, full: { init: [], form: [] } };
try {
  for (let i = 0; i < runs; i++) {
    for (const variant of i % 2 ? ["full", "lite"] : ["lite", "full"]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${server.address().port}/scripts/bench/survey_load.html?module=${variant}`);
      await page.waitForFunction(() => window.__bench, null, { timeout: 60_000 });
      const b = await page.evaluate(() => window.__bench);
      await context.close();
      if (b.error) throw new Error(b.error);
      const expected = variant === "lite" ? "rapport_lite_bg.wasm" : "rapport_wasm_bg.wasm";
      if (b.wasm.join() !== expected) throw new Error(`${variant}: downloaded ${b.wasm.join()}, expected ${expected}`);
      times[variant].init.push(b.init_ms);
      times[variant].form.push(b.form_ms);
    }
  }
  console.log(`Chromium ${browser.version()}, ${runs} runs each (fresh context, lite and full alternated), medians`);
  for (const v of ["lite", "full"]) {
    const { raw, gz } = sizes[v];
    console.log(
      `${v.padEnd(5)} ${String(raw).padStart(8)} bytes, ${String(gz).padStart(7)} gzipped   ` +
        `init ${median(times[v].init).toFixed(1).padStart(6)} ms   first surveyForm ${median(times[v].form).toFixed(1).padStart(5)} ms`,
    );
  }
  console.log(`full/lite init time: ${(median(times.full.init) / median(times.lite.init)).toFixed(2)}x`);
} finally {
  await browser.close();
  server.close();
}
