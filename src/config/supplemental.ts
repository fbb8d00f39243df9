// Supplemental config directories (--supplemental-prow-config-dir, --supplemental-plugin-config-dir):
// files ending in a suffix (`_prowconfig.yaml`, `_pluginconfig.yaml`) found anywhere below them are
// merged into the main file: lists are concatenated, mappings merged, and a value set differently
// in two places is an error.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { formatPath } from './problems.js';
import type { Finding, Problem } from './problems.js';
import { isPlainObject } from './validate.js';

export const PROW_CONFIG_SUFFIX = '_prowconfig.yaml';
export const PLUGIN_CONFIG_SUFFIX = '_pluginconfig.yaml';

export function findSupplementalFiles(dirs: readonly string[], suffix: string, flag: string): { files: string[]; problems: Problem[] } {
  const files: string[] = [];
  const problems: Problem[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      if (e.name.startsWith('..')) continue; // ConfigMap mount internals
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith(suffix)) files.push(full);
    }
  };
  for (const dir of dirs) {
    try {
      if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    } catch {
      problems.push({ severity: 'error', file: dir, message: `supplemental config directory not found: ${dir} (check ${flag})` });
      continue;
    }
    walk(dir);
  }
  return { files, problems };
}

export interface MergeRules {
  /** Dotted key paths Prow merges from supplemental files; anything else gets a warning. */
  prowMerges: readonly string[];
  /** Mappings whose keys may be defined only once (Prow: plugins, external_plugins). */
  uniqueKeysUnder: readonly string[];
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Keys outside what Prow merges: Coxswain merges them anyway, but Prow would refuse the file. */
export function unmergeableKeys(extra: Record<string, unknown>, rules: MergeRules): Finding[] {
  const out: Finding[] = [];
  for (const [key, value] of Object.entries(extra)) {
    if (rules.prowMerges.includes(key)) continue;
    const subs = rules.prowMerges.filter((p) => p.startsWith(`${key}.`));
    const paths = subs.length && isPlainObject(value) ? Object.keys(value).filter((k) => !subs.includes(`${key}.${k}`)).map((k) => [key, k]) : [[key]];
    for (const path of paths) {
      out.push({
        path, severity: 'warning',
        message: `${path.join('.')} is set in a supplemental file; Prow only merges ${rules.prowMerges.join(', ')} from such files and would reject it`,
      });
    }
  }
  return out;
}

/** Merge `extra` into `base` (returns a new value); conflicts are findings addressed in `extra`. */
export function mergeConfig(base: unknown, extra: unknown, rules: MergeRules, path: string[] = [], out: Finding[] = []): { merged: unknown; findings: Finding[] } {
  let merged: unknown;
  if (base === undefined) merged = extra;
  else if (Array.isArray(base) && Array.isArray(extra)) merged = [...base, ...extra];
  else if (isPlainObject(base) && isPlainObject(extra)) {
    const result: Record<string, unknown> = { ...base };
    const unique = rules.uniqueKeysUnder.includes(path.join('.'));
    for (const [k, v] of Object.entries(extra)) {
      if (unique && k in base) {
        out.push({ path: [...path, k], severity: 'error', message: `${formatPath([...path, k])} is already defined (in the main file or an earlier supplemental file); define it in one place only` });
      } else result[k] = mergeConfig(base[k], v, rules, [...path, k], out).merged;
    }
    merged = result;
  } else if (sameValue(base, extra)) merged = base;
  else {
    out.push({ path, severity: 'error', message: `${formatPath(path)} is set to ${JSON.stringify(extra)} here but to ${JSON.stringify(base)} in an earlier file; set it in one place only` });
    merged = base;
  }
  return { merged, findings: out };
}
