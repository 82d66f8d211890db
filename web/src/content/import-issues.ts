/**
 * Problems with the files of an import, found before sending (empty file, bad JSON, a name
 * twice, a type main does not read) or named by the server's 400, whose message reads
 * `<file>: <field>: <reason>` (or `<file>: <reason>` for the whole document).
 */
import type { ContentIssue } from '../api/content-types';

export const TEXT_FILE = /\.(ya?ml|json)$/i;
export const ARCHIVE_FILE = /\.(zip|tar\.gz|tgz|tar)$/i;
/** The API takes one file of at most this many characters. */
const MAX_TEXT = 20_000_000;

/** What can be told about files before sending them. */
export function precheck(files: readonly { fileName: string; text: string }[]): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    const name = f.fileName.trim();
    if (name === '') {
      issues.push({ file: '(unnamed)', field: '', reason: 'give the file a name ending in .yml, .yaml or .json (e.g. playbook-Triage.yml)' });
      continue;
    }
    if (seen.has(name)) issues.push({ file: name, field: '', reason: 'this file name appears twice' });
    seen.add(name);
    if (!TEXT_FILE.test(name)) issues.push({ file: name, field: '', reason: 'not a content file: the name must end in .yml, .yaml or .json' });
    if (f.text.trim() === '') issues.push({ file: name, field: '', reason: 'the file is empty' });
    else if (f.text.length > MAX_TEXT) issues.push({ file: name, field: '', reason: 'the file is larger than 20 million characters' });
    else if (/\.json$/i.test(name)) {
      try {
        JSON.parse(f.text);
      } catch (err) {
        issues.push({ file: name, field: '', reason: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
  }
  return issues;
}

/**
 * The server's message as file, field and reason. `files` are the names sent (matched first:
 * they may hold spaces); a path inside an archive is recognised by its extension. A message
 * about no file in particular comes back with an empty file.
 */
export function issueFromMessage(message: string, files: readonly string[]): ContentIssue {
  const known = [...files].sort((a, b) => b.length - a.length).find((f) => message.startsWith(`${f}: `));
  let file = known;
  let rest = known === undefined ? message : message.slice(known.length + 2);
  if (file === undefined) {
    const m = /^(\S+\.(?:ya?ml|json)): ([\s\S]*)$/i.exec(message);
    if (m?.[1] !== undefined && m[2] !== undefined) {
      file = m[1];
      rest = m[2];
    }
  }
  if (file === undefined) return { file: '', field: '', reason: message };
  // A field is a path without spaces (`tasks.12.nexttasks.#none#[0]`) before the reason.
  const f = /^([^\s:]+(?::[a-z_0-9]+)?): ([\s\S]+)$/.exec(rest);
  if (f?.[1] !== undefined && f[2] !== undefined && /[.[\]]|^[A-Za-z_]+$/.test(f[1])) return { file, field: f[1], reason: f[2] };
  return { file, field: '', reason: rest };
}
