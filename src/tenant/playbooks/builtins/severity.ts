import type { Severity } from '../../../core/incident.js';

/** XSOAR's severity names (0.5 "Informational" is kept as 0: incidents here hold 0–4). */
export const SEVERITIES_BY_NAME: Readonly<Record<string, Severity>> = {
  unknown: 0,
  informational: 0,
  info: 0,
  low: 1,
  medium: 2,
  high: 3,
  critical: 4,
};
