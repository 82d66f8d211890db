/**
 * A war room command line as analysts type it in XSOAR: `!Name arg=value arg2="a value" …`.
 * Values are bare (up to the next space), double-quoted (`\"` and `\\` escapes) or
 * backquoted (taken as written); `${…}` in a value is left for the engine to resolve against
 * the incident's context. A name may carry a brand (`!Builtin|||setIncident`, `!VT|||ip`).
 */

export interface ParsedCommand {
  readonly name: string;
  readonly args: Readonly<Record<string, string>>;
}

export class CommandLineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandLineError';
  }
}

export const MAX_COMMAND_LENGTH = 64 * 1024;

export function parseCommandLine(line: string): ParsedCommand {
  if (line.length > MAX_COMMAND_LENGTH) throw new CommandLineError(`a command line holds at most ${MAX_COMMAND_LENGTH} characters`);
  const text = line.trim();
  if (!text.startsWith('!')) throw new CommandLineError('a command starts with "!" (for example !Print value=hello)');
  const head = /^!([A-Za-z0-9_.|-]+)/.exec(text);
  if (!head?.[1] || head[1].replace(/\|/g, '') === '') throw new CommandLineError('"!" must be followed by a command name');
  const args: Record<string, string> = {};
  let i = head[0].length;
  const at = (): string => text[i] ?? '';
  while (i < text.length) {
    if (/\s/.test(at())) {
      i++;
      continue;
    }
    const key = /^([A-Za-z0-9_.-]+)=/.exec(text.slice(i));
    if (!key?.[1]) throw new CommandLineError(`expected name=value at character ${i + 1}: ${JSON.stringify(text.slice(i, i + 30))}`);
    if (Object.hasOwn(args, key[1])) throw new CommandLineError(`argument "${key[1]}" is given twice`);
    i += key[0].length;
    args[key[1]] = readValue();
  }
  return { name: head[1], args };

  function readValue(): string {
    const quote = at();
    if (quote !== '"' && quote !== '`') {
      const start = i;
      while (i < text.length && !/\s/.test(at())) i++;
      return text.slice(start, i);
    }
    i++;
    let out = '';
    while (i < text.length && at() !== quote) {
      if (quote === '"' && at() === '\\' && i + 1 < text.length) {
        const next = text[i + 1] ?? '';
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
        i += 2;
        continue;
      }
      out += at();
      i++;
    }
    if (at() !== quote) throw new CommandLineError(`a value opened with ${quote} is not closed`);
    i++;
    return out;
  }
}
