/** Every native built-in, by the name content uses. */
import { dataBuiltins } from './data-commands.js';
import { incidentBuiltins } from './incident-commands.js';
import { reachingBuiltins } from './reaching-commands.js';
import { contextBuiltins } from './registry-scripts.js';
import type { BuiltinDef } from './types.js';

export function builtinRegistry(): ReadonlyMap<string, BuiltinDef> {
  return new Map(Object.entries({ ...contextBuiltins, ...incidentBuiltins, ...dataBuiltins, ...reachingBuiltins }));
}
