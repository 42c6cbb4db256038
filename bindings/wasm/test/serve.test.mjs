// The demo's server (examples/web/serve.mjs): compressed files by
// Accept-Encoding (brotli preferred, then gzip), Content-Encoding and
// Vary set, .wasm as application/wasm, bodies that decompress to the file's
// bytes; small files and refused codings sent as they are.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { chooseEncoding, startServer } from "../../../examples/web/serve.mjs";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
let server;
let port;

before(async () => {
  server = await startServer(0);
  port = server.address().port;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** GET `path` with `accept` as Accept-Encoding (none when undefined): status, headers, raw body. */
function get(path, accept, method = "GET") {
  return new Promise((resolve, reject) => {
    const headers = accept === undefined ? {} : { "accept-encoding": accept };
    const req = request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

// A file every checkout has, well over the 1 KB under which nothing is compressed.
const CSV = "/examples/data/responses.csv";
const csvBytes = readFileSync(`${ROOT}examples/data/responses.csv`);

test("brotli when accepted, gzip otherwise, identity when neither", async () => {
  const br = await get(CSV, "gzip, deflate, br, zstd");
  assert.equal(br.status, 200);
  assert.equal(br.headers["content-encoding"], "br");
  assert.equal(br.headers.vary, "Accept-Encoding");
  assert.equal(br.headers["content-type"], "text/csv; charset=utf-8");
  assert.equal(Number(br.headers["content-length"]), br.body.length);
  assert.ok(br.body.length < csvBytes.length / 3, `${br.body.length} of ${csvBytes.length}`);
  assert.ok(brotliDecompressSync(br.body).equals(csvBytes));

  const gz = await get(CSV, "gzip");
  assert.equal(gz.headers["content-encoding"], "gzip");
  assert.equal(gz.headers.vary, "Accept-Encoding");
  assert.ok(gunzipSync(gz.body).equals(csvBytes));

  for (const accept of [undefined, "identity", "br;q=0, gzip;q=0"]) {
    const plain = await get(CSV, accept);
    assert.equal(plain.headers["content-encoding"], undefined, String(accept));
    assert.equal(plain.headers.vary, "Accept-Encoding", "a cache must still key on Accept-Encoding");
    assert.ok(plain.body.equals(csvBytes));
  }
  // A refused coding is not sent; the other one is.
  assert.equal((await get(CSV, "br;q=0, gzip")).headers["content-encoding"], "gzip");
  // HEAD: the headers of the compressed body, no body.
  const head = await get(CSV, "br", "HEAD");
  assert.equal(head.headers["content-encoding"], "br");
  assert.equal(Number(head.headers["content-length"]), br.body.length);
  assert.equal(head.body.length, 0);
});

test("the WebAssembly modules: application/wasm, compressed, the same bytes", async (t) => {
  for (const name of ["rapport_wasm_bg.wasm", "rapport_lite_bg.wasm"]) {
    const file = `${ROOT}bindings/wasm/pkg/${name}`;
    let bytes;
    try {
      bytes = readFileSync(file);
    } catch {
      t.skip(`${name} is not built (scripts/test-wasm.sh --build-only)`);
      continue;
    }
    const res = await get(`/bindings/wasm/pkg/${name}`, "br, gzip");
    assert.equal(res.headers["content-type"], "application/wasm");
    assert.equal(res.headers["content-encoding"], "br");
    assert.ok(brotliDecompressSync(res.body).equals(bytes), name);
    assert.ok(res.body.length < statSync(file).size / 2, `${name}: ${res.body.length} of ${bytes.length} bytes`);
  }
});

test("small files, unknown types and missing files are sent as they are", async () => {
  const icon = await get("/examples/web/does-not-exist.js", "br");
  assert.equal(icon.status, 404);
  assert.equal(icon.headers["content-encoding"], undefined);
  // LICENSE-MIT has no extension: an unknown type is never compressed.
  const license = await get("/LICENSE-MIT", "br, gzip");
  assert.equal(license.status, 200);
  assert.equal(license.headers["content-encoding"], undefined);
  assert.equal(license.headers["content-type"], "application/octet-stream");
});

test("chooseEncoding reads q-values", () => {
  assert.equal(chooseEncoding("gzip, deflate, br"), "br");
  assert.equal(chooseEncoding("gzip;q=1, br;q=0.5"), "gzip");
  assert.equal(chooseEncoding("br;q=0.5, gzip;q=0.5"), "br");
  assert.equal(chooseEncoding("*"), "br");
  assert.equal(chooseEncoding("*;q=0, gzip"), "gzip");
  assert.equal(chooseEncoding("deflate"), null);
  assert.equal(chooseEncoding(""), null);
  assert.equal(chooseEncoding(undefined), null);
  assert.equal(chooseEncoding("br;q=0"), null);
});
