/**
 * Assembles a tenant's playbook engine from its repositories: built-ins, the script sandbox
 * (its `http()` held to the same allow-list as the `http` built-in), services and the engine.
 */
import type { Logger } from 'pino';
import type { IncidentInput } from '../../core/incident.js';
import type { Database } from '../../store/database.js';
import { PlaybookRunRepository } from '../../store/playbook-run-repo.js';
import type { TenantContentRepository } from '../../store/tenant-content-repo.js';
import { WarRoomRepository } from '../../store/war-room-repo.js';
import type { IncidentService } from '../incidents/service.js';
import { ScriptSandbox } from '../sandbox/script-sandbox.js';
import { builtinRegistry } from './builtins/index.js';
import { CommandRunner } from './commands.js';
import { PlaybookEngine } from './engine.js';
import { HttpAllowList } from './http-allow-list.js';
import { loadAllowList } from './http-allow-list.js';
import { buildWorkPlan, type WorkPlan } from './workplan.js';
import { RunBook } from './run-book.js';
import { builtinServices, tenantWriter } from './services.js';

export interface TenantPlaybooks {
  readonly engine: PlaybookEngine;
  readonly runs: PlaybookRunRepository;
  readonly warRoom: WarRoomRepository;
  readonly allowList: HttpAllowList;
  /** Resumes unsettled runs; call once the database is migrated. */
  start(): Promise<void>;
  /** The work plan of an incident's newest run. */
  workplan(incidentId: number): Promise<WorkPlan>;
  /** Stops timers and running scripts, and waits for pending commits. */
  close(): Promise<void>;
}

export function createPlaybooks(
  db: Database,
  incidents: IncidentService,
  content: TenantContentRepository,
  logger: Logger,
  options: { now?: () => number; observe?: (what: 'task' | 'commit', ms: number) => void; allowList?: HttpAllowList } = {},
): TenantPlaybooks {
  const now = options.now ?? Date.now;
  const runs = new PlaybookRunRepository(db);
  const warRoom = new WarRoomRepository(db);
  const allowList = options.allowList ?? new HttpAllowList();
  const sandbox = new ScriptSandbox({
    checkUrl: (url) => {
      try {
        allowList.check(url);
        return undefined;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
  });
  const commands = new CommandRunner(builtinRegistry(), content, sandbox);
  const book = new RunBook({ db, runs, warRoom, content, writer: (tx, incidentId) => tenantWriter(tx, db.dialect, warRoom, incidentId, now), logger, now, ...(options.observe ? { observe: options.observe } : {}) });
  const createIncident = async (input: IncidentInput): Promise<number> => {
    const [id] = await incidents.create([input]);
    if (id === undefined) throw new Error('the incident was not created');
    await engine.startDefault(id, input.type ?? '');
    return id;
  };
  const services = builtinServices({ incidents, warRoom, content, allowList, createIncident });
  const engine: PlaybookEngine = new PlaybookEngine({ book, incidents, commands, services, urls: { server: '', investigation: '' } });
  return {
    engine,
    runs,
    warRoom,
    allowList,
    async start() {
      if (!options.allowList) await loadAllowList(warRoom, allowList);
      await engine.resume();
    },
    workplan: (incidentId) => buildWorkPlan(incidentId, runs, engine.activeRuns(), engine.executing),
    async close() {
      await engine.close();
      sandbox.killAll();
    },
  };
}
