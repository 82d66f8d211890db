/**
 * The playbook run graph: compile a playbook document once, then drive each run through the
 * pure reducer, committing every event before its effects (see `reducer.ts`).
 */
export { compilePlaybook, ownFields, PlaybookGraphError, type CompiledGraph, type CompiledTask, type TaskType } from './compile.js';
export {
  branchFor,
  createRun,
  DEAD_PATH,
  DEFAULT,
  edgeStatus,
  ERROR,
  errorBranch,
  isActive,
  isBlockingError,
  isSettled,
  NONE,
  type EdgeStatus,
  type RunState,
  type RunStatus,
  type TaskOutcome,
  type TaskRun,
  type TaskState,
} from './run-state.js';
export { pendingEffects, reduce, replay, type ReduceResult, type RunEffect, type RunEvent } from './reducer.js';
export { firstLabel, simulate, type SimulateOptions, type Simulation } from './simulate.js';
