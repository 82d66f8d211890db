import type { HttpRequest, HttpResponse } from './protocol.js';

const MAX_BODY = 8 * 1024 * 1024;

/**
 * `http()` of XSOAR's JS API, performed by the tenant for a script whose manifest allows network.
 * The child never opens sockets itself: Node 20's permission model cannot forbid them, so
 * keeping them out of the child entirely is what makes "no network" checkable in one place.
 * Returns an error message instead of throwing; the script sees it as a thrown Error.
 */
export async function httpForScript(req: HttpRequest, timeoutMs: number): Promise<HttpResponse | string> {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return `invalid URL: ${req.url}`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `unsupported URL scheme ${url.protocol}`;
  try {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers ?? {})) headers[k] = Array.isArray(v) ? v.map(String).join(', ') : String(v);
    const res = await fetch(url, {
      method: req.method.toUpperCase(),
      headers,
      body: req.body,
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const buf = Buffer.from(await res.arrayBuffer());
    if (buf.length > MAX_BODY) return `response body exceeds ${MAX_BODY} bytes`;
    const outHeaders: Record<string, string[]> = {};
    res.headers.forEach((value, key) => {
      (outHeaders[key] ??= []).push(value);
    });
    return { StatusCode: res.status, Status: `${res.status} ${res.statusText}`, Body: buf.toString('utf8'), Headers: outHeaders };
  } catch (err) {
    return `http request failed: ${err instanceof Error ? err.message : String(err)}`;
  }
}
