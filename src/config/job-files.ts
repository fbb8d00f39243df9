// Find the job config files under --job-config-path as Prow's ReadJobConfig does: a single file,
// or a directory walked recursively in name order, reading only *.yaml/*.yml, honouring
// .prowignore files, skipping Kubernetes ConfigMap "..data" entries, and requiring unique file
// names (config-updater uses them as ConfigMap keys).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Problem } from './problems.js';
import { isIgnored, parseIgnoreFile } from './prowignore.js';
import type { IgnoreRule } from './prowignore.js';

export const PROW_IGNORE_FILE = '.prowignore';

export interface JobFiles {
  files: string[];
  problems: Problem[];
}

export function findJobFiles(root: string): JobFiles {
  const problems: Problem[] = [];
  let stat;
  try {
    stat = statSync(root);
  } catch {
    return { files: [], problems: [{ severity: 'error', file: root, message: `job config path not found: ${root} (set --job-config-path or COXSWAIN_JOB_CONFIG to a file or directory)` }] };
  }
  if (!stat.isDirectory()) return { files: [root], problems };

  const files: string[] = [];
  const firstByName = new Map<string, string>();
  const walk = (dir: string, rel: string, inherited: IgnoreRule[]): void => {
    let rules = inherited;
    try {
      rules = [...inherited, ...parseIgnoreFile(readFileSync(join(dir, PROW_IGNORE_FILE), 'utf8'), rel)];
    } catch {
      // no .prowignore here
    }
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('..')) continue; // ConfigMap mounts: ..data, ..2024_01_01...
      const full = join(dir, entry.name);
      const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
      // Like Go's filepath.Walk, symlinked directories are not followed; symlinked files are read.
      const isDir = entry.isDirectory();
      if (isIgnored(rules, relPath, isDir)) continue;
      if (isDir) {
        walk(full, relPath, rules);
        continue;
      }
      const ext = extname(entry.name);
      if (ext !== '.yaml' && ext !== '.yml') continue;
      if (entry.isSymbolicLink()) {
        try {
          if (statSync(full).isDirectory()) continue;
        } catch {
          problems.push({ severity: 'error', file: full, message: `broken symbolic link: ${full}` });
          continue;
        }
      }
      const name = basename(full);
      const first = firstByName.get(name);
      if (first !== undefined) {
        problems.push({
          severity: 'error', file: full,
          message: `job config file name "${name}" is used twice (${first} and ${full}); Prow requires unique file names across the job config tree, so rename one`,
        });
        continue;
      }
      firstByName.set(name, full);
      files.push(full);
    }
  };
  walk(root, '', []);
  return { files, problems };
}
