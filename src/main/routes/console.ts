/**
 * The web console: the static files Vite built into `dist/web`, served by main on the API's own
 * origin, so the console's session cookie and CSRF header work without CORS. Files are public
 * (the API decides what anyone may see); paths are looked up in the list of built files, never
 * joined onto the file system from the URL. Hashed assets are cached for a year, `index.html`
 * never.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

// PALISADE_WEB_ROOT serves a console built elsewhere (`vite build --outDir …` while developing).
export const CONSOLE_ROOT = process.env['PALISADE_WEB_ROOT'] ?? fileURLToPath(new URL('../../../web/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

// The console loads only its own scripts, styles and API: an injected string has nowhere to go.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const MISSING = '<!doctype html><meta charset="utf-8"><title>Palisade</title><p>The web console is not built: run <code>npm run build</code>.</p>';

/** Every file under `root`, by its URL path (`/assets/index-abc.js`). */
function builtFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(root)) return files;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(`/${relative(root, path).split(sep).join('/')}`, path);
    }
  };
  walk(root);
  return files;
}

export function consoleRoutes(app: FastifyInstance, root: string = CONSOLE_ROOT): void {
  const files = builtFiles(root);
  const send = (path: string | undefined, url: string): { body: Buffer | string; type: string; cache: string } => {
    if (!path) return { body: MISSING, type: TYPES['.html'] ?? 'text/html', cache: 'no-store' };
    const immutable = url.startsWith('/assets/');
    return { body: readFileSync(path), type: TYPES[extname(path)] ?? 'application/octet-stream', cache: immutable ? 'public, max-age=31536000, immutable' : 'no-cache' };
  };
  const serve = (url: string) => async (_req: unknown, reply: import('fastify').FastifyReply) => {
    const file = send(url === '/' ? files.get('/index.html') : files.get(url), url);
    return reply.header('content-type', file.type).header('cache-control', file.cache).header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer').send(file.body);
  };
  app.get('/', { config: { public: true } }, serve('/'));
  for (const url of files.keys()) if (url !== '/index.html') app.get(url, { config: { public: true } }, serve(url));
}
