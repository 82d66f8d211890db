import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CommandSpec {
  name: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  help: Record<string, string>;
}

/** Parses a subcommand's flags; prints its help and exits on --help or a bad flag. */
export function parse(spec: CommandSpec, argv: string[]): Record<string, string | boolean | undefined> {
  const options = { ...spec.options, help: { type: 'boolean' as const, short: 'h' } };
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values;
  } catch (err) {
    process.stderr.write(`palisade ${spec.name}: ${err instanceof Error ? err.message : String(err)}\n\n${helpText(spec)}`);
    process.exit(2);
  }
  if (values['help']) {
    process.stdout.write(helpText(spec));
    process.exit(0);
  }
  return values;
}

export function helpText(spec: CommandSpec): string {
  const lines = Object.entries(spec.help).map(([flag, text]) => `  --${flag.padEnd(22)} ${text}`);
  return `Usage: palisade ${spec.name} ${spec.usage}\n\nOptions:\n${lines.join('\n')}\n  --${'help'.padEnd(22)} Show this help\n`;
}

export function str(v: string | boolean | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function int(v: string | boolean | undefined, name: string): number | undefined {
  if (typeof v !== 'string') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`--${name} must be a non-negative integer\n`);
    process.exit(2);
  }
  return n;
}

/**
 * Resolves once SIGINT or SIGTERM arrives, or, for a process started by `spawnPalisade`,
 * once its parent is gone (its stdin closes), so no process outlives the demo or a test.
 */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    if (process.env['PALISADE_LIFELINE'] === '1') {
      process.stdin.on('data', () => undefined);
      process.stdin.once('close', () => resolve('parent gone'));
    }
  });
}
