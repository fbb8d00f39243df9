// Checks of config.yaml outside the jobs: what Prow rejects (bad regexps, report job types), and
// what loads fine but Coxswain does not act on (reported so nobody is surprised). Pure.
import { goRegexpError } from '../core/go-regexp.js';
import type { RawProwConfig } from './prow-config.schema.js';
import type { Finding } from './problems.js';

type Path = (string | number)[];

function regexps(path: Path, list: string[] | undefined, out: Finding[]): void {
  (list ?? []).forEach((p, i) => {
    const err = goRegexpError(p);
    if (err) out.push({ path: [...path, i], severity: 'error', message: `${path.join('.')}[${i}] is not a valid regular expression: ${err}` });
  });
}

function contextPolicies(cfg: RawProwConfig, out: Finding[]): void {
  const co = cfg.tide?.context_options;
  if (!co) return;
  const base: Path = ['tide', 'context_options'];
  regexps([...base, 'optional-regex-contexts'], co['optional-regex-contexts'], out);
  for (const [org, o] of Object.entries(co.orgs ?? {})) {
    regexps([...base, 'orgs', org, 'optional-regex-contexts'], o['optional-regex-contexts'], out);
    for (const [repo, r] of Object.entries(o.repos ?? {})) {
      regexps([...base, 'orgs', org, 'repos', repo, 'optional-regex-contexts'], r['optional-regex-contexts'], out);
      for (const [branch, b] of Object.entries(r.branches ?? {})) {
        regexps([...base, 'orgs', org, 'repos', repo, 'branches', branch, 'optional-regex-contexts'], b['optional-regex-contexts'], out);
      }
    }
  }
}

function mergeMethodBranches(cfg: RawProwConfig, out: Finding[]): void {
  for (const [org, byRepo] of Object.entries(cfg.tide?.merge_method ?? {})) {
    if (typeof byRepo === 'string') continue;
    for (const [repo, byBranch] of Object.entries(byRepo)) {
      if (typeof byBranch === 'string') continue;
      regexps(['tide', 'merge_method', org, repo], Object.keys(byBranch), out);
    }
  }
}

function notRun(cfg: RawProwConfig, out: Finding[]): void {
  const info = (path: Path, message: string) => out.push({ path, severity: 'warning', message });
  for (const [key, on] of Object.entries(cfg.in_repo_config?.enabled ?? {})) {
    if (on) info(['in_repo_config', 'enabled', key], `in_repo_config is enabled for "${key}", but Coxswain does not read .prow.yaml yet: jobs defined there will not run`);
  }
  if (Object.keys(cfg.gerrit ?? {}).length > 0) info(['gerrit'], 'gerrit settings are accepted but unused: Coxswain works with GitHub only');
  if ((cfg.jenkins_operators ?? []).length > 0) info(['jenkins_operators'], 'jenkins_operators are accepted but unused: Coxswain does not run Jenkins jobs');
}

export function checkProwConfig(cfg: RawProwConfig): Finding[] {
  const out: Finding[] = [];
  (cfg.github_reporter?.job_types_to_report ?? []).forEach((t, i) => {
    if (t !== 'presubmit' && t !== 'postsubmit') {
      out.push({ path: ['github_reporter', 'job_types_to_report', i], severity: 'error', message: `github_reporter.job_types_to_report: "${t}" cannot be reported to GitHub; use presubmit and/or postsubmit` });
    }
  });
  contextPolicies(cfg, out);
  mergeMethodBranches(cfg, out);
  notRun(cfg, out);
  return out;
}
