/**
 * Pack dependency resolution: which packs to install, in which order, for one pack to work.
 * Mandatory dependencies must be installed (at `minVersion` or later, when the pack says one)
 * or come from the marketplace folder, recursively; optional ones are only reported. Cycles,
 * which real packs have, are fine: each pack is planned once.
 */
import { AppError } from '../errors.js';
import { compareVersions, type PackDependency } from './metadata.js';

export interface PackRef {
  readonly id: string;
  readonly version: string;
  readonly dependencies: Readonly<Record<string, PackDependency>>;
}

export interface InstallStep {
  readonly id: string;
  readonly version: string;
  /** `target`: the pack asked for; `dependency`: brought in for it. */
  readonly role: 'target' | 'dependency';
  /** Which pack needed it, for dependencies. */
  readonly neededBy?: string;
}

export interface Resolution {
  /** Dependencies first, the target last. */
  readonly steps: readonly InstallStep[];
  /** Optional dependencies that are not installed (nothing is done about them). */
  readonly optionalMissing: readonly { id: string; neededBy: string }[];
}

/**
 * `installed`: pack id → installed version. `available(id)`: the newest version of that pack
 * in the marketplace folder, if any. Throws a 409 naming the pack and the dependency when a
 * mandatory dependency is missing or no version satisfies it.
 */
export function resolveInstall(target: PackRef, installed: ReadonlyMap<string, string>, available: (id: string) => PackRef | undefined): Resolution {
  const steps: InstallStep[] = [];
  const planned = new Map<string, string>();
  const optionalMissing: { id: string; neededBy: string }[] = [];
  /** Packs whose dependencies are being planned, with the version that will be installed. */
  const visiting = new Map<string, string>();

  const visit = (pack: PackRef, role: InstallStep['role'], neededBy?: string): void => {
    if (planned.has(pack.id) || visiting.has(pack.id)) return;
    visiting.set(pack.id, pack.version);
    for (const [dep, spec] of Object.entries(pack.dependencies).sort(([a], [b]) => (a < b ? -1 : 1))) {
      // A pack planned or being planned (the target, or one up a cycle) is installed at that version.
      const planning = planned.get(dep) ?? visiting.get(dep);
      const have = planning ?? installed.get(dep);
      const enough = (v: string): boolean => spec.minVersion === undefined || compareVersions(v, spec.minVersion) >= 0;
      if (have !== undefined && enough(have)) continue;
      if (!spec.mandatory) {
        if (have === undefined) optionalMissing.push({ id: dep, neededBy: pack.id });
        continue;
      }
      const wanted = spec.minVersion === undefined ? '' : ` ${spec.minVersion} or later`;
      if (planning !== undefined) throw new AppError('conflict', `conflicting dependency: pack ${pack.id} needs pack ${dep}${wanted}, but ${planning} is the version being installed`);
      const offer = available(dep);
      if (!offer) {
        throw new AppError('conflict', have === undefined
          ? `missing dependency: pack ${pack.id} needs pack ${dep}${wanted}, which is neither installed nor in the marketplace`
          : `conflicting dependency: pack ${pack.id} needs pack ${dep}${wanted}, but ${have} is installed and the marketplace has no other version`);
      }
      if (!enough(offer.version)) {
        throw new AppError('conflict', `conflicting dependency: pack ${pack.id} needs pack ${dep}${wanted}, but ${have !== undefined ? `${have} is installed and ` : ''}the marketplace has only ${offer.version}`);
      }
      visit(offer, 'dependency', pack.id);
    }
    visiting.delete(pack.id);
    planned.set(pack.id, pack.version);
    steps.push({ id: pack.id, version: pack.version, role, ...(neededBy !== undefined ? { neededBy } : {}) });
  };
  visit(target, 'target');
  return { steps, optionalMissing };
}

/** Installed packs that cannot work without `id` (a mandatory dependency on it). */
export function dependentsOf(id: string, installed: readonly PackRef[]): string[] {
  return installed.filter((p) => p.id !== id && p.dependencies[id]?.mandatory === true).map((p) => p.id).sort();
}
