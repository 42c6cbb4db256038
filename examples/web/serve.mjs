// Serves the repository over HTTP on 127.0.0.1 for the demo page (ES modules
// and WebAssembly do not load from file://), with .wasm as application/wasm.
// Text and WebAssembly are sent compressed when the browser accepts it
// (brotli, else gzip, by Accept-Encoding; Content-Encoding and
// Vary: Accept-Encoding set), compressed once per file version and kept in
// memory: the full module is about a third of its size over the wire.
//   node examples/web/serve.mjs [port]     then open http://127.0.0.1:8080/examples/web/
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".ts": "text/plain; charset=utf-8",
};
/** Smaller bodies are sent as they are (compressing them saves nothing). */
const MIN_COMPRESS = 1024;

/**
 * The encoding to send for an Accept-Encoding header: "br", "gzip" or null
 * (identity). Codings with q=0 are refused; brotli is preferred at equal q.
 */
export function chooseEncoding(header) {
  const q = new Map();
  for (const part of String(header ?? "").split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const value = qp ? Number(qp.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const weight = (coding) => q.get(coding) ?? q.get("*") ?? 0;
  const [br, gzip] = [weight("br"), weight("gzip")];
  if (br > 0 && br >= gzip) return "br";
  if (gzip > 0) return "gzip";
  return null;
}

// file path → { mtimeMs, size, br?, gzip? }: compressed bodies of the file's current version.
const cache = new Map();

function compressed(file, info, body, encoding) {
  let entry = cache.get(file);
  if (!entry || entry.mtimeMs !== info.mtimeMs || entry.size !== info.size) {
    entry = { mtimeMs: info.mtimeMs, size: info.size };
    cache.set(file, entry);
  }
  entry[encoding] ??=
    encoding === "br"
      ? brotliCompressSync(body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 9,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        })
      : gzipSync(body, { level: 9 });
  return entry[encoding];
}

export function startServer(port = 8080, host = "127.0.0.1") {
  const server = createServer(async (req, res) => {
    try {
      let path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
      if (path.endsWith("/")) path += "index.html";
      const file = normalize(join(ROOT, path));
      if (!file.startsWith(ROOT.endsWith(sep) ? ROOT : ROOT + sep)) throw Object.assign(new Error("outside"), { code: "ENOENT" });
      const info = await stat(file);
      if (info.isDirectory()) {
        res.writeHead(301, { location: `${path}/` }).end();
        return;
      }
      const type = TYPES[extname(file)];
      let body = await readFile(file);
      const headers = { "content-type": type ?? "application/octet-stream", "cache-control": "no-store" };
      if (type && body.length >= MIN_COMPRESS) {
        headers.vary = "Accept-Encoding";
        const encoding = chooseEncoding(req.headers["accept-encoding"]);
        if (encoding) {
          body = compressed(file, info, body, encoding);
          headers["content-encoding"] = encoding;
        }
      }
      headers["content-length"] = body.length;
      res.writeHead(200, headers);
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (e) {
      res.writeHead(e.code === "ENOENT" ? 404 : 500, { "content-type": "text/plain" }).end(e.code === "ENOENT" ? "not found" : "error");
    }
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
  const server = await startServer(port);
  const { port: actual } = server.address();
  console.log(`rapport demo: http://127.0.0.1:${actual}/examples/web/  (Ctrl-C to stop)`);
}
