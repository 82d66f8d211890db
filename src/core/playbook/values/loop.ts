/**
 * The iterations of a for-each sub-playbook loop (`loop.forEach: true`, XSOAR-FORMATS §1.7):
 * which inputs each run of the sub-playbook gets.
 *
 * XSOAR's rule (PANW "Configure a Sub-playbook Loop"): list inputs are zipped by index and a
 * shorter list, or a scalar, contributes only while it has items — with x = 1,2,3,4, y = a,b,c,d
 * and z = 9 the runs get (1,a,9), (2,b), (3,c), (4,d). So a scalar counts as a list of one
 * item, and there are as many runs as the longest list has items.
 *
 * Where the documentation is silent, the rules chosen here:
 * - Missing inputs (`undefined`, null: an input whose value resolved to nothing) contribute to
 *   no run and do not count as lists; they are left out of every iteration's inputs.
 * - Only scalars (or no inputs at all): one run, with every present input.
 * - Empty lists: a for-each over nothing runs zero times — but only when *every* list input is
 *   empty, scalars or not (`Ids: []`, `Interval: 1` → no run). When some list has items, the
 *   empty ones just contribute to no run.
 * - Items are given as they are: an item that is itself a list stays one value of its run.
 *
 * Text is not split here: an input given as comma-separated text is one scalar, because the
 * engine resolves inputs to values first and XSOAR iterates the resolved value's items. The
 * engine caps the result with `loop.max`.
 *
 * Values are shared with `inputs`, not copied: each run's sub-playbook context gets its inputs
 * through the engine, which treats context values as immutable.
 */

const missing = (v: unknown): boolean => v === null || v === undefined;

/** One record of inputs per run of the sub-playbook, in order; see the module header. */
export function forEachIterations(inputs: Readonly<Record<string, unknown>>): Record<string, unknown>[] {
  const keys = Object.keys(inputs).filter((k) => !missing(inputs[k]));
  const lists = keys.map((k) => inputs[k]).filter((v): v is unknown[] => Array.isArray(v));
  if (lists.length > 0 && lists.every((l) => l.length === 0)) return [];
  const length = (k: string): number => {
    const v = inputs[k];
    return Array.isArray(v) ? v.length : 1;
  };
  const runs = Math.max(1, ...lists.map((l) => l.length));
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < runs; i++) {
    const entries: [string, unknown][] = [];
    for (const k of keys) {
      if (i >= length(k)) continue;
      const v = inputs[k];
      entries.push([k, Array.isArray(v) ? (v[i] as unknown) : v]);
    }
    // fromEntries defines own data properties: an input named "__proto__" stays an input.
    out.push(Object.fromEntries(entries));
  }
  return out;
}
