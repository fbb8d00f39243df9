// Which repositories Coxswain has anything to do for, from the loaded configuration. Pure: no I/O.
// The hook answers events for other repositories without starting a workflow. Deliberately
// generous: any plugin (run by Coxswain or not), any external plugin, any presubmit or postsubmit,
// or any Tide query naming the repository makes it active, and names match without regard to case
// (GitHub's are case-insensitive), so an event is never dropped for a repository that needs it.
import type { LoadedConfig } from './load.js';

export type ActiveRepoSource = Pick<LoadedConfig, 'config' | 'plugins'>;

interface Index {
  /** Lower-case org → one entry per org-wide rule: the repositories (lower-case names) it leaves out. */
  orgs: Map<string, Array<Set<string>>>;
  /** Lower-case "org/repo" named by some rule. */
  repos: Set<string>;
}

const indexes = new WeakMap<object, Index>();

function buildIndex(source: ActiveRepoSource): Index {
  const orgs = new Map<string, Array<Set<string>>>();
  const repos = new Set<string>();
  const addOrg = (org: string, excluded: Iterable<string> = []) => {
    const key = org.toLowerCase();
    const rules = orgs.get(key) ?? [];
    rules.push(new Set([...excluded].map((r) => r.toLowerCase())));
    orgs.set(key, rules);
  };
  const addKey = (key: string, excluded?: Iterable<string>) => {
    if (key.includes('/')) repos.add(key.toLowerCase());
    else addOrg(key, excluded);
  };

  const { plugins, config } = source;
  for (const [key, entry] of Object.entries(plugins.plugins ?? {})) {
    if ((entry?.plugins ?? []).length === 0) continue;
    // Prow's excluded_repos names repositories of the org without the org.
    addKey(key, (entry.excluded_repos ?? []).map((r) => `${key}/${r}`));
  }
  for (const [key, list] of Object.entries(plugins.external_plugins ?? {})) {
    if ((list ?? []).length > 0) addKey(key);
  }
  for (const jobs of [config.presubmits ?? {}, config.postsubmits ?? {}]) {
    for (const [key, list] of Object.entries(jobs)) if ((list ?? []).length > 0) repos.add(key.toLowerCase());
  }
  for (const q of config.tide?.queries ?? []) {
    for (const r of q.repos ?? []) repos.add(r.toLowerCase());
    for (const o of q.orgs ?? []) addOrg(o, q.excludedRepos ?? []);
  }
  return { orgs, repos };
}

/** Does the configuration give Coxswain anything to do for owner/repo? */
export function isRepoActiveIn(source: ActiveRepoSource, owner: string, repo: string): boolean {
  let index = indexes.get(source);
  if (!index) {
    index = buildIndex(source);
    indexes.set(source, index);
  }
  const full = `${owner}/${repo}`.toLowerCase();
  if (index.repos.has(full)) return true;
  return (index.orgs.get(owner.toLowerCase()) ?? []).some((excluded) => !excluded.has(full));
}

/**
 * A predicate over the configuration as it is now: `current` is called on every use, so a reloaded
 * configuration applies to the next event (its index is built once per configuration object).
 */
export function activeRepos(current: () => ActiveRepoSource): (owner: string, repo: string) => boolean {
  return (owner, repo) => isRepoActiveIn(current(), owner, repo);
}
