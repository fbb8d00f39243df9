// Everything the loader finds wrong, as `file:line:column: severity: message`, so editors and CI
// logs can jump straight to the key to change.

export type Severity = 'error' | 'warning';

export interface Problem {
  severity: Severity;
  file: string;
  line?: number;
  column?: number;
  message: string;
  /** Name of the Prow checkconfig warning this corresponds to (e.g. "unknown-fields"), if any. */
  check?: string;
}

export function formatProblem(p: Problem): string {
  const where = [p.file, p.line, p.line !== undefined ? p.column : undefined].filter((x) => x !== undefined).join(':');
  return `${where}: ${p.severity}: ${p.message}`;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Thrown by loadConfigOrThrow: carries every problem, and lists them in its message. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(`invalid configuration (${errors.length} error${errors.length === 1 ? '' : 's'}):\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Render a YAML path the way people read it: presubmits["org/repo"][0].trigger */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** A problem found in parsed data, before it is mapped to a file position through its path. */
export interface Finding {
  path: readonly (string | number)[];
  severity: Severity;
  message: string;
  check?: string;
}
