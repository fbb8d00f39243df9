import { checkProwConfig } from './config-check.js';
import { parseGoDuration } from './go-duration.js';
import { closest } from './did-you-mean.js';

describe('checkProwConfig', () => {
  it('accepts an empty config', () => {
    expect(checkProwConfig({})).toEqual([]);
  });

  it('rejects what Prow rejects and reports what Coxswain does not act on', () => {
    const findings = checkProwConfig({
      github_reporter: { job_types_to_report: ['presubmit', 'periodic'] },
      tide: {
        context_options: { 'optional-regex-contexts': ['^ok$', '(bad'], orgs: { o: { repos: { r: { branches: { main: { 'optional-regex-contexts': ['[x'] } } } } } } },
        merge_method: { o: { r: { 'release-(': 'squash', main: 'merge' } } },
      },
      in_repo_config: { enabled: { '*': false, 'o/r': true } },
      gerrit: { tick_interval: '1m' },
    });
    expect(findings.map((f) => `${f.path.join('.')}: ${f.severity}`)).toEqual([
      'github_reporter.job_types_to_report.1: error',
      'tide.context_options.optional-regex-contexts.1: error',
      'tide.context_options.orgs.o.repos.r.branches.main.optional-regex-contexts.0: error',
      'tide.merge_method.o.r.0: error',
      'in_repo_config.enabled.o/r: warning',
      'gerrit: warning',
    ]);
    expect(findings[4]!.message).toBe('in_repo_config is enabled for "o/r", but Coxswain does not read .prow.yaml yet: jobs defined there will not run');
  });
});

describe('parseGoDuration (Go time.ParseDuration)', () => {
  it.each([
    ['1m', 60_000], ['1h30m', 5_400_000], ['500ms', 500], ['1.5s', 1500], ['0', 0], ['-2s', -2000],
  ] as const)('%s → %d ms', (text, ms) => expect(parseGoDuration(text)).toBe(ms));
  it.each(['', '1', '1 m', '1d', 'm'])('rejects %j', (text) => expect(parseGoDuration(text)).toBeUndefined());
});

describe('closest (did you mean)', () => {
  it('finds typos, swaps and separators, and gives up on unrelated words', () => {
    expect(closest('lgmt', ['lgtm', 'hold'])).toBe('lgtm');
    expect(closest('always-run', ['always_run', 'optional'])).toBe('always_run');
    expect(closest('config_updater', ['config-updater'])).toBe('config-updater');
    expect(closest('banana', ['lgtm', 'hold'])).toBeUndefined();
  });
});
