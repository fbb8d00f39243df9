// Which plugins run where, as Prow's pkg/plugins decides it. Pure: no I/O.
import type { OrgPlugins, PluginsConfig, TriggerConfig } from './plugins.schema.js';

/** Prow's in-tree plugin names (the directories of pkg/plugins, by their registered name). */
export const KNOWN_PLUGINS: readonly string[] = [
  'approve', 'assign', 'blockade', 'blunderbuss', 'branchcleaner', 'bugzilla', 'buildifier', 'cat',
  'cherry-pick-approved', 'cherry-pick-unapproved', 'cla', 'config-updater', 'dco', 'dog', 'golint',
  'goose', 'heart', 'help', 'hold', 'invalidcommitmsg', 'issue-management', 'jira', 'label', 'lgtm',
  'lifecycle', 'merge-method-comment', 'mergecommitblocker', 'milestone', 'milestoneapplier',
  'milestonestatus', 'override', 'owners-label', 'pony', 'project', 'project-manager', 'release-note',
  'require-matching-label', 'retitle', 'reward-owners', 'rifle', 'shrug', 'sigmention', 'size', 'skip',
  'slackevents', 'stage', 'testfreeze', 'trick-or-treat', 'trigger', 'verify-owners', 'welcome', 'wip',
  'yuks',
];

/** Names that older Prow releases accepted, and what they became. */
export const RENAMED_PLUGINS: Readonly<Record<string, string>> = {
  'transfer-issue': 'issue-management',
};

/** Prow's external plugins: they belong under `external_plugins:`, not `plugins:`. */
export const EXTERNAL_PLUGINS: readonly string[] = ['cherrypicker', 'needs-rebase', 'refresh'];

/** `org/repo: [a, b]` (older list form) or `org: {plugins: [...]}`, normalised to the map form. */
export function normalizePlugins(raw: Record<string, string[] | OrgPlugins> | undefined): Record<string, OrgPlugins> {
  const out: Record<string, OrgPlugins> = {};
  for (const [key, entry] of Object.entries(raw ?? {})) out[key] = Array.isArray(entry) ? { plugins: entry } : entry;
  return out;
}

/**
 * Plugins enabled for org/repo: the org's list (unless the repo is in its excluded_repos) followed
 * by the org/repo list, without repeats.
 */
export function enabledPlugins(plugins: Pick<PluginsConfig, 'plugins'>, org: string, repo: string): string[] {
  const orgEntry = plugins.plugins[org];
  const names = [
    ...(orgEntry && !(orgEntry.excluded_repos ?? []).includes(repo) ? orgEntry.plugins ?? [] : []),
    ...(plugins.plugins[`${org}/${repo}`]?.plugins ?? []),
  ];
  return [...new Set(names)];
}

/**
 * The entry of a per-repo section (approve, lgtm, triggers, welcome, ...) for org/repo: the first
 * one listing "org/repo", else the first one listing "org" (Prow's ApproveFor/LgtmFor/TriggerFor).
 */
export function sectionFor<T extends { repos?: string[] }>(list: readonly T[] | undefined, org: string, repo: string): T | undefined {
  const entries = list ?? [];
  return entries.find((e) => (e.repos ?? []).includes(`${org}/${repo}`)) ?? entries.find((e) => (e.repos ?? []).includes(org));
}

/** Prow's `triggers:` entry for org/repo (its trust rules: trusted_org, trusted_apps, only_org_members). */
export function triggerFor(plugins: Pick<PluginsConfig, 'triggers'>, org: string, repo: string): TriggerConfig | undefined {
  return sectionFor(plugins.triggers, org, repo);
}

/** The orgs and org/repos that have any plugin enabled (the keys of `plugins:`). */
export function pluginTargets(plugins: Pick<PluginsConfig, 'plugins'>): { orgs: string[]; repos: string[] } {
  const keys = Object.keys(plugins.plugins).filter((k) => (plugins.plugins[k]?.plugins ?? []).length > 0);
  return { orgs: keys.filter((k) => !k.includes('/')), repos: keys.filter((k) => k.includes('/')) };
}
