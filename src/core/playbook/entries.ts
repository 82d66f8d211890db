/** XSOAR war-room entries as JS scripts return them (XSOAR-FORMATS §2.3). */

export const ENTRY_TYPES = { note: 1, file: 3, error: 4, image: 7, entryInfoFile: 9, map: 15, widget: 17 } as const;

export const FORMATS = {
  text: 'text',
  json: 'json',
  markdown: 'markdown',
  html: 'html',
  table: 'table',
  dbotResponse: 'dbotCommandResponse',
} as const;

export interface Entry {
  Type: number;
  ContentsFormat: string;
  Contents: unknown;
  HumanReadable?: string;
  EntryContext?: Record<string, unknown>;
  IgnoreAutoExtract?: boolean;
  Note?: boolean;
  Tags?: string[];
  [key: string]: unknown;
}

export function errorEntry(message: string): Entry {
  return { Type: ENTRY_TYPES.error, ContentsFormat: FORMATS.text, Contents: message };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One returned item → one entry. An object counts as an entry when it carries any entry key;
 * any other object is returned as JSON contents, which is what the XSOAR server does with a
 * bare object (it is shown as JSON in the war room).
 */
function toEntry(value: unknown): Entry {
  if (typeof value === 'string') return { Type: ENTRY_TYPES.note, ContentsFormat: FORMATS.text, Contents: value };
  if (isRecord(value) && ('Contents' in value || 'Type' in value || 'HumanReadable' in value)) {
    const type = typeof value.Type === 'number' ? value.Type : ENTRY_TYPES.note;
    const format =
      typeof value.ContentsFormat === 'string'
        ? value.ContentsFormat
        : typeof value.Contents === 'string' || value.Contents === undefined
          ? FORMATS.text
          : FORMATS.json;
    return { ...value, Type: type, ContentsFormat: format, Contents: value.Contents ?? '' };
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return { Type: ENTRY_TYPES.note, ContentsFormat: FORMATS.text, Contents: String(value) };
  }
  return { Type: ENTRY_TYPES.note, ContentsFormat: FORMATS.json, Contents: value };
}

/** A script's return value (string, entry, list of entries, or nothing) → entries. */
export function toEntries(result: unknown): Entry[] {
  if (result === undefined || result === null) return [];
  if (Array.isArray(result)) return result.filter((r) => r !== undefined && r !== null).map(toEntry);
  return [toEntry(result)];
}
