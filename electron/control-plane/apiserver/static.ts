// Serves the built web dashboard under /ui/ (index.html for client-side routes).
import { promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { sendRaw } from './http.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

const META_POLICY = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i;

/**
 * The page's own policy (its meta tag, written once in renderer/index.html),
 * sent as a header too, with what only a header can say: no site may frame the
 * dashboard (clickjacking).
 */
function contentSecurityPolicy(html: string): string {
  return [META_POLICY.exec(html)?.[1], "frame-ancestors 'none'"].filter(Boolean).join('; ');
}

export async function serveStatic(_req: IncomingMessage, res: ServerResponse, root: string, urlPath: string): Promise<void> {
  if (urlPath === '/' || urlPath === '/ui') {
    res.writeHead(302, { Location: '/ui/' });
    res.end();
    return;
  }
  const relative = decodeURIComponent(urlPath.slice('/ui/'.length));
  const base = path.resolve(root);
  let file = path.resolve(base, relative);
  // Never serve outside the dashboard folder, whatever the path says.
  if (file !== base && !file.startsWith(base + path.sep)) return sendRaw(res, 404, 'not found', 'text/plain');
  let body: Buffer;
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) file = path.join(file, 'index.html');
    body = await fs.readFile(file);
  } catch {
    file = path.join(base, 'index.html');
    try {
      body = await fs.readFile(file);
    } catch {
      return sendRaw(res, 404, 'the web dashboard is not built (run `npm run build`)', 'text/plain');
    }
  }
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  const immutable = file.includes(`${path.sep}assets${path.sep}`);
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': body.length,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    // Pages only: on a script it would become the policy of workers started from it.
    ...(type === TYPES['.html'] ? { 'Content-Security-Policy': contentSecurityPolicy(body.toString('utf8')) } : {}),
  });
  res.end(body);
}
