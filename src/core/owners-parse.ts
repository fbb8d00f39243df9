// Reading OWNERS and OWNERS_ALIASES text the way Prow's repoowners does (sigs.k8s.io/yaml over
// YAML 1.1, then Go's JSON decoding into SimpleConfig / FullConfig). Pure: the workflow's activity
// fetches the text, these functions only parse it.
import { parse } from 'yaml';
import type { OwnersFile } from './model.js';
import { normLogin } from './commands.js';

const YAML_OPTIONS = { version: '1.1', merge: true, uniqueKeys: false, prettyErrors: false } as const;

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };
type Filter = OwnersFile['filters'][number];

function readYaml(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: parse(text, YAML_OPTIONS) ?? {} };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A `[]string` field as Go decodes it: absent/null is empty, anything but a list of strings fails. */
function stringList(v: unknown, field: string): Parsed<string[]> {
  if (v === undefined || v === null) return { ok: true, value: [] };
  if (!Array.isArray(v)) return { ok: false, error: `${field}: must be a list` };
  const out: string[] = [];
  for (const item of v) {
    if (item === null) continue;
    if (typeof item !== 'string') return { ok: false, error: `${field}: ${JSON.stringify(item)} is not a string` };
    out.push(item);
  }
  return { ok: true, value: out };
}

interface Options {
  noParentOwners: boolean;
  autoApproveUnownedSubfolders: boolean;
}

function options(v: unknown): Parsed<Options> {
  const out: Options = { noParentOwners: false, autoApproveUnownedSubfolders: false };
  if (v === undefined || v === null) return { ok: true, value: out };
  if (!isMap(v)) return { ok: false, error: 'options: must be a mapping' };
  for (const [key, field] of [['no_parent_owners', 'noParentOwners'], ['auto_approve_unowned_subfolders', 'autoApproveUnownedSubfolders']] as const) {
    const b = v[key];
    if (b === undefined || b === null) continue;
    if (typeof b !== 'boolean') return { ok: false, error: `options.${key}: must be true or false` };
    out[field] = b;
  }
  return { ok: true, value: out };
}

type Roles = Omit<Filter, 'pattern'>;

/** Prow's `Config` (approvers, reviewers, required_reviewers, labels); logins normalised. */
function roles(v: Record<string, unknown>, where: string): Parsed<Roles> {
  const out: Roles = { approvers: [], reviewers: [], requiredReviewers: [], labels: [] };
  for (const [key, field] of [['approvers', 'approvers'], ['reviewers', 'reviewers'], ['required_reviewers', 'requiredReviewers'], ['labels', 'labels']] as const) {
    const list = stringList(v[key], `${where}${key}`);
    if (!list.ok) return list;
    out[field] = field === 'labels' ? list.value : list.value.map(normLogin);
  }
  return { ok: true, value: out };
}

function emptyFile(dir: string): OwnersFile {
  return { dir, approvers: [], reviewers: [], requiredReviewers: [], labels: [], emeritusApprovers: [], noParentOwners: false, autoApproveUnownedSubfolders: false, filters: [] };
}

/**
 * Parses one OWNERS file, or says why it cannot be used (verify-owners' "Cannot parse file").
 * As in Prow: the simple form is tried first; if it fails or is empty, the full form (`filters:`).
 */
export function parseOwnersStrict(dir: string, text: string): { file: OwnersFile } | { error: string } {
  const doc = readYaml(text);
  if (!doc.ok) return { error: doc.error };
  if (!isMap(doc.value)) return { error: 'the file must be a YAML mapping' };
  const top = doc.value;
  const emeritus = stringList(top.emeritus_approvers, 'emeritus_approvers');
  const base = { ...emptyFile(dir), emeritusApprovers: emeritus.ok ? emeritus.value.map(normLogin) : [] };
  const simple = roles(top, '');
  const opts = options(top.options);
  if (simple.ok && opts.ok) {
    const r = simple.value;
    if (r.approvers.length + r.reviewers.length + r.requiredReviewers.length + r.labels.length > 0) {
      return { file: { ...base, ...r, ...opts.value } };
    }
  }
  // The full form: Go ignores the simple keys here, so a simple file with a type error still loads.
  if (!opts.ok) return { error: opts.error };
  const filters: Filter[] = [];
  if (top.filters !== undefined && top.filters !== null) {
    if (!isMap(top.filters)) return { error: 'filters: must be a mapping of regexp to owners' };
    for (const [pattern, cfg] of Object.entries(top.filters)) {
      if (cfg !== null && !isMap(cfg)) return { error: `filters.${pattern}: must be a mapping` };
      const r = roles(cfg ?? {}, `filters.${pattern}.`);
      if (!r.ok) return { error: r.error };
      filters.push({ pattern, ...r.value });
    }
  }
  return { file: { ...base, ...opts.value, filters } };
}

/** Parses one OWNERS file leniently, as Prow loads them: a file it cannot read owns nothing. */
export function parseOwners(dir: string, text: string): OwnersFile {
  const r = parseOwnersStrict(dir, text);
  return 'file' in r ? r.file : emptyFile(dir);
}

/**
 * OWNERS_ALIASES (`aliases: {name: [logins]}`): names and members normalised. A group must be a
 * list (a plain string is an error); `{a, b}` flow maps and empty groups are accepted.
 */
export function parseAliasesStrict(text: string): { aliases: Record<string, string[]> } | { error: string } {
  const doc = readYaml(text);
  if (!doc.ok) return { error: doc.error };
  if (!isMap(doc.value)) return { error: 'the file must be a YAML mapping' };
  const data = doc.value.aliases;
  const aliases: Record<string, string[]> = {};
  if (data === undefined || data === null) return { aliases };
  if (!isMap(data)) return { error: 'aliases: must be a mapping' };
  for (const [name, members] of Object.entries(data)) {
    let list: string[];
    if (members === null) list = [];
    else if (typeof members === 'string') return { error: `alias group '${name}' must contain a list of members` };
    else if (isMap(members)) list = Object.keys(members);
    else if (Array.isArray(members)) {
      const l = stringList(members, `aliases.${name}`);
      if (!l.ok) return { error: l.error };
      list = l.value;
    } else return { error: `unexpected type for alias group '${name}'` };
    aliases[normLogin(name)] = [...new Set(list.map(normLogin))].sort();
  }
  return { aliases };
}

/** Lenient OWNERS_ALIASES: Prow falls back to no aliases when the file cannot be read. */
export function parseAliases(text: string): Record<string, string[]> {
  const r = parseAliasesStrict(text);
  return 'aliases' in r ? r.aliases : {};
}
