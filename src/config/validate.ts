// Check parsed YAML against a zod schema the way Go's decoder treats Prow's structs: wrong types are
// errors (at the key's line), unknown keys are ignored by Prow, so they are warnings here (they are
// usually typos), and `key: null` means "not set".
import type { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import { formatPath } from './problems.js';
import type { Problem, Severity } from './problems.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

/** Go decodes null into the zero value, which is the same as leaving the key out. */
export function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = stripNulls(v);
  return out;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

export function problemAt(src: YamlSource, path: YamlPath, severity: Severity, message: string, check?: string): Problem {
  const pos = src.locate(path);
  return { severity, file: src.file, line: pos?.line, column: pos?.column, message, ...(check ? { check } : {}) };
}

// Introspection of zod v4 schemas, just enough to walk objects, lists, maps and wrappers.
type Def = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  getter?: () => z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
};
const defOf = (s: z.ZodType): Def => (s as unknown as { def: Def }).def;

function unknownKeys(schema: z.ZodType, value: unknown, path: (string | number)[], out: { path: YamlPath; known: string[] }[]): void {
  const def = defOf(schema);
  if (def.innerType) return unknownKeys(def.innerType, value, path, out);
  if (def.type === 'pipe') return unknownKeys(defOf(def.in!).type === 'transform' ? def.out! : def.in!, value, path, out);
  if (def.type === 'lazy') return unknownKeys(def.getter!(), value, path, out);
  if (def.type === 'object' && isPlainObject(value)) {
    const shape = def.shape!;
    for (const [k, v] of Object.entries(value)) {
      if (k in shape) unknownKeys(shape[k]!, v, [...path, k], out);
      else if (!def.catchall || defOf(def.catchall).type === 'never') out.push({ path: [...path, k], known: Object.keys(shape) });
    }
  } else if (def.type === 'array' && Array.isArray(value)) {
    value.forEach((v, i) => unknownKeys(def.element!, v, [...path, i], out));
  } else if (def.type === 'record' && isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) unknownKeys(def.valueType!, v, [...path, k], out);
  } else if (def.type === 'union') {
    const option = def.options!.find((o) => o.safeParse(value).success);
    if (option) unknownKeys(option, value, path, out);
  }
}

const NOUNS: Record<string, string> = {
  string: 'a string', number: 'a number', int: 'a whole number', boolean: 'true or false',
  array: 'a list', object: 'a mapping (key: value)', record: 'a mapping (key: value)',
};

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (isPlainObject(v)) return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const seg of path) v = isPlainObject(v) || Array.isArray(v) ? (v as Record<PropertyKey, unknown>)[seg] : undefined;
  return v;
}

/** What a failed (union) type expected, in words, or undefined if it is not a plain mismatch. */
function expected(issue: z.core.$ZodIssue): string[] | undefined {
  // A Go string field also takes numbers and booleans, so "a string" says it all.
  if (issue.code === 'invalid_type') return [issue.expected === 'string' ? 'a string' : NOUNS[issue.expected] ?? issue.expected];
  if (issue.code === 'invalid_value') return [`one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`];
  if (issue.code !== 'invalid_union') return undefined;
  const all: string[] = [];
  for (const branch of issue.errors) {
    const first = branch[0];
    const words = branch.length === 1 && first && first.path.length === 0 ? expected(first) : undefined;
    if (!words) return undefined;
    all.push(...words);
  }
  return all.includes('a string') ? ['a string'] : [...new Set(all)];
}

function issueMessage(issue: z.core.$ZodIssue, input: unknown): string {
  const where = formatPath(issue.path as (string | number)[]);
  const prefix = where ? `${where}: ` : '';
  const actual = valueAt(input, issue.path);
  const words = expected(issue);
  if (words) return `${prefix}expected ${words.join(' or ')}, got ${describe(actual)}`;
  if (issue.code === 'too_small') return `${prefix}must be at least ${String(issue.minimum)}, got ${describe(actual)}`;
  if (issue.code === 'invalid_union') return `${prefix}${describe(actual)} does not match any accepted form`;
  return `${prefix}${issue.message}`;
}

export interface Checked<T> {
  data: T | undefined;
  problems: Problem[];
}

/**
 * Validate a parsed file. `what` names the file's role in messages ("config.yaml", "job config").
 * Unknown keys come back as warnings with Prow's check name "unknown-fields".
 */
export function checkSource<S extends z.ZodType>(schema: S, src: YamlSource, what: string): Checked<z.output<S>> {
  const problems: Problem[] = [];
  if (!isPlainObject(src.value)) {
    problems.push(problemAt(src, [], 'error', `${what} must be a mapping (key: value) at the top level, got ${describe(src.value)}`));
    return { data: undefined, problems };
  }
  const value = stripNulls(src.value);
  const unknown: { path: YamlPath; known: string[] }[] = [];
  unknownKeys(schema, value, [], unknown);
  for (const u of unknown) {
    const key = String(u.path[u.path.length - 1]);
    const parent = formatPath(u.path.slice(0, -1));
    problems.push(problemAt(src, u.path, 'warning',
      `unknown key "${key}"${parent ? ` in ${parent}` : ` at the top level of ${what}`} is ignored (as by Prow)${didYouMean(key, u.known)}`,
      'unknown-fields'));
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push(problemAt(src, issue.path as (string | number)[], 'error', issueMessage(issue, value)));
    }
  }
  return { data: result.success ? result.data : undefined, problems };
}
