/** Coloured badges for severities, incident statuses, task and run states. */
import { severityName, statusName } from './format';

export function SeverityBadge({ value }: { value: number }) {
  const level = value >= 0 && value <= 4 ? value : 0;
  return (
    <span className={`badge sev sev-${level}`} title={`Severity ${value}`}>
      <span className="dot" aria-hidden="true" />
      {severityName(value)}
    </span>
  );
}

export function StatusBadge({ value }: { value: string }) {
  return <span className={`badge status status-${value}`}>{statusName(value)}</span>;
}

const STATE_CLASS: Readonly<Record<string, string>> = {
  completed: 'ok',
  running: 'run',
  ready: 'run',
  waiting: 'wait',
  error: 'err',
  failed: 'err',
  skipped: 'idle',
  pending: 'idle',
  stopped: 'idle',
  none: 'idle',
};

/** A task's or a run's state: completed green, running blue, waiting amber, error red, the rest grey. */
export function StateBadge({ value }: { value: string }) {
  return <span className={`badge state state-${STATE_CLASS[value] ?? 'idle'}`}>{value}</span>;
}

export function stateClass(value: string): string {
  return `state-${STATE_CLASS[value] ?? 'idle'}`;
}
