/**
 * The CommonScripts and the `extractIndicators` built-in provided natively, by the name a task
 * uses (XSOAR-FORMATS §6). All are local: everything they do is in their result. The engine
 * merges this registry with the others.
 */
import { areValuesEqualScript, existsScript, isErrorScript, printErrorEntryScript, printScript } from './answer-scripts.js';
import { deleteContextScript, setAndHandleEmptyScript, setScript } from './context-scripts.js';
import { toTableScript } from './table-script.js';
import { calculateTimeDifferenceScript, getTimeScript, sleepScript } from './time-scripts.js';
import { extractIndicatorsScript } from './extract-indicators.js';
import type { Builtin, BuiltinDef } from './types.js';

const local = (run: Builtin): BuiltinDef => ({ run, local: true });

export const contextBuiltins: Record<string, BuiltinDef> = {
  Set: local(setScript),
  SetAndHandleEmpty: local(setAndHandleEmptyScript),
  DeleteContext: local(deleteContextScript),
  Print: local(printScript),
  PrintErrorEntry: local(printErrorEntryScript),
  Exists: local(existsScript),
  isError: local(isErrorScript),
  AreValuesEqual: local(areValuesEqualScript),
  GetTime: local(getTimeScript),
  CalculateTimeDifference: local(calculateTimeDifferenceScript),
  ToTable: local(toTableScript),
  Sleep: local(sleepScript),
  extractIndicators: local(extractIndicatorsScript),
};
