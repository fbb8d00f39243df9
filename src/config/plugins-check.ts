// The checks Prow's plugin config loader makes (Configuration.Validate, ValidatePluginsUnknown),
// with messages that say what to change. Pure: returns findings addressed by YAML path.
import { compileGoRegexp, goRegexpError } from '../core/go-regexp.js';
import { didYouMean } from './did-you-mean.js';
import { parseGoDuration } from './go-duration.js';
import { EXTERNAL_PLUGINS, KNOWN_PLUGINS, RENAMED_PLUGINS, normalizePlugins } from './plugins.js';
import type { Finding } from './problems.js';
import type { RawPluginsConfig } from './plugins.schema.js';

type Path = (string | number)[];

/** Checks of one file's `plugins:` section, before files are merged (the paths depend on its form). */
export function checkPluginNames(cfg: RawPluginsConfig): Finding[] {
  const out: Finding[] = [];
  const entries = Object.entries(cfg.plugins ?? {});
  const listForm = entries.filter(([, e]) => Array.isArray(e)).map(([k]) => k);
  if (listForm.length > 0 && listForm.length < entries.length) {
    out.push({
      path: ['plugins', listForm[0]!], severity: 'error',
      message: `"plugins:" mixes the list form ("${listForm[0]}: [...]") with the map form ("org: {plugins: [...]}"); Prow reads only one form per file, so convert every entry to "{plugins: [...]}"`,
    });
  }
  for (const [target, entry] of entries) {
    const names = Array.isArray(entry) ? entry : entry.plugins ?? [];
    names.forEach((name, i) => {
      const path: Path = Array.isArray(entry) ? ['plugins', target, i] : ['plugins', target, 'plugins', i];
      if (KNOWN_PLUGINS.includes(name)) return;
      if (RENAMED_PLUGINS[name]) {
        out.push({ path, severity: 'warning', message: `plugin "${name}" enabled for ${target} is now called "${RENAMED_PLUGINS[name]}" in Prow; rename it` });
      } else if (EXTERNAL_PLUGINS.includes(name)) {
        out.push({ path, severity: 'error', message: `"${name}" enabled for ${target} is an external plugin: list it under "external_plugins:" (with its endpoint), not under "plugins:"` });
      } else {
        out.push({ path, severity: 'error', message: `unknown plugin "${name}" enabled for ${target}${didYouMean(name, KNOWN_PLUGINS)}` });
      }
    });
  }
  return out;
}

function checkDuplicates(cfg: RawPluginsConfig, out: Finding[]): void {
  const plugins = normalizePlugins(cfg.plugins);
  for (const [target, entry] of Object.entries(plugins)) {
    const [org, repo] = target.split('/');
    if (repo === undefined) continue;
    const orgEntry = plugins[org!];
    if (!orgEntry || (orgEntry.excluded_repos ?? []).includes(repo)) continue;
    const both = (entry.plugins ?? []).filter((p) => (orgEntry.plugins ?? []).includes(p));
    if (both.length > 0) {
      out.push({ path: ['plugins', target], severity: 'error', message: `plugins ${JSON.stringify(both)} are enabled for both ${org} and ${target}; remove them from ${target} (the org list already covers it)` });
    }
    const has = (e: { plugins?: string[] }, n: string) => (e.plugins ?? []).includes(n);
    if ((has(entry, 'blunderbuss') || has(orgEntry, 'blunderbuss')) && (has(entry, 'rifle') || has(orgEntry, 'rifle'))) {
      out.push({ path: ['plugins', target], severity: 'error', message: `${target}: blunderbuss and rifle are mutually exclusive; enable only one` });
    }
  }
  for (const [target, list] of Object.entries(cfg.external_plugins ?? {})) {
    const [org, repo] = target.split('/');
    if (repo === undefined) continue;
    const orgNames = (cfg.external_plugins?.[org!] ?? []).map((p) => p.name);
    const both = list.map((p) => p.name).filter((n) => orgNames.includes(n));
    if (both.length > 0) {
      out.push({ path: ['external_plugins', target], severity: 'error', message: `external plugins ${JSON.stringify(both)} are configured for both ${org} and ${target}; remove them from one` });
    }
  }
}

function checkRepoDupes(section: string, list: { repos?: string[] }[] | undefined, out: Finding[]): void {
  const seen = new Set<string>();
  (list ?? []).forEach((entry, i) => {
    (entry.repos ?? []).forEach((r, j) => {
      if (seen.has(r)) {
        out.push({ path: [section, i, 'repos', j], severity: 'error', message: `"${r}" appears in more than one "${section}" entry; only the first would apply, so merge them` });
      }
      seen.add(r);
    });
  });
}

function checkRegexps(cfg: RawPluginsConfig, out: Finding[]): void {
  const re = (path: Path, pattern: string | undefined) => {
    const err = pattern === undefined ? undefined : goRegexpError(pattern);
    if (err) out.push({ path, severity: 'error', message: `${path.join('.')} is not a valid regular expression: ${err}` });
  };
  re(['heart', 'commentregexp'], cfg.heart?.commentregexp);
  re(['sigmention', 'regexp'], cfg.sigmention?.regexp);
  re(['cherry_pick_unapproved', 'branchregexp'], cfg.cherry_pick_unapproved?.branchregexp);
  re(['blunderbuss', 'wait_for_status', 'description'], cfg.blunderbuss?.wait_for_status?.description);
  re(['rifle', 'wait_for_status', 'description'], cfg.rifle?.wait_for_status?.description);
  cfg.cherry_pick_approved?.forEach((c, i) => re(['cherry_pick_approved', i, 'branchregexp'], c.branchregexp));
  cfg.blockades?.forEach((b, i) => {
    re(['blockades', i, 'branchregexp'], b.branchregexp);
    b.blockregexps?.forEach((p, j) => re(['blockades', i, 'blockregexps', j], p));
    b.exceptionregexps?.forEach((p, j) => re(['blockades', i, 'exceptionregexps', j], p));
  });
}

function checkRequireMatchingLabel(cfg: RawPluginsConfig, out: Finding[]): void {
  cfg.require_matching_label?.forEach((r, i) => {
    const err = (message: string) => out.push({ path: ['require_matching_label', i], severity: 'error', message: `require_matching_label #${i}: ${message}` });
    if (!r.org) err('must specify "org"');
    if (r.repo?.includes('/')) err('"repo" may not contain "/"; put the organization in "org"');
    if (!r.regexp) err('must specify "regexp"');
    else {
      const reErr = goRegexpError(r.regexp);
      if (reErr) err(`regexp is not a valid regular expression: ${reErr}`);
      else if (r.missing_label && compileGoRegexp(r.regexp).test(r.missing_label)) err('"regexp" must not match "missing_label"');
    }
    if (!r.missing_label) err('must specify "missing_label"');
    if (r.grace_period !== undefined && parseGoDuration(r.grace_period) === undefined) err(`grace_period ${JSON.stringify(r.grace_period)} is not a Go duration such as "5s"`);
    if (!r.prs && !r.issues) err('must specify "prs: true" and/or "issues: true"');
    if (!r.prs && r.branch) err('"branch" needs "prs: true"');
  });
}

function checkSections(cfg: RawPluginsConfig, out: Finding[]): void {
  for (const key of ['blunderbuss', 'rifle'] as const) {
    const count = cfg[key]?.request_count;
    if (count !== undefined && count < 1) out.push({ path: [key, 'request_count'], severity: 'error', message: `${key}.request_count must be at least 1, got ${count}` });
  }
  const s = cfg.size ?? {};
  const sizes = [s.s ?? 0, s.m ?? 0, s.l ?? 0, s.xl ?? 0, s.xxl ?? 0];
  if (sizes.some((v, i) => i > 0 && sizes[i - 1]! > v)) {
    out.push({ path: ['size'], severity: 'error', message: 'size thresholds must not decrease from s to m, l, xl, xxl (Prow compares them as written; set all five)' });
  }
  cfg.triggers?.forEach((t, i) => {
    if (t.trusted_org) out.push({ path: ['triggers', i, 'trusted_org'], severity: 'warning', message: 'triggers.trusted_org is deprecated in Prow: it still works, but members of the repository\'s own org are trusted anyway' });
  });
  for (const [repo, m] of Object.entries(cfg.repo_milestone ?? {})) {
    if (m.maintainers_id) out.push({ path: ['repo_milestone', repo, 'maintainers_id'], severity: 'warning', message: 'repo_milestone.maintainers_id is deprecated; set maintainers_team (the team slug) instead' });
  }
  cfg.invalid_commit_msg?.forEach((c, i) => c.checks?.forEach((check, j) => {
    if (check.name !== 'fixupPrefix' && check.name !== 'issueClosingKeywords') {
      out.push({ path: ['invalid_commit_msg', i, 'checks', j, 'name'], severity: 'error', message: `unknown invalid_commit_msg check ${JSON.stringify(check.name ?? '')}; use "fixupPrefix" or "issueClosingKeywords"` });
    }
  }));
  checkConfigUpdater(cfg, out);
}

/** Prow's validateConfigUpdater, and what Coxswain's config-updater does not do. */
function checkConfigUpdater(cfg: RawPluginsConfig, out: Finding[]): void {
  const section = cfg.config_updater;
  const keys = new Map<string, string>();
  for (const [file, spec] of Object.entries(section?.maps ?? {})) {
    const path: Path = ['config_updater', 'maps', file];
    const at = `config_updater.maps["${file}"]`;
    if (spec.name && spec.partitioned_names?.length) out.push({ path, severity: 'error', message: `${at}: "name" and "partitioned_names" are mutually exclusive` });
    else if (spec.partitioned_names?.length) {
      if (spec.partitioned_names.length > 256) out.push({ path: [...path, 'partitioned_names'], severity: 'error', message: `${at}: partitioned_names supports at most 256 partitions, not ${spec.partitioned_names.length}` });
      out.push({ path: [...path, 'partitioned_names'], severity: 'warning', message: `${at}: Coxswain's config-updater does not spread keys over partitioned_names yet; the files it matches are not synced (use one "name")` });
    }
    if (Object.keys(spec.clusters ?? {}).length > 0 && spec.cluster_groups?.length) {
      out.push({ path, severity: 'error', message: `${at} has both clusters and cluster_groups; keep one` });
    }
    spec.cluster_groups?.forEach((g, i) => {
      if (!section?.cluster_groups?.[g]) out.push({ path: [...path, 'cluster_groups', i], severity: 'error', message: `${at}.cluster_groups[${i}] names a cluster group "${g}" that config_updater.cluster_groups does not define` });
    });
    // Two files feeding the same key of the same ConfigMap would overwrite each other.
    const name = spec.name || (spec.partitioned_names ?? []).join(',');
    const key = spec.key || file.slice(file.lastIndexOf('/') + 1);
    const clusters = Object.keys(spec.clusters ?? {}).length > 0 ? spec.clusters! : { default: [spec.namespace ?? ''] };
    for (const [cluster, namespaces] of Object.entries(clusters)) {
      for (const ns of namespaces) {
        const id = JSON.stringify([cluster, ns, name, key]);
        const other = keys.get(id);
        if (other !== undefined) out.push({ path, severity: 'error', message: `key ${key} in configmap ${name} is updated from more than one file ("${other}" and "${file}"); give one of them its own "key"` });
        else keys.set(id, file);
      }
    }
  }
}

/** Checks of the whole (merged) plugin configuration. */
export function checkPluginsConfig(cfg: RawPluginsConfig): Finding[] {
  const out: Finding[] = [];
  if (Object.keys(cfg.plugins ?? {}).length === 0) {
    out.push({ path: [], severity: 'warning', message: 'no plugins are enabled: there is no "plugins:" section (check its syntax)' });
  }
  checkDuplicates(cfg, out);
  checkRepoDupes('approve', cfg.approve, out);
  checkRepoDupes('welcome', cfg.welcome, out);
  checkRepoDupes('invalid_commit_msg', cfg.invalid_commit_msg, out);
  checkRegexps(cfg, out);
  checkRequireMatchingLabel(cfg, out);
  checkSections(cfg, out);
  return out;
}
