import { applyPluginDefaults } from '../config/plugins-defaults.js';
import { pluginsConfigSchema } from '../config/plugins.schema.js';
import type { ProwConfig } from '../config/load.js';
import type { GithubEvent } from '../core/event.js';
import type { Facts, PrView } from '../core/model.js';
import { renderAction } from './render.js';
import { skip, type SkipCfg } from './skip.js';
import { comment, facts, prEvent, prView } from './testing.js';

const job = (name: string, over: Record<string, unknown> = {}) => ({ name, context: name, trigger: `(?m)^/test( | .* )${name},?($|\\s.*)`, rerun_command: `/test ${name}`, ...over });
const PROW = {
  presubmits: {
    'org/repo': [
      job('required-tests', { always_run: true }),
      job('optional-failed', { optional: true }),
      job('optional-pending', { optional: true }),
      job('optional-error', { optional: true }),
      job('optional-passing', { optional: true }),
      job('optional-unreported', { optional: true }),
      job('skip-report', { skip_report: true }),
      job('docs', { optional: true, run_if_changed: '^docs/' }),
      job('release-only', { optional: true, branches: ['release'] }),
    ],
  },
} as unknown as ProwConfig;

function cfgFrom(raw: object): SkipCfg {
  return skip.config(applyPluginDefaults(pluginsConfigSchema.parse({ plugins: {}, ...raw })), 'org', 'repo', PROW);
}
const CFG = cfgFrom({});

const HEAD = {
  'required-tests': 'failure',
  'optional-failed': 'failure',
  'optional-pending': 'pending',
  'optional-error': 'error',
  'optional-passing': 'success',
  'skip-report': 'failure',
  docs: 'failure',
  'release-only': 'failure',
  'Optional-Failed': 'failure',
};

function run(event: GithubEvent, opts: { state?: Partial<PrView>; cfg?: SkipCfg; facts?: Partial<Facts> } = {}) {
  const state = prView(opts.state);
  const input = { event, state, config: opts.cfg ?? CFG, botLogin: 'coxswain-bot', footer: 'FOOTER' };
  const f = facts({ headContexts: HEAD, changedFiles: [{ filename: 'docs/a.md', additions: 1, deletions: 0, status: 'modified' }], ...opts.facts });
  return { needs: skip.needs(input), actions: skip.decide({ ...input, facts: f }).map(renderAction) };
}
const skipped = (...contexts: string[]) => contexts.map((c) => `status ${c}=success "Skipped"`);
const ALL_OPTIONAL = skipped('optional-failed', 'optional-pending', 'optional-error', 'skip-report', 'docs', 'release-only');

describe('skip', () => {
  it.each([
    { name: 'skips optional and unreported jobs whose status is failed, pending or errored', body: '/skip', want: ALL_OPTIONAL },
    { name: 'the command is case-insensitive, contexts are matched exactly', body: '/SKIP  ', want: ALL_OPTIONAL },
    { name: 'a command on a later line counts', body: 'these are flakes\n/skip\r\n', want: ALL_OPTIONAL },
    {
      name: 'a job the same comment tests is not skipped',
      body: '/skip\n/test optional-failed',
      want: skipped('optional-pending', 'optional-error', 'skip-report', 'docs', 'release-only'),
    },
    {
      name: '/retest in the same comment keeps the failed jobs it reruns',
      body: '/skip\n/retest',
      // retest reruns failed and errored jobs that run on this branch; the pending one is skipped.
      want: skipped('optional-pending', 'release-only'),
    },
    { name: 'a command with an argument is not /skip', body: '/skip optional-failed', want: [] },
    { name: 'a command mid-line is not a command', body: 'please /skip', want: [] },
    { name: '/skipped is not /skip', body: '/skipped', want: [] },
  ])('$name', ({ body, want }) => {
    expect(run(comment(body, 'anyone', { on: 'pull_request' })).actions).toEqual(want);
  });

  it('does nothing when every status passed', () => {
    expect(run(comment('/skip', 'anyone'), { facts: { headContexts: { 'optional-passing': 'success', 'required-tests': 'success' } } }).actions).toEqual([]);
  });

  it('does nothing for a job with no status yet', () => {
    expect(run(comment('/skip', 'anyone'), { facts: { headContexts: {} } }).actions).toEqual([]);
  });

  it('without presubmits asks for nothing and does nothing', () => {
    const cfg = { ...CFG, presubmits: [] };
    const r = run(comment('/skip', 'anyone'), { cfg });
    expect(r.needs).toEqual([]);
    expect(r.actions).toEqual([]);
  });

  it('asks for the head\'s contexts, and the changed files when a job the comment may run depends on them', () => {
    expect(run(comment('/skip', 'anyone')).needs).toEqual([{ kind: 'headContexts' }]);
    expect(run(comment('/skip\n/ok-to-test', 'anyone')).needs).toEqual([{ kind: 'headContexts' }, { kind: 'changedFiles' }]);
  });

  it('triggers.ignore_ok_to_test: /ok-to-test in the comment runs nothing, so nothing is kept', () => {
    const honoring = run(comment('/skip\n/ok-to-test', 'anyone')).actions;
    expect(honoring).not.toContain('status docs=success "Skipped"');
    const ignoring = run(comment('/skip\n/ok-to-test', 'anyone'), { cfg: cfgFrom({ triggers: [{ repos: ['org'], ignore_ok_to_test: true }] }) }).actions;
    expect(ignoring).toEqual(ALL_OPTIONAL);
  });

  describe('does nothing', () => {
    it.each([
      { name: 'on a closed PR', event: comment('/skip', 'anyone'), state: { state: 'closed' as const } },
      { name: 'on an issue', event: comment('/skip', 'anyone', { on: 'issue' }), state: { isPR: false } },
      { name: 'for the bot\'s own comment', event: comment('/skip', 'coxswain-bot'), state: {} },
      { name: 'for an edited comment', event: comment('/skip', 'anyone', { action: 'edited' }), state: {} },
      { name: 'on a push', event: prEvent('synchronize'), state: {} },
    ])('$name', ({ event, state }) => {
      const r = run(event, { state });
      expect(r.needs).toEqual([]);
      expect(r.actions).toEqual([]);
    });
  });

  it('reads /skip in the PR body when the PR is opened', () => {
    expect(run(prEvent('opened', { body: '/skip' })).actions).toEqual(ALL_OPTIONAL);
  });
});
