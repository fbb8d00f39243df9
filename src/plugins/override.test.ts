import { applyPluginDefaults } from '../config/plugins-defaults.js';
import { pluginsConfigSchema } from '../config/plugins.schema.js';
import type { ProwConfig } from '../config/load.js';
import type { GithubEvent } from '../core/event.js';
import type { Facts, PrView } from '../core/model.js';
import { parseOwners } from '../core/owners-parse.js';
import { formatResponseRaw } from '../core/respond.js';
import { override, parseOverrideInput, whoCanUse, type OverrideCfg } from './override.js';
import { renderAction } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';

const PROW = {
  presubmits: {
    'org/repo': [
      { name: 'pull-unit', context: 'ci/unit', trigger: '(?m)^/test( | .* )pull-unit,?($|\\s.*)', rerun_command: '/test pull-unit', always_run: true },
      { name: 'pull-e2e', context: 'ci/e2e', trigger: '(?m)^/test( | .* )pull-e2e,?($|\\s.*)', rerun_command: '/test pull-e2e', optional: true },
    ],
  },
} as unknown as ProwConfig;

function cfgFrom(raw: object, repo = 'repo'): OverrideCfg {
  return override.config(applyPluginDefaults(pluginsConfigSchema.parse({ plugins: {}, ...raw })), 'org', repo, PROW);
}
const CFG = cfgFrom({});
const TEAMS_CFG = cfgFrom({ override: { allowed_github_teams: { 'org/repo': ['release'], org: ['infra'], 'other/x': ['nope'] } } });
const OWNERS_CFG = cfgFrom({ override: { allow_top_level_owners: true } });

const HEAD_CONTEXTS = { 'ci/unit': 'failure', 'ci/e2e': 'pending', lint: 'error', 'test / Unit Tests': 'failure', 'Tide': 'pending', build: 'success' };
const baseFacts: Partial<Facts> = {
  permissions: { admin: 'admin', writer: 'write', maintainer: 'maintain', owner: 'read', teammate: 'read' },
  teams: { 'org/release': ['Teammate'], 'org/infra': ['carol'] },
  owners: { files: [parseOwners('', 'approvers: [owner, notcollab]\n')], aliases: {} },
  collaboratorList: ['owner'],
  headContexts: HEAD_CONTEXTS,
};

const URL = 'https://github.com/org/repo/pull/1#issuecomment-1';
const reply = (body: string, login: string, text: string) => `comment: ${formatResponseRaw(body, URL, login, text, 'FOOTER')}`;

function run(event: GithubEvent, opts: { state?: Partial<PrView>; cfg?: OverrideCfg; facts?: Partial<Facts> } = {}) {
  const state = prView(opts.state);
  const input = { event, state, config: opts.cfg ?? CFG, botLogin: 'coxswain-bot', footer: 'FOOTER' };
  return {
    needs: override.needs(input),
    actions: override.decide({ ...input, facts: facts({ ...baseFacts, ...opts.facts }) }).map(renderAction),
  };
}
const at = (body: string, actor: string) => comment(body, actor, { url: URL, on: 'pull_request' });

const expected = (cmd: string, unknown: string[], known: string[]) =>
  `${cmd} requires failed status contexts, check run or a prowjob name to operate on.\nThe following unknown contexts/checkruns were given:\n${unknown.map((u) => ` - \`${u}\``).join('\n')}\n\nOnly the following failed contexts/checkruns were expected:\n${known.map((u) => ` - \`${u}\``).join('\n')}\n\nIf you are trying to override a checkrun that has a space in it, you must put a double quote on the context.\n`;
const FAILED = ['Tide', 'ci/e2e', 'ci/unit', 'lint', 'pull-e2e', 'pull-unit', 'test / Unit Tests'];

describe('override', () => {
  it.each([
    {
      name: 'an admin overrides a failed context',
      body: '/override lint',
      actor: 'admin',
      want: ['status lint=success "Overridden by admin"', reply('/override lint', 'admin', 'Overrode contexts on behalf of admin: lint')],
    },
    {
      name: 'several contexts in one command, a pending one too, the reply sorted',
      body: '/override lint ci/e2e',
      actor: 'admin',
      want: ['status ci/e2e=success "Overridden by admin"', 'status lint=success "Overridden by admin"', reply('/override lint ci/e2e', 'admin', 'Overrode contexts on behalf of admin: ci/e2e, lint')],
    },
    {
      name: 'several command lines in one comment',
      body: 'flaky:\n/override lint\n/OVERRIDE Tide\r\nthanks',
      actor: 'admin',
      want: ['status lint=success "Overridden by admin"', 'status Tide=success "Overridden by admin"', reply('flaky:\n/override lint\n/OVERRIDE Tide\r\nthanks', 'admin', 'Overrode contexts on behalf of admin: Tide, lint')],
    },
    {
      name: 'a presubmit named by its job name overrides its context',
      body: '/override pull-unit',
      actor: 'admin',
      want: ['status ci/unit=success "Overridden by admin"', reply('/override pull-unit', 'admin', 'Overrode contexts on behalf of admin: ci/unit')],
    },
    {
      name: 'a quoted context with spaces',
      body: '/override "test / Unit Tests"',
      actor: 'admin',
      want: ['status test / Unit Tests=success "Overridden by admin"', reply('/override "test / Unit Tests"', 'admin', 'Overrode contexts on behalf of admin: test / Unit Tests')],
    },
    {
      name: 'contexts are case-sensitive: `tide` is not `Tide`',
      body: '/override tide',
      actor: 'admin',
      want: [reply('/override tide', 'admin', expected('/override', ['tide'], FAILED))],
    },
    {
      name: 'an unknown context: nothing is overridden, even the known one',
      body: '/override lint nope',
      actor: 'admin',
      want: [reply('/override lint nope', 'admin', expected('/override', ['nope'], FAILED))],
    },
    {
      name: 'a passing context cannot be overridden',
      body: '/override build',
      actor: 'admin',
      want: [reply('/override build', 'admin', expected('/override', ['build'], FAILED))],
    },
    {
      name: 'no context given',
      body: '/override',
      actor: 'admin',
      want: [reply('/override', 'admin', '/override requires failed status contexts to operate on, but none was given')],
    },
    {
      name: 'no context given on one of two lines',
      body: '/override lint\n/override',
      actor: 'admin',
      want: [reply('/override lint\n/override', 'admin', '/override requires failed status contexts to operate on, but none was given')],
    },
    {
      name: 'a write collaborator is not authorized',
      body: '/override lint',
      actor: 'writer',
      want: [reply('/override lint', 'writer', 'writer unauthorized: /override is restricted to Repo administrators.')],
    },
    {
      name: 'maintain is not admin',
      body: '/override lint',
      actor: 'maintainer',
      want: [reply('/override lint', 'maintainer', 'maintainer unauthorized: /override is restricted to Repo administrators.')],
    },
    {
      name: 'a top-level approver is not authorized unless configured',
      body: '/override lint',
      actor: 'owner',
      want: [reply('/override lint', 'owner', 'owner unauthorized: /override is restricted to Repo administrators.')],
    },
    {
      name: 'a top-level approver may when allow_top_level_owners is set',
      body: '/override lint',
      actor: 'owner',
      cfg: OWNERS_CFG,
      want: ['status lint=success "Overridden by owner"', reply('/override lint', 'owner', 'Overrode contexts on behalf of owner: lint')],
    },
    {
      name: 'an approver who is no collaborator is not a top-level owner',
      body: '/override lint',
      actor: 'notcollab',
      cfg: OWNERS_CFG,
      want: [reply('/override lint', 'notcollab', 'notcollab unauthorized: /override is restricted to Repo administrators, approvers in top level OWNERS file.')],
    },
    {
      name: 'a member of a team allowed for the repo',
      body: '/override lint',
      actor: 'teammate',
      cfg: TEAMS_CFG,
      want: ['status lint=success "Overridden by teammate"', reply('/override lint', 'teammate', 'Overrode contexts on behalf of teammate: lint')],
    },
    {
      name: 'a member of a team allowed for the org',
      body: '/override lint',
      actor: 'carol',
      cfg: TEAMS_CFG,
      want: ['status lint=success "Overridden by carol"', reply('/override lint', 'carol', 'Overrode contexts on behalf of carol: lint')],
    },
    {
      name: 'someone in no allowed team: the reply lists this repo\'s teams',
      body: '/override lint',
      actor: 'writer',
      cfg: TEAMS_CFG,
      want: [reply('/override lint', 'writer', 'writer unauthorized: /override is restricted to Repo administrators, and the following github teams:org/repo: release, org: infra.')],
    },
    {
      name: '/override-sticky adds the skip-retest sentinel',
      body: '/override-sticky lint',
      actor: 'admin',
      want: [
        'status lint=success "Overridden by admin [prow:skip-retest]"',
        reply('/override-sticky lint', 'admin', 'Overrode contexts on behalf of admin: lint\n\nThese overrides will persist across retests on the current HEAD SHA. Pushing a new commit will clear them. Use `/override-cancel` to remove them.'),
      ],
    },
    { name: 'a command mid-line is not a command', body: 'please /override lint', actor: 'admin', want: [] },
    { name: '/overridelint is not /override', body: '/overridelint', actor: 'admin', want: [] },
    { name: 'a tab is not the space Prow wants', body: '/override\tlint', actor: 'admin', want: [] },
  ])('$name', ({ body, actor, cfg, want }) => {
    expect(run(at(body, actor), { cfg }).actions).toEqual(want);
  });

  describe('/override-cancel', () => {
    const overridden = {
      lint: { state: 'success', description: 'Overridden by admin' },
      'ci/unit': { state: 'success', description: 'Overridden by admin [prow:skip-retest]' },
      build: { state: 'success', description: 'Job succeeded.' },
      // A rerun replaced this override: GitHub now has it pending.
      'ci/e2e': { state: 'success', description: 'Overridden by admin' },
    };
    const now = { lint: 'success', 'ci/unit': 'success', build: 'success', 'ci/e2e': 'pending' };
    it.each([
      {
        name: 'cancels every standing override',
        body: '/override-cancel',
        actor: 'admin',
        want: ['status lint=failure "Override cancelled by admin"', 'status ci/unit=failure "Override cancelled by admin"', reply('/override-cancel', 'admin', 'Cancelled overrides on behalf of admin: ci/unit, lint')],
      },
      {
        name: 'cancels the one named',
        body: '/override-cancel ci/unit',
        actor: 'admin',
        want: ['status ci/unit=failure "Override cancelled by admin"', reply('/override-cancel ci/unit', 'admin', 'Cancelled overrides on behalf of admin: ci/unit')],
      },
      {
        name: 'nothing overridden by that name',
        body: '/override-cancel build',
        actor: 'admin',
        want: [reply('/override-cancel build', 'admin', 'No overrides found to cancel')],
      },
      {
        name: 'unauthorized',
        body: '/override-cancel',
        actor: 'writer',
        want: [reply('/override-cancel', 'writer', 'writer unauthorized: /override-cancel is restricted to Repo administrators.')],
      },
      {
        name: 'cancel then override again in one comment: the override sees the cancelled status',
        body: '/override-cancel lint\n/override lint',
        actor: 'admin',
        want: [
          'status lint=failure "Override cancelled by admin"',
          reply('/override-cancel lint\n/override lint', 'admin', 'Cancelled overrides on behalf of admin: lint'),
          'status lint=success "Overridden by admin"',
          reply('/override-cancel lint\n/override lint', 'admin', 'Overrode contexts on behalf of admin: lint'),
        ],
      },
    ])('$name', ({ body, actor, want }) => {
      expect(run(at(body, actor), { state: { contexts: overridden }, facts: { headContexts: now } }).actions).toEqual(want);
    });

    it('with no override on the head', () => {
      expect(run(at('/override-cancel', 'admin')).actions).toEqual([reply('/override-cancel', 'admin', 'No overrides found to cancel')]);
    });
  });

  describe('does nothing', () => {
    it.each([
      { name: 'on a closed PR', event: at('/override lint', 'admin'), state: { state: 'closed' as const } },
      { name: 'on a merged PR', event: at('/override lint', 'admin'), state: { state: 'merged' as const } },
      { name: 'on an issue', event: comment('/override lint', 'admin', { url: URL, on: 'issue' }), state: { isPR: false } },
      { name: 'for the bot\'s own comment', event: at('/override lint', 'coxswain-bot'), state: {} },
      { name: 'for the bot\'s own comment as an App', event: at('/override lint', 'coxswain-bot[bot]'), state: {} },
      { name: 'for an edited comment', event: comment('/override lint', 'admin', { url: URL, action: 'edited' }), state: {} },
      { name: 'on a push', event: prEvent('synchronize'), state: {} },
    ])('$name', ({ event, state }) => {
      const r = run(event, { state });
      expect(r.needs).toEqual([]);
      expect(r.actions).toEqual([]);
    });
  });

  describe('needs', () => {
    it('asks for the commenter\'s permission and the head\'s contexts', () => {
      expect(run(at('/override lint', 'Admin')).needs).toEqual([{ kind: 'permission', login: 'Admin' }, { kind: 'headContexts' }]);
    });
    it('asks for the allowed teams of the repo and org, and OWNERS with collaborators when configured', () => {
      expect(run(at('/override lint', 'x'), { cfg: TEAMS_CFG }).needs).toEqual([
        { kind: 'permission', login: 'x' },
        { kind: 'team', org: 'org', slug: 'release' },
        { kind: 'team', org: 'org', slug: 'infra' },
        { kind: 'headContexts' },
      ]);
      expect(run(at('/override lint', 'x'), { cfg: OWNERS_CFG }).needs).toEqual([
        { kind: 'permission', login: 'x' },
        { kind: 'owners' },
        { kind: 'collaboratorList' },
        { kind: 'headContexts' },
      ]);
    });
    it('asks for nothing when the only reply is that no context was given', () => {
      expect(run(at('/override', 'x')).needs).toEqual([]);
    });
    it('owners.skip_collaborators: no collaborator list, and any top-level approver counts', () => {
      const cfg = cfgFrom({ override: { allow_top_level_owners: true }, owners: { skip_collaborators: ['org/repo'] } });
      expect(run(at('/override lint', 'x'), { cfg }).needs).not.toContainEqual({ kind: 'collaboratorList' });
      expect(run(at('/override lint', 'notcollab'), { cfg }).actions[0]).toBe('status lint=success "Overridden by notcollab"');
    });
  });

  it('parses arguments as Prow does', () => {
    expect(parseOverrideInput('a  b "c d" "e"f" g')).toEqual(['a', 'b', 'c d', 'e"f" g']);
    expect(parseOverrideInput('"test / Unit Tests" ci/circleci')).toEqual(['test / Unit Tests', 'ci/circleci']);
  });

  it('says who can use it as Prow does', () => {
    expect(whoCanUse({ allowTopLevelOwners: false, allowedTeams: {} }, '', '')).toBe('Repo administrators.');
    expect(whoCanUse({ allowTopLevelOwners: true, allowedTeams: { 'k/k': ['t1', 't2'], k: ['t3'] } }, '', '')).toBe(
      'Repo administrators, approvers in top level OWNERS file, and the following github teams:k/k: t1 t2, k: t3.',
    );
    expect(whoCanUse({ allowTopLevelOwners: false, allowedTeams: { 'other/x': ['t'] } }, 'org', 'repo')).toBe('Repo administrators, and the following github teams:.');
  });
});
