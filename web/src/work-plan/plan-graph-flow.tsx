/**
 * The canvas of the work plan's graph (React Flow): one level's tasks as boxes where the layout
 * put them, its edges with their branch labels (taken solid and strong, dead dashed and faint,
 * open thin), zoom and pan controls, a minimap once the level has more than 20 tasks. The view
 * fits the level when it is first drawn. Selecting is the only change a user makes here.
 */
import '@xyflow/react/dist/style.css';
import { Background, BackgroundVariant, Controls, MarkerType, MiniMap, ReactFlow, type Edge, type NodeChange, type NodeMouseHandler } from '@xyflow/react';
import { useCallback, useMemo, useState } from 'react';
import { stateClass } from '../common/badges';
import { NODE_WIDTH, type PlanLevel } from './plan-graph-layout';
import { nodeTypes, taskLabel, type TaskNode } from './plan-graph-node';
import type { PlanEdge } from '../api/types';

interface Props {
  level: PlanLevel;
  /** Which level this is ('' for the top playbook): a new level is fitted anew. */
  scope: string;
  selected: string | undefined;
  /** Whether task `id` has sub-playbook tasks to open. */
  opens: (id: string) => boolean;
  onSelect: (id: string | undefined) => void;
  onOpen: (id: string) => void;
}

const MINIMAP_FROM = 21;

type Size = { width: number; height: number };
const FIT = { padding: 0.12, maxZoom: 1 };
const MINIMAP_SIZE = { width: 150, height: 104 };
const EDGE_COLOURS: Readonly<Record<string, string>> = { taken: 'var(--ok)', dead: 'var(--idle)', open: 'var(--border-strong)' };
const STATE_COLOURS: Readonly<Record<string, string>> = { 'state-ok': 'var(--ok)', 'state-run': 'var(--run)', 'state-wait': 'var(--wait)', 'state-err': 'var(--err)' };

/** A branch's label as the graph shows it: none for an unconditional edge. */
function branchLabel(label: string): string | undefined {
  if (label === '' || label === '#none#') return undefined;
  return label === '#default#' ? 'else' : label;
}

function toEdge(e: PlanEdge): Edge {
  const status = e.status === 'taken' || e.status === 'dead' ? e.status : 'open';
  const label = branchLabel(e.label);
  return {
    id: `${e.from}>${e.to}:${e.label}`,
    source: e.from,
    target: e.to,
    className: `plan-edge plan-edge-${status}`,
    markerEnd: { type: MarkerType.ArrowClosed, color: EDGE_COLOURS[status], width: 14, height: 14 },
    selectable: false,
    focusable: false,
    zIndex: status === 'taken' ? 1 : 0,
    ...(label === undefined ? {} : { label, labelBgPadding: [5, 2] as [number, number], labelBgBorderRadius: 3 }),
  };
}

export function PlanFlow({ level, scope, selected, opens, onSelect, onOpen }: Props) {
  // Sizes React Flow measured, given back with the nodes (the minimap draws from them).
  const [sizes, setSizes] = useState<ReadonlyMap<string, Size>>(new Map());
  const nodes = useMemo<TaskNode[]>(
    () =>
      level.placed.map(({ task, x, y }) => ({
        measured: sizes.get(task.id),
        id: task.id,
        type: 'task',
        position: { x, y },
        width: NODE_WIDTH,
        data: { task, opens: opens(task.id), onOpen },
        selected: task.id === selected,
        draggable: false,
        connectable: false,
        ariaLabel: taskLabel(task),
      })),
    [level, selected, opens, onOpen, sizes],
  );
  const edges = useMemo(() => level.edges.map(toEdge), [level]);
  // Remounting on a new level (or a new set of tasks) fits the view to it once.
  const key = `${scope}|${nodes.map((n) => n.id).join(',')}`;

  const onNodesChange = useCallback(
    (changes: NodeChange<TaskNode>[]) => {
      let next: string | undefined | null = null;
      const measured = new Map<string, Size>();
      for (const c of changes) {
        if (c.type === 'dimensions' && c.dimensions !== undefined) measured.set(c.id, c.dimensions);
        if (c.type !== 'select') continue;
        if (c.selected) next = c.id;
        else if (c.id === selected && next === null) next = undefined;
      }
      if (next !== null) onSelect(next);
      if (measured.size > 0) setSizes((old) => new Map([...old, ...measured]));
    },
    [selected, onSelect],
  );
  const onNodeDoubleClick = useCallback<NodeMouseHandler<TaskNode>>((_, node) => {
    if (node.data.opens) onOpen(node.id);
  }, [onOpen]);

  return (
    <div className="plan-graph-canvas" data-testid="plan-graph">
      <ReactFlow<TaskNode>
        key={key}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onNodeDoubleClick={onNodeDoubleClick}
        fitView
        fitViewOptions={FIT}
        minZoom={0.05}
        maxZoom={2}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        zoomOnDoubleClick={false}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        ariaLabelConfig={{ 'node.a11yDescription.default': 'Press Enter or Space to select the task and see its details.' }}
      >
        <Background variant={BackgroundVariant.Dots} gap={22} size={1} />
        <Controls showInteractive={false} fitViewOptions={FIT} />
        {nodes.length >= MINIMAP_FROM && <MiniMap<TaskNode> pannable zoomable style={MINIMAP_SIZE} nodeColor={(n) => STATE_COLOURS[stateClass(n.data.task.state)] ?? 'var(--idle)'} ariaLabel="Overview of the graph" />}
      </ReactFlow>
    </div>
  );
}
