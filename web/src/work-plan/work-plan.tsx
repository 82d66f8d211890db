/**
 * The work plan: the newest run drawn as a graph (plan-graph.tsx), or as a list of its tasks in
 * graph order, grouped by step (parallel branches share one), sub-playbooks under their task;
 * waiting tasks answered here; run or stop a playbook. While the run moves, the plan is read
 * again every few seconds.
 */
import { lazy, Suspense, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api } from '../api/client';
import { useAction } from '../common/use-action';
import { StateBadge } from '../common/badges';
import { duration, formatTime } from '../common/format';
import { planSteps, stateCounts, type PlanNode, type PlanStep } from './plan-order';
import { TaskItem } from './task-item';
import type { WorkPlan } from '../api/types';
import { useLoad } from '../common/use-load';

interface Props {
  tenant: string;
  id: number;
}

const POLL_RUNNING_MS = 2000;
const POLL_WAITING_MS = 10_000;
const FOLLOW_UP_MS = 1000;
const FOLLOW_UP_READS = 5;

// React Flow is loaded with the first graph drawn, not with the console.
const PlanGraph = lazy(() => import('./plan-graph').then((m) => ({ default: m.PlanGraph })));

type PlanLook = 'graph' | 'list';
const LOOK_KEY = 'palisade.workPlanView';

function savedLook(): PlanLook {
  try {
    return localStorage.getItem(LOOK_KEY) === 'list' ? 'list' : 'graph';
  } catch {
    return 'graph';
  }
}

export function WorkPlanTab({ tenant, id }: Props) {
  const plan = useLoad(() => api.workplan(tenant, id), [tenant, id]);
  const { reload } = plan;
  const state = plan.data?.state;

  useEffect(() => {
    if (state !== 'running' && state !== 'waiting') return;
    const every = state === 'running' ? POLL_RUNNING_MS : POLL_WAITING_MS;
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') reload(true);
    }, every);
    return () => window.clearInterval(timer);
  }, [state, reload]);

  // After an analyst's action the run moves on at once: read the plan every second for a while.
  const [acted, setActed] = useState(0);
  useEffect(() => {
    if (acted === 0) return;
    let left = FOLLOW_UP_READS;
    const timer = window.setInterval(() => {
      reload(true);
      if (--left <= 0) window.clearInterval(timer);
    }, FOLLOW_UP_MS);
    return () => window.clearInterval(timer);
  }, [acted, reload]);

  const refresh = (): void => {
    reload(true);
    setActed((n) => n + 1);
  };

  return (
    <div className="work-plan">
      <RunControls tenant={tenant} id={id} plan={plan.data} onChanged={refresh} />
      {plan.error !== undefined && (
        <p className="error-banner" role="alert">
          {plan.error}
        </p>
      )}
      {plan.loading && plan.data === undefined && <p className="muted pad">Loading the work plan…</p>}
      {plan.data !== undefined && <PlanView plan={plan.data} tenant={tenant} id={id} onChanged={refresh} />}
    </div>
  );
}

function RunControls({ tenant, id, plan, onChanged }: { tenant: string; id: number; plan: WorkPlan | undefined; onChanged: () => void }) {
  const [playbookId, setPlaybookId] = useState('');
  const [touched, setTouched] = useState(false);
  const { busy, error, act, fail } = useAction(onChanged);
  const current = plan?.playbookId ?? '';
  const shown = touched ? playbookId : current;
  const active = plan?.state === 'running' || plan?.state === 'waiting';
  // A failed run may still hold waiting branches: it can be stopped too.
  const stoppable = active || plan?.state === 'failed';

  const run = (e: FormEvent): void => {
    e.preventDefault();
    const pb = shown.trim();
    if (pb === '') {
      fail('Name the playbook to run (its id).');
      return;
    }
    act(() => api.runPlaybook(tenant, id, pb));
  };

  return (
    <div className="run-controls">
      <form className="run-form" onSubmit={run}>
        <label className="inline-field">
          <span className="muted">Playbook ID</span>
          <input
            className="mono"
            value={shown}
            onChange={(e) => {
              setTouched(true);
              setPlaybookId(e.target.value);
            }}
            placeholder="e.g. phishing-triage"
            spellCheck={false}
            disabled={busy}
          />
        </label>
        <button type="submit" className="btn primary small" disabled={busy}>
          {active ? 'Re-run playbook' : 'Run playbook'}
        </button>
        <button type="button" className="btn danger small" disabled={busy || !stoppable} onClick={() => act(() => api.stopPlaybook(tenant, id))}>
          Stop
        </button>
      </form>
      {active && <span className="muted small">Running a playbook stops the current run.</span>}
      {error !== undefined && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function PlanView({ plan, tenant, id, onChanged }: { plan: WorkPlan; tenant: string; id: number; onChanged: () => void }) {
  const [look, setLook] = useState<PlanLook>(savedLook);
  const choose = (next: PlanLook): void => {
    setLook(next);
    try {
      localStorage.setItem(LOOK_KEY, next);
    } catch {
      // Storage may be off: the choice then lasts as long as the page.
    }
  };
  if (plan.state === 'none' || plan.tasks.length === 0) {
    return <p className="muted pad">No playbook has run on this incident. Name one above to run it.</p>;
  }
  const steps = planSteps(plan);
  const took = duration(plan.startedAt, plan.finishedAt);
  const renderChildren = (node: PlanNode) =>
    node.children.length === 0 ? null : (
      <div className="sub-plan">
        <Steps steps={node.children} tenant={tenant} id={id} onChanged={onChanged} renderChildren={renderChildren} />
      </div>
    );
  return (
    <>
      <div className="plan-summary">
        <div className="plan-title">
          <span className="muted">Playbook</span> <strong>{plan.playbookName || plan.playbookId}</strong>
          {plan.playbookName && plan.playbookId && plan.playbookName !== plan.playbookId && <span className="muted mono"> ({plan.playbookId})</span>}
        </div>
        <StateBadge value={plan.state} />
        <span className="muted small mono">
          {plan.startedAt ? `started ${formatTime(plan.startedAt)}` : ''}
          {plan.finishedAt ? ` · finished ${formatTime(plan.finishedAt)}` : ''}
          {took ? ` · ${took}` : ''}
        </span>
        <div className="plan-summary-end">
          <span className="counts">
            {stateCounts(plan).map(([s, n]) => (
              <span key={s} className="count">
                <StateBadge value={s} /> {n}
              </span>
            ))}
          </span>
          <div className="plan-look" role="group" aria-label="Show the work plan as">
            {(['graph', 'list'] as const).map((l) => (
              <button key={l} type="button" className={`btn small${look === l ? ' active' : ''}`} aria-pressed={look === l} onClick={() => choose(l)}>
                {l === 'graph' ? 'Graph' : 'List'}
              </button>
            ))}
          </div>
        </div>
      </div>
      {look === 'list' ? (
        <Steps steps={steps} tenant={tenant} id={id} onChanged={onChanged} renderChildren={renderChildren} />
      ) : (
        <Suspense fallback={<p className="muted pad">Drawing the work plan…</p>}>
          <PlanGraph plan={plan} tenant={tenant} id={id} onChanged={onChanged} />
        </Suspense>
      )}
    </>
  );
}

interface StepsProps {
  steps: PlanStep[];
  tenant: string;
  id: number;
  onChanged: () => void;
  renderChildren: (node: PlanNode) => ReactNode;
}

function Steps({ steps, tenant, id, onChanged, renderChildren }: StepsProps) {
  return (
    <ol className="steps">
      {steps.map((s) => (
        <li key={s.step} className="step">
          <span className="step-no" aria-label={`Step ${s.step}`}>
            {s.step}
          </span>
          <ul className="step-tasks">
            {s.nodes.map((n) => (
              <TaskItem key={n.task.id} node={n} tenant={tenant} incidentId={id} onChanged={onChanged} renderChildren={renderChildren} />
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
