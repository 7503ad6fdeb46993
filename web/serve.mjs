// Serves build/web on 127.0.0.1 (port 8080, or PORT) with the cross-origin isolation headers
// WebAssembly threads need (COOP/COEP), and prints the URL. The page's own files only: no
// directory listings, nothing outside the web root (symbolic links included), GET and HEAD only,
// a bad request gets a 400 without stopping the server, and the page has a Content-Security-Policy.
// Also usable from tests: import { serve } and pass port 0; { isolate: false } serves without
// COOP/COEP, as a plain static host would.
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png', '.css': 'text/css',
  // Served as plain bytes (no Content-Encoding), so the page unpacks them with DecompressionStream.
  '.gz': 'application/gzip',
};

// The page's own files (what index.html loads, its font and the datasets), not the build tree
// beside them (CMakeCache.txt, build.ninja with absolute paths, static libraries, test builds).
const kPageRoot = /^(index\.html|app\.js|coi-serviceworker\.min\.js|bottleneck_web(_mt)?\.(js|wasm)|bottleneck_web_mt\.worker\.js)$/;
function pageFile(rel) {
  const parts = rel.split(sep);
  if (parts.length === 1) return kPageRoot.test(rel);
  return (parts[0] === 'fonts' || parts[0] === 'data') && rel.endsWith('.gz');
}

// What the page may load and run: its own files, WebAssembly ('wasm-unsafe-eval' is what
// Chromium asks for to compile it), and the page's inline script and style by their hashes, taken
// from the HTML as served so an edited page stays covered. Nothing from elsewhere, no plugins, no
// framing, no <base>, no forms.
function contentPolicy(html) {
  const hashes = (tag) => [...html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))]
    .map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`).join(' ');
  return [`default-src 'self'`, `script-src 'self' 'wasm-unsafe-eval' ${hashes('script')}`,
          `style-src 'self' ${hashes('style')}`, `img-src 'self' data: blob:`, `worker-src 'self' blob:`,
          `object-src 'none'`, `base-uri 'none'`, `form-action 'none'`, `frame-ancestors 'none'`].join('; ');
}

export function serve(root, port = 8080, host = '127.0.0.1', { isolate = true } = {}) {
  const base = realpathSync(resolve(root));
  const inside = (p) => p === base || p.startsWith(base + sep);
  const server = createServer((req, res) => {
    const refuse = (code, text, extra = {}) =>
      res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...extra })
        .end(text);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405, 'only GET and HEAD', { Allow: 'GET, HEAD' });
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return refuse(400, 'malformed request path');  // "/%E0%A4%A" used to throw and stop the server
    }
    if (path.includes('\0')) return refuse(400, 'malformed request path');
    let file = normalize(join(base, path));
    if (!inside(file)) return refuse(403, 'forbidden');
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      // Symbolic links may not lead out of the root; and only the page's own files are served,
      // not the build tree beside them (CMakeCache.txt, build.ninja, libraries).
      const real = realpathSync(file);
      if (!inside(real) || !pageFile(relative(base, real))) return refuse(404, `not found: ${path}`);
      const st = statSync(real);
      if (!st.isFile()) return refuse(404, `not found: ${path}`);
      const headers = {
        'Content-Type': types[extname(real)] || 'application/octet-stream',
        'Content-Length': st.size,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      };
      if (extname(real) === '.html') headers['Content-Security-Policy'] = contentPolicy(readFileSync(real, 'utf8'));
      if (isolate) {
        headers['Cross-Origin-Opener-Policy'] = 'same-origin';
        headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      }
      if (req.method === 'HEAD') return res.writeHead(200, headers).end();
      const stream = createReadStream(real);
      // A file that cannot be read (or vanishes) ends this response, never the server.
      stream.once('error', (e) => {
        console.error(`serve: ${path}: ${e.message}`);
        if (res.headersSent) res.destroy(); else refuse(404, `not found: ${path}`);
      });
      stream.once('open', () => { res.writeHead(200, headers); stream.pipe(res); });
    } catch {
      refuse(404, `not found: ${path}`);
    }
  });
  // A request Node cannot parse gets a 400; the server goes on.
  server.on('clientError', (e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
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
