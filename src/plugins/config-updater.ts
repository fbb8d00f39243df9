import { compileGoRegexp } from '../core/go-regexp.js';
import { webOf } from '../core/respond.js';
import type { Action, ChangedFile, ConfigMapWrite } from '../core/model.js';
import type { PluginsConfig } from '../config/plugins.schema.js';
import type { Plugin } from './types.js';

// Prow's config-updater plugin (pkg/plugins/updateconfig): when a PR merges into the repository's
// default branch, each changed file that matches a key of `config_updater.maps` (a path, or a glob
// as mattn/go-zglob reads it) updates the ConfigMap that entry names, in every cluster and namespace
// it targets: the key (the entry's `key`, else the file's base name, or its whole path with `/` as
// `-` under use_full_path_as_key) gets the file's content at the merge commit, gzipped if asked; a
// removed file deletes its key, a renamed one also deletes the key of its old name. The PR is told
// which ConfigMaps were written, in Prow's words. Deciding only: the workflow reads the files and
// writes the ConfigMaps (activities/config-maps.ts), so file contents stay out of histories.

/** Prow's kube.DefaultClusterAlias: the cluster Prow itself runs in (here: the kubeconfig's current context). */
export const DEFAULT_CLUSTER = 'default';

export interface ConfigMapTarget {
  /** `maps:` key: a path, or a zglob pattern. */
  pattern: string;
  name: string;
  key: string;
  /** Unset: the section-wide `gzip`. */
  gzip?: boolean;
  /** cluster → namespaces ('' is config.yaml's prowjob_namespace). */
  clusters: Record<string, string[]>;
  useFullPathAsKey: boolean;
  allowedRepos: string[];
  deniedRepos: string[];
}

export interface ConfigUpdaterCfg {
  maps: ConfigMapTarget[];
  gzip: boolean;
  /** Where a ConfigMap without a namespace goes: config.yaml's `prowjob_namespace` (Prow's choice). */
  defaultNamespace: string;
}

type ConfigUpdaterSection = NonNullable<PluginsConfig['config_updater']>;

/** Prow's defaults: with no `maps`, config/prow/config.yaml and plugins.yaml feed `config` and `plugins`. */
const DEFAULT_MAPS: NonNullable<ConfigUpdaterSection['maps']> = {
  'config/prow/config.yaml': { name: 'config' },
  'config/prow/plugins.yaml': { name: 'plugins' },
};

/**
 * The section as Prow resolves it: clusters from `clusters`, else from `cluster_groups`, else the
 * older `namespace` in the default cluster, else the default cluster's default namespace. Entries
 * with `partitioned_names` are left out (Coxswain does not spread keys over ConfigMaps;
 * plugins-check.ts warns about them).
 */
export function resolveConfigUpdater(section: ConfigUpdaterSection | undefined, defaultNamespace = 'default'): ConfigUpdaterCfg {
  const raw = section?.maps && Object.keys(section.maps).length > 0 ? section.maps : DEFAULT_MAPS;
  const maps: ConfigMapTarget[] = [];
  for (const [pattern, spec] of Object.entries(raw)) {
    if (!spec.name) continue;
    let clusters: Record<string, string[]> = {};
    if (spec.clusters && Object.keys(spec.clusters).length > 0) clusters = spec.clusters;
    else if (spec.cluster_groups?.length) {
      for (const g of spec.cluster_groups) {
        const group = section?.cluster_groups?.[g];
        for (const c of group?.clusters ?? []) clusters[c] = [...(clusters[c] ?? []), ...(group?.namespaces ?? [])];
      }
    } else clusters = { [DEFAULT_CLUSTER]: [spec.namespace ?? ''] };
    maps.push({
      pattern,
      name: spec.name,
      key: spec.key ?? '',
      ...(spec.gzip !== undefined ? { gzip: spec.gzip } : {}),
      clusters,
      useFullPathAsKey: spec.use_full_path_as_key ?? false,
      allowedRepos: spec.allowed_repos ?? [],
      deniedRepos: spec.denied_repos ?? [],
    });
  }
  return { maps, gzip: section?.gzip ?? false, defaultNamespace: defaultNamespace || 'default' };
}

/**
 * mattn/go-zglob's Match, which Prow uses for `maps:` keys: a pattern without `*` is compared as is
 * (`?` and `[` are literal); otherwise `**` followed by `/` spans any number of directories, `*`
 * any run within one, and every other character is literal. Like zglob, a name no longer than the
 * pattern's fixed leading directories (`.` for a pattern starting with a wildcard) never matches.
 */
export function zglobMatch(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const clean = cleanPath(pattern);
  const segs = clean.split('/');
  const firstWild = segs.findIndex((s) => s.includes('*'));
  const root = firstWild <= 0 ? '.' : cleanPath(segs.slice(0, firstWild).join('/') || '/');
  if (name === '.' || name.length <= root.length) return false;
  let re = '';
  const cs = Array.from(clean);
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c === '*') {
      if (cs[i + 1] === '*' && cs[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else re += '[^/]*';
    } else re += /[A-Za-z0-9/]/.test(c) ? c : `\\x{${c.codePointAt(0)!.toString(16)}}`;
  }
  // RE2 (linear time, whatever the pattern), as zglob's Go regexp.
  return compileGoRegexp(`^${re}$`).test(name);
}

/** Go's path.Clean for the patterns zglob joins: no empty or `.` segments, `..` resolved. */
function cleanPath(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const s of p.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (s !== '..' || !abs) out.push(s);
  }
  const joined = out.join('/');
  return abs ? `/${joined}` : joined || '.';
}

/** Prow's ConfigMapSpec.IsAllowed: denied (repo or org) loses; with an allow list, only those listed. */
export function isAllowed(t: Pick<ConfigMapTarget, 'allowedRepos' | 'deniedRepos'>, repo: string): boolean {
  const org = repo.split('/')[0];
  if (t.deniedRepos.some((d) => d === repo || d === org)) return false;
  return t.allowedRepos.length === 0 || t.allowedRepos.some((a) => a === repo || a === org);
}

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/**
 * Prow's FilterChanges: the ConfigMaps the changed files touch, in the order first touched, each
 * with its key updates (no `file`: delete the key). A file matching several `maps:` keys goes by
 * the first one written.
 */
export function configMapWrites(cfg: ConfigUpdaterCfg, changes: readonly ChangedFile[], repo: string): ConfigMapWrite[] {
  const out = new Map<string, ConfigMapWrite>();
  const add = (cluster: string, namespace: string, name: string, update: ConfigMapWrite['updates'][number]) => {
    const ns = namespace || cfg.defaultNamespace;
    const id = JSON.stringify([cluster, ns, name]);
    const w = out.get(id) ?? { cluster, namespace: ns, name, updates: [] };
    w.updates.push(update);
    out.set(id, w);
  };
  for (const change of changes) {
    const target = cfg.maps.find((m) => zglobMatch(m.pattern, change.filename));
    if (!target || !isAllowed(target, repo)) continue;
    const keyOf = (file: string) => (target.useFullPathAsKey ? file.replaceAll('/', '-') : baseName(file));
    const gzip = target.gzip ?? cfg.gzip;
    for (const [cluster, namespaces] of Object.entries(target.clusters)) {
      for (const ns of namespaces) {
        const key = target.key || keyOf(change.filename);
        // A renamed file's old key goes (when the key comes from the file's name).
        if (!target.key && change.status === 'renamed' && change.previousFilename) add(cluster, ns, target.name, { key: keyOf(change.previousFilename) });
        add(cluster, ns, target.name, change.status === 'removed' ? { key } : { key, file: change.filename, ...(gzip ? { gzip: true } : {}) });
      }
    }
  }
  return [...out.values()];
}

/** Prow's line for one ConfigMap: "`NAME` configmap in namespace `NS` at cluster `C` using the following files:" and its keys. */
export function summaryOf(w: ConfigMapWrite, indent: string): string {
  let msg = `\`${w.name}\` configmap`;
  if (w.namespace) msg += ` in namespace \`${w.namespace}\``;
  if (w.cluster) msg += ` at cluster \`${w.cluster}\``;
  msg += ' using the following files:';
  for (const u of w.updates) msg += `\n${indent}- key \`${u.key}\` using file \`${u.file ?? ''}\``;
  return msg;
}

const merged = (event: Parameters<Plugin['needs']>[0]['event'], isPR: boolean) =>
  event.kind === 'pull_request' && event.action === 'closed' && event.merged && isPR && !!event.mergeSha && !!event.defaultBranch && event.baseRef === event.defaultBranch;

export const configUpdater: Plugin<ConfigUpdaterCfg> = {
  name: 'config-updater',
  help: {
    description:
      "The config-updater plugin automatically redeploys configuration and plugin configuration files when they change. The plugin watches for pull request merges that modify either of the config files and updates the cluster's configmap resources in response.",
    commands: [],
    config:
      'config_updater: {maps: {path or glob: {name, key, gzip, clusters: {cluster: [namespace]}, cluster_groups, use_full_path_as_key, allowed_repos, denied_repos}}, cluster_groups, gzip}. The worker needs a Kubernetes cluster: KUBECONFIG (cluster `default`: its current context, others: contexts of that name) or its pod\'s service account.',
  },
  config(plugins, _org, _repo, prow) {
    return resolveConfigUpdater(plugins.config_updater, prow?.prowjob_namespace);
  },
  needs({ event, state }) {
    return merged(event, state.isPR) ? [{ kind: 'changedFiles' }] : [];
  },
  decide(input) {
    const { event, state, config, facts } = input;
    if (event.kind !== 'pull_request' || !merged(event, state.isPR) || !event.mergeSha) return [];
    const writes = configMapWrites(config, facts.changedFiles ?? [], `${state.owner}/${state.repo}`);
    if (writes.length === 0) return [];
    const indent = writes.length > 1 ? '   ' : ' ';
    const action: Action = {
      type: 'updateConfigMaps',
      sha: event.mergeSha,
      maps: writes.map((w) => ({ ...w, summary: summaryOf(w, indent) })),
      replyTo: { login: event.author || state.author, body: event.body, url: `${webOf(input)}/${state.owner}/${state.repo}/pull/${state.number}` },
      replies: { one: 'Updated the {{summary}}', many: 'Updated the following {{count}} configmaps:\n{{list}}', item: ' * {{summary}}\n' },
    };
    return [action];
  },
};
