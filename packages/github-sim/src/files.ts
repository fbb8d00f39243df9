import type { FileIn } from './scenario-schema.js';
import type { FileSpec } from './ops-pulls.js';

// Changed-file specs: `{filename, status, additions, deletions, content}` or the short form
// `path[:additions[:deletions]]` used by the CLI (`--file README.md:12:1`) and accepted in scenarios.

export function parseFileArg(arg: string): FileSpec {
  const m = /^(.+?)(?::(\d+)(?::(\d+))?)?$/.exec(arg);
  if (!m?.[1]) throw new Error(`not a file spec: '${arg}' (use path[:additions[:deletions]])`);
  return { filename: m[1], additions: Number(m[2] ?? 0), deletions: Number(m[3] ?? 0) };
}

export function normalizeFile(f: FileIn): FileSpec {
  return typeof f === 'string' ? parseFileArg(f) : { ...f };
}
