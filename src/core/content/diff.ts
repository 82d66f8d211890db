/** One difference between two versions of a document: the path, and the value on each side (absent = undefined). */
export interface Change {
  path: string;
  from?: unknown;
  to?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const segment = (k: string): string => (/^[A-Za-z0-9_#:-]+$/.test(k) ? k : JSON.stringify(k));

/**
 * The leaf-level differences between two documents, in path order (`tasks.12.nexttasks.yes[0]`),
 * at most `limit` of them: what a reviewer needs to see between two versions of an item.
 */
export function diffDocs(a: unknown, b: unknown, limit = 1000): { changes: Change[]; truncated: boolean } {
  const changes: Change[] = [];
  let truncated = false;
  const walk = (x: unknown, y: unknown, path: string): void => {
    if (changes.length >= limit) {
      truncated = true;
      return;
    }
    if (isObject(x) && isObject(y)) {
      for (const k of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
        walk(x[k], y[k], path ? `${path}.${segment(k)}` : segment(k));
      }
      return;
    }
    if (Array.isArray(x) && Array.isArray(y)) {
      for (let i = 0; i < Math.max(x.length, y.length); i++) walk(x[i], y[i], `${path}[${i}]`);
      return;
    }
    if (JSON.stringify(x) === JSON.stringify(y)) return;
    changes.push({ path: path || '(document)', ...(x === undefined ? {} : { from: x }), ...(y === undefined ? {} : { to: y }) });
  };
  walk(a, b, '');
  return { changes, truncated };
}
