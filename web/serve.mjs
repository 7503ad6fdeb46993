// Serves build/web on 127.0.0.1 (port 8080, or PORT) with the cross-origin isolation headers
// WebAssembly threads need (COOP/COEP), and prints the URL. Files only: no directory listings,
// nothing outside the web root. Also usable from tests: import { serve } and pass port 0;
// { isolate: false } serves without COOP/COEP, as a plain static host would.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png', '.css': 'text/css',
  // Served as plain bytes (no Content-Encoding), so the page unpacks them with DecompressionStream.
  '.gz': 'application/gzip',
};

export function serve(root, port = 8080, host = '127.0.0.1', { isolate = true } = {}) {
  const base = resolve(root);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) { res.writeHead(403).end('forbidden'); return; }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const st = statSync(file);
      const headers = {
        'Content-Type': types[extname(file)] || 'application/octet-stream',
        'Content-Length': st.size,
        'Cache-Control': 'no-cache',
      };
      if (isolate) {
        headers['Cross-Origin-Opener-Policy'] = 'same-origin';
        headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      }
      res.writeHead(200, headers);
      if (req.method === 'HEAD') { res.end(); return; }
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${path}`);
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(new URL('../build/web', import.meta.url)));
  const port = Number(process.env.PORT || 8080);
  try {
    statSync(join(root, 'index.html'));
  } catch {
    console.error(`serve: ${root}/index.html is missing; build first (npm start builds, then serves)`);
    process.exit(1);
  }
  serve(root, port).then((server) => {
    console.log(`Bottleneck is at http://127.0.0.1:${server.address().port}/  (Ctrl-C stops)`);
  }, (e) => {
    console.error(e.code === 'EADDRINUSE' ? `serve: port ${port} is in use; set PORT to another, e.g. PORT=8081 npm start`
                                          : `serve: ${e.message}`);
    process.exit(1);
  });
}
