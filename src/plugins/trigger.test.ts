import { defaultRerunCommandFor, defaultTriggerFor } from '../config/job-config.js';
import type { ProwConfig } from '../config/load.js';
import type { PluginsConfig } from '../config/plugins.schema.js';
import type { CommentEvent, GithubEvent } from '../core/event.js';
import type { PresubmitTrigger } from '../core/job-select.js';
import type { BotComment, Facts, PrView } from '../core/model.js';
import { formatResponseRaw } from '../core/respond.js';
import { orgMemberKey } from '../core/trust.js';
import { renderActions } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import { trigger, type TriggerCfg } from './trigger.js';

// Expectations follow Prow's trigger plugin (prow.md 1.3, 4.2, 4.6; pkg/plugins/trigger), not the code.

const ps = (name: string, over: Partial<PresubmitTrigger> = {}): PresubmitTrigger => ({
  name,
  context: name,
  trigger: defaultTriggerFor(name),
  rerun_command: defaultRerunCommandFor(name),
  ...over,
});

const PRESUBMITS: PresubmitTrigger[] = [
  ps('unit', { always_run: true }),
  ps('e2e', { run_if_changed: '^src/' }),
  ps('manual'),
  ps('opt', { always_run: true, optional: true }),
];
const ALWAYS_ONLY: PresubmitTrigger[] = [ps('unit', { always_run: true }), ps('manual')];

const BASE: TriggerCfg = { trust: { only_org_members: false, trusted_apps: [] }, ignoreOkToTest: false, presubmits: PRESUBMITS };
const FOOTER = 'FOOTER';

// member: org member; collab: collaborator; author: the PR's (untrusted) author; stranger: nobody.
const TRUST: Partial<Facts> = {
  orgMembers: { [orgMemberKey('org', 'member')]: true },
  collaborators: { collab: true },
};
const SRC_CHANGE = [{ filename: 'src/a.go', additions: 1, deletions: 0, status: 'modified' }];
const DOC_CHANGE = [{ filename: 'README.md', additions: 1, deletions: 0, status: 'modified' }];

interface Opts {
  state?: Partial<PrView>;
  cfg?: Partial<TriggerCfg>;
  facts?: Partial<Facts>;
}

function input(event: GithubEvent, o: Opts = {}) {
  return { event, state: prView({ author: 'author', ...o.state }), config: { ...BASE, ...o.cfg }, botLogin: 'bot', footer: FOOTER };
}
const decide = (event: GithubEvent, o: Opts = {}) =>
  renderActions(trigger.decide({ ...input(event, o), facts: facts({ ...TRUST, changedFiles: SRC_CHANGE, ...o.facts }) }));
const needs = (event: GithubEvent, o: Opts = {}) => trigger.needs(input(event, o));
const kinds = (event: GithubEvent, o: Opts = {}) => needs(event, o).map((n) => n.kind);

/** Prow's FormatResponseRaw reply to a comment, as rendered. */
const reply = (c: CommentEvent, text: string, tag?: string) =>
  renderActions([{ type: 'comment', body: formatResponseRaw(c.body, `https://github.com/org/repo/pull/1#issuecomment-${c.commentId}`, c.actor, text, FOOTER), ...(tag ? { tag } : {}) }]);

const UNTRUSTED = 'Cannot trigger testing until a trusted user reviews the PR and leaves an `/ok-to-test` message.';
const UNTRUSTED_IGNORE =
  'PRs from untrusted users cannot be marked as trusted with `/ok-to-test` in this repo meaning untrusted PR authors can never trigger tests themselves. Collaborators can still trigger tests on the PR using `/test`.';
const fence = (s: string) => `\n\`\`\`\n${s}\n\`\`\``;
const HELP_LIST =
  `The following commands are available to trigger required jobs:${fence('/test e2e')}${fence('/test manual')}${fence('/test unit')}\n\n` +
  `The following commands are available to trigger optional jobs:${fence('/test opt')}\n\n` +
  `Use \`/test all\` to run the following jobs that were automatically triggered:${fence('e2e')}${fence('opt')}${fence('unit')}\n\n`;

describe('trigger: comments', () => {
  it.each<{ name: string; body: string; actor: string; o?: Opts; want: string[] }>([
    { name: 'member /test all runs the automatic jobs', body: '/test all', actor: 'member', want: ['run unit e2e opt'] },
    { name: 'collaborator /test all', body: '/test all', actor: 'collab', want: ['run unit e2e opt'] },
    { name: '/test all with docs-only changes skips run_if_changed', body: '/test all', actor: 'member', o: { facts: { changedFiles: DOC_CHANGE } }, want: ['run unit opt'] },
    { name: 'member /test manual runs it', body: '/test manual', actor: 'member', want: ['run manual'] },
    { name: '/test e2e is forced whatever the changes', body: '/test e2e', actor: 'member', o: { facts: { changedFiles: DOC_CHANGE } }, want: ['run e2e'] },
    { name: 'two jobs in one comment', body: '/test manual\n/test e2e', actor: 'member', want: ['run e2e manual'] },
    { name: 'untrusted commenter on a trusted author\'s PR may /test', body: '/test manual', actor: 'stranger', o: { state: { author: 'member' } }, want: ['run manual'] },
    { name: 'untrusted commenter on a PR with ok-to-test may /test', body: '/test manual', actor: 'stranger', o: { state: { labels: ['ok-to-test'] } }, want: ['run manual'] },
    { name: 'the PR author, untrusted, on an ok-to-test PR', body: '/test all', actor: 'author', o: { state: { labels: ['ok-to-test'] } }, want: ['run unit e2e opt'] },
    { name: 'with only_org_members a collaborator is untrusted', body: '/test all', actor: 'collab', o: { cfg: { trust: { only_org_members: true } }, state: { labels: ['ok-to-test'] } }, want: ['run unit e2e opt'] },
    { name: '/test all on a draft PR still runs (comments ignore drafts)', body: '/test all', actor: 'member', o: { state: { draft: true } }, want: ['run unit e2e opt'] },
    { name: '/ok-to-test by a member labels and runs', body: '/ok-to-test', actor: 'member', o: { state: { labels: ['needs-ok-to-test'] } }, want: ['+label ok-to-test', '-label needs-ok-to-test', 'run unit e2e opt'] },
    { name: '/ok-to-test when already labelled only runs', body: '/ok-to-test', actor: 'member', o: { state: { labels: ['ok-to-test'] } }, want: ['run unit e2e opt'] },
    { name: 'a comment on an ok-to-test PR drops a stale needs-ok-to-test', body: '/test manual', actor: 'member', o: { state: { labels: ['ok-to-test', 'needs-ok-to-test'] } }, want: ['-label needs-ok-to-test', 'run manual'] },
    { name: '/ok-to-test with ignore_ok_to_test does nothing', body: '/ok-to-test', actor: 'member', o: { cfg: { ignoreOkToTest: true } }, want: [] },
    { name: '/ok-to-test cancel by a member', body: '/ok-to-test cancel', actor: 'member', o: { state: { labels: ['ok-to-test'] } }, want: ['-label ok-to-test', '+label needs-ok-to-test'] },
    { name: '/ok-to-test cancel when needs-ok-to-test is there', body: '/ok-to-test cancel', actor: 'member', o: { state: { labels: ['needs-ok-to-test'] } }, want: [] },
    { name: 'retest of nothing failed runs nothing', body: '/retest', actor: 'member', o: { facts: { headContexts: { unit: 'success', e2e: 'success', opt: 'success' } } }, want: [] },
    { name: 'the bot\'s own comment', body: '/test all', actor: 'bot', want: [] },
    { name: 'the bot\'s own comment, login case differs', body: '/test all', actor: 'Bot', want: [] },
    { name: 'the bot as a GitHub App (login with [bot])', body: '/test all', actor: 'bot[bot]', want: [] },
    { name: 'another GitHub App on a trusted PR is a user like any other (Prow checks only the bot)', body: '/test manual', actor: 'helper[bot]', o: { state: { author: 'member' } }, want: ['run manual'] },
    { name: 'an unrelated comment', body: 'thanks!', actor: 'member', want: [] },
    { name: '/test mid-line', body: 'please /test all', actor: 'member', want: [] },
    { name: '/test all only inside a code block', body: 'Run:\n```\n/test all\n```', actor: 'member', want: [] },
    { name: 'issues are ignored', body: '/test all', actor: 'member', o: { state: { isPR: false } }, want: [] },
    { name: 'closed PRs are ignored', body: '/test all', actor: 'member', o: { state: { state: 'closed' } }, want: [] },
    { name: 'no presubmits: nothing', body: '/test all', actor: 'member', o: { cfg: { presubmits: [] } }, want: [] },
  ])('$name', ({ body, actor, o, want }) => {
    expect(decide(comment(body, actor), o)).toEqual(want);
  });

  it('ignores edited comments', () => {
    expect(decide(comment('/test all', 'member', { action: 'edited' }))).toEqual([]);
  });

  it('an untrusted commenter on an untrusted PR gets Prow\'s reply, quoting the comment', () => {
    const c = comment('/test all\nplease', 'stranger');
    const got = decide(c);
    expect(got).toEqual(reply(c, UNTRUSTED));
    expect(got.join('\n')).toContain('@stranger: Cannot trigger testing until a trusted user reviews the PR and leaves an `/ok-to-test` message.');
    expect(got.join('\n')).toContain('>/test all\n>please');
  });

  it('the untrusted PR author cannot /ok-to-test their own PR', () => {
    const c = comment('/ok-to-test', 'author');
    expect(decide(c, { state: { labels: ['needs-ok-to-test'] } })).toEqual(reply(c, UNTRUSTED));
  });

  it('with ignore_ok_to_test the reply says so', () => {
    const c = comment('/retest', 'stranger');
    expect(decide(c, { cfg: { ignoreOkToTest: true } })).toEqual(reply(c, UNTRUSTED_IGNORE));
  });

  it('/ok-to-test cancel by an untrusted user on a trusted PR is refused', () => {
    const c = comment('/ok-to-test cancel', 'stranger');
    expect(decide(c, { state: { labels: ['ok-to-test'] } })).toEqual(reply(c, 'Only trusted users can revoke `/ok-to-test`.'));
  });

  it('/test of an unknown job answers with the note and the list', () => {
    const c = comment('/test nonexistent', 'member');
    expect(decide(c)).toEqual(reply(c, `The specified target(s) for \`/test\` were not found.\n${HELP_LIST}`, 'trigger-help'));
  });

  it.each<{ body: string; note: string }>([
    { body: '/test ?', note: '' },
    { body: '/test', note: 'The `/test` command needs one or more targets.\n' },
    { body: '/retest e2e', note: 'The `/retest` command does not accept any targets.\n' },
  ])('$body answers with help', ({ body, note }) => {
    const c = comment(body, 'member');
    expect(decide(c)).toEqual(reply(c, `${note}${HELP_LIST}`, 'trigger-help'));
  });

  it('/test all with no automatic jobs: the note, and the help lists', () => {
    const c = comment('/test all', 'member');
    const jobs = [ps('manual')];
    expect(decide(c, { cfg: { presubmits: jobs } })).toEqual(
      reply(c, `No jobs can be run with \`/test all\`.\nThe following commands are available to trigger required jobs:${fence('/test manual')}\n\n`, 'trigger-help'),
    );
  });

  it('help with no job for this branch: "No presubmit jobs available"', () => {
    const c = comment('/test ?', 'member');
    const jobs = [ps('rel', { branches: ['^release-'] })];
    expect(decide(c, { cfg: { presubmits: jobs } })).toEqual(reply(c, 'No presubmit jobs available for org/repo@main', 'trigger-help'));
  });

  it('/retest reruns failed contexts and automatic jobs without a status, from the headContexts fact', () => {
    const headContexts = { unit: 'failure', e2e: 'success', manual: 'error' };
    expect(decide(comment('/retest', 'member'), { facts: { headContexts } })).toEqual(['run unit manual opt (retest)']);
  });

  it('/retest-required leaves optional jobs out', () => {
    const headContexts = { unit: 'failure', e2e: 'success', manual: 'error', opt: 'failure' };
    expect(decide(comment('/retest-required', 'member'), { facts: { headContexts } })).toEqual(['run unit manual (retest)']);
  });

  it('a /test or /retest that runs prunes earlier help replies; /ok-to-test does not', () => {
    const botComments: BotComment[] = [
      { id: 11, body: 'The following commands are available to trigger required jobs:\n```\n/test unit\n```', edited: false },
      { id: 12, body: 'No presubmit jobs available for org/repo@main', edited: false },
      { id: 13, body: 'something else', edited: false },
    ];
    expect(decide(comment('/test manual', 'member'), { facts: { botComments } })).toEqual(['delete comment 11', 'delete comment 12', 'run manual']);
    expect(decide(comment('/ok-to-test', 'member'), { facts: { botComments }, state: { labels: ['ok-to-test'] } })).toEqual(['run unit e2e opt']);
  });
});

describe('trigger: needs', () => {
  it.each<{ name: string; body: string; actor: string; o?: Opts; has: string[]; lacks: string[] }>([
    { name: '/retest asks for the head contexts', body: '/retest', actor: 'member', has: ['headContexts'], lacks: [] },
    { name: '/retest-required asks for the head contexts', body: '/retest-required', actor: 'member', has: ['headContexts'], lacks: [] },
    { name: '/test all asks for changed files (a run_if_changed job)', body: '/test all', actor: 'member', has: ['changedFiles'], lacks: ['headContexts'] },
    { name: '/test all without run_if_changed jobs needs no changed files', body: '/test all', actor: 'member', o: { cfg: { presubmits: ALWAYS_ONLY } }, has: [], lacks: ['changedFiles', 'headContexts'] },
    { name: '/test e2e (forced) needs no changed files', body: '/test e2e', actor: 'member', has: [], lacks: ['changedFiles', 'headContexts'] },
    { name: '/test manual needs no changed files', body: '/test manual', actor: 'member', has: [], lacks: ['changedFiles'] },
    { name: '/test of an unknown job: the help list needs them', body: '/test nope', actor: 'member', has: ['changedFiles'], lacks: ['headContexts'] },
    { name: '/test ? needs them for the list', body: '/test ?', actor: 'member', has: ['changedFiles'], lacks: [] },
    { name: 'a commenter\'s trust is asked for', body: '/test all', actor: 'stranger', has: ['orgMember', 'collaborator'], lacks: [] },
  ])('$name', ({ body, actor, o, has, lacks }) => {
    const got = kinds(comment(body, actor), o);
    for (const k of has) expect(got).toContain(k);
    for (const k of lacks) expect(got).not.toContain(k);
  });

  it('asks for the commenter\'s and the author\'s trust', () => {
    expect(needs(comment('/test manual', 'stranger'))).toEqual(
      expect.arrayContaining([
        { kind: 'orgMember', org: 'org', login: 'stranger' },
        { kind: 'collaborator', login: 'stranger' },
        { kind: 'orgMember', org: 'org', login: 'author' },
        { kind: 'collaborator', login: 'author' },
      ]),
    );
  });

  it.each<{ name: string; event: GithubEvent; o?: Opts }>([
    { name: 'an unrelated comment', event: comment('looks good', 'member') },
    { name: 'the bot\'s own comment', event: comment('/test all\n/retest', 'bot') },
    { name: 'an edited comment', event: comment('/retest', 'member', { action: 'edited' }) },
    { name: 'an issue comment', event: comment('/retest', 'member'), o: { state: { isPR: false } } },
    { name: 'a repo without presubmits', event: comment('/retest', 'member'), o: { cfg: { presubmits: [] } } },
    { name: 'a closed PR', event: prEvent('closed') },
    { name: 'a PR labeled ok-to-test by the bot', event: prEvent('labeled', { label: 'ok-to-test', actor: 'bot' }) },
    { name: 'an unrelated label', event: prEvent('labeled', { label: 'kind/bug', actor: 'member' }) },
  ])('asks for nothing: $name', ({ event, o }) => {
    expect(needs(event, o)).toEqual([]);
  });

  it('a new PR: the author\'s trust and the changed files', () => {
    expect(kinds(prEvent('opened'))).toEqual(expect.arrayContaining(['orgMember', 'collaborator', 'changedFiles']));
    expect(kinds(prEvent('opened'), { cfg: { presubmits: ALWAYS_ONLY } })).not.toContain('changedFiles');
  });
});

const WELCOME =
  'Hi @author. Thanks for your PR.\n\n' +
  "I'm waiting for a [org](https://github.com/orgs/org/people) member to verify that this patch is reasonable to test. If it is, they should reply with `/ok-to-test` on its own line. Until that is done, I will not automatically test new commits in this PR, but the usual testing commands by org members will still work.\n\n" +
  'Regular contributors should [join the org](https://github.com/orgs/org/people) to skip this step.\n\n' +
  'Once the patch is verified, the new status will be reflected by the `ok-to-test` label.\n\n' +
  'I understand the commands that are listed [here](https://go.k8s.io/bot-commands?repo=org%2Frepo).\n\n' +
  '<details>\n\nFOOTER\n</details>\n';
const WELCOME_IGNORE =
  'Hi @author. Thanks for your PR.\n\n' +
  'PRs from untrusted users cannot be marked as trusted with `/ok-to-test` in this repo meaning untrusted PR authors can never trigger tests themselves. Collaborators can still trigger tests on the PR using `/test all`.\n\n' +
  'I understand the commands that are listed [here](https://go.k8s.io/bot-commands?repo=org%2Frepo).\n\n' +
  '<details>\n\nFOOTER\n</details>\n';
const DRAFT = 'Skipping CI for Draft Pull Request.\nIf you want CI signal for your change, please convert it to an actual PR.\nYou can still manually trigger a test run with `/test all`';
const ABORT = 'abort jobs "Aborted by trigger plugin."';
/** A plain comment, as rendered (one entry per line). */
const said = (body: string) => renderActions([{ type: 'comment', body }]);

describe('trigger: PR events (Prow handlePR)', () => {
  const member = { author: 'member' };
  it.each<{ name: string; event: GithubEvent; o?: Opts; want: string[] }>([
    { name: 'opened by a member runs the automatic jobs', event: prEvent('opened', { author: 'member' }), o: { state: member }, want: ['run unit e2e opt'] },
    { name: 'opened by a member, docs only', event: prEvent('opened', { author: 'member' }), o: { state: member, facts: { changedFiles: DOC_CHANGE } }, want: ['run unit opt'] },
    { name: 'opened draft by a member: the draft message', event: prEvent('opened', { author: 'member', draft: true }), o: { state: { ...member, draft: true } }, want: [...said(DRAFT)] },
    { name: 'opened by an untrusted author: label and welcome', event: prEvent('opened'), want: ['+label needs-ok-to-test', ...said(WELCOME)] },
    { name: 'opened by an untrusted author with ok-to-test already: welcome only', event: prEvent('opened'), o: { state: { labels: ['ok-to-test'] } }, want: [...said(WELCOME)] },
    { name: 'opened by an untrusted author, ignore_ok_to_test: no label', event: prEvent('opened'), o: { cfg: { ignoreOkToTest: true } }, want: [...said(WELCOME_IGNORE)] },
    {
      name: 'opened by an untrusted author, trusted_org and join_org_url',
      event: prEvent('opened'),
      o: { cfg: { trust: { trusted_org: 'friends' }, joinOrgUrl: 'https://example.com/join' } },
      want: [
        '+label needs-ok-to-test',
        ...said(WELCOME.replace('[org](https://github.com/orgs/org/people) member', '[org](https://github.com/orgs/org/people) or [friends](https://github.com/orgs/friends/people) member').replace('[join the org](https://github.com/orgs/org/people)', '[join the org](https://example.com/join)')),
      ],
    },
    { name: 'opened by a trusted app', event: prEvent('opened', { author: 'renovate[bot]' }), o: { state: { author: 'renovate[bot]' }, cfg: { trust: { trusted_apps: ['renovate'] } } }, want: ['run unit e2e opt'] },
    { name: 'synchronize, trusted: abort then run', event: prEvent('synchronize'), o: { state: member }, want: [ABORT, 'run unit e2e opt'] },
    { name: 'synchronize, ok-to-test label: abort then run', event: prEvent('synchronize'), o: { state: { labels: ['ok-to-test'] } }, want: [ABORT, 'run unit e2e opt'] },
    { name: 'synchronize, untrusted: abort only', event: prEvent('synchronize'), want: [ABORT] },
    { name: 'synchronize, trusted draft: abort only', event: prEvent('synchronize', { draft: true }), o: { state: { ...member, draft: true } }, want: [ABORT] },
    { name: 'closed: abort only', event: prEvent('closed', { state: 'closed' }), o: { state: { ...member, state: 'closed' } }, want: [ABORT] },
    { name: 'converted_to_draft: abort only', event: prEvent('converted_to_draft', { draft: true }), o: { state: { ...member, draft: true } }, want: [ABORT] },
    { name: 'reopened, trusted: run', event: prEvent('reopened'), o: { state: member }, want: ['run unit e2e opt'] },
    { name: 'reopened, untrusted: nothing', event: prEvent('reopened'), want: [] },
    { name: 'ready_for_review, ok-to-test: drop needs-ok-to-test and run', event: prEvent('ready_for_review'), o: { state: { labels: ['ok-to-test', 'needs-ok-to-test'] } }, want: ['-label needs-ok-to-test', 'run unit e2e opt'] },
    { name: 'edited with a new base: run', event: prEvent('edited', { baseChanged: true }), o: { state: member }, want: ['run unit e2e opt'] },
    { name: 'edited title only: nothing', event: prEvent('edited'), o: { state: member }, want: [] },
    { name: 'labeled lgtm on an untrusted PR: run once', event: prEvent('labeled', { label: 'lgtm', actor: 'member' }), o: { state: { labels: ['lgtm'] } }, want: ['run unit e2e opt'] },
    { name: 'labeled lgtm on an untrusted draft: nothing', event: prEvent('labeled', { label: 'lgtm', actor: 'member' }), o: { state: { labels: ['lgtm'], draft: true } }, want: [] },
    { name: 'labeled lgtm on a trusted PR: nothing', event: prEvent('labeled', { label: 'lgtm', actor: 'member' }), o: { state: { ...member, labels: ['lgtm'] } }, want: [] },
    { name: 'labeled ok-to-test by a human: run', event: prEvent('labeled', { label: 'ok-to-test', actor: 'member' }), o: { state: { labels: ['ok-to-test'] } }, want: ['run unit e2e opt'] },
    { name: 'labeled ok-to-test by another App: run', event: prEvent('labeled', { label: 'ok-to-test', actor: 'helper[bot]' }), o: { state: { labels: ['ok-to-test'] } }, want: ['run unit e2e opt'] },
    { name: 'labeled ok-to-test by the bot: nothing', event: prEvent('labeled', { label: 'ok-to-test', actor: 'bot' }), o: { state: { labels: ['ok-to-test'] } }, want: [] },
    { name: 'labeled something else: nothing', event: prEvent('labeled', { label: 'kind/bug', actor: 'member' }), o: { state: member }, want: [] },
    { name: 'no presubmits: nothing, not even an abort', event: prEvent('synchronize'), o: { state: member, cfg: { presubmits: [] } }, want: [] },
    { name: 'an issue event: nothing', event: prEvent('opened', { author: 'member' }), o: { state: { ...member, isPR: false } }, want: [] },
  ])('$name', ({ event, o, want }) => {
    expect(decide(event, o)).toEqual(want);
  });
});

describe('trigger.config', () => {
  it('reads triggers: and the repo\'s presubmits with their defaults', () => {
    const plugins = {
      plugins: {},
      triggers: [{ repos: ['org'], trusted_org: 'friends', join_org_url: 'https://example.com/join', ignore_ok_to_test: true, only_org_members: true }],
    } as unknown as PluginsConfig;
    const prow = {
      presubmits: {
        'org/repo': [
          { name: 'unit', context: 'ci/unit', trigger: defaultTriggerFor('unit'), rerun_command: '/test unit', always_run: true, optional: false, branches: [] },
          { name: 'e2e', context: 'e2e', trigger: defaultTriggerFor('e2e'), rerun_command: '/test e2e', run_if_changed: '^src/', optional: true, skip_branches: ['^old$'] },
        ],
        'org/other': [{ name: 'x', context: 'x', trigger: defaultTriggerFor('x'), rerun_command: '/test x' }],
      },
    } as unknown as ProwConfig;
    expect(trigger.config(plugins, 'org', 'repo', prow)).toEqual({
      trust: { only_org_members: true, trusted_apps: [], trusted_org: 'friends' },
      ignoreOkToTest: true,
      joinOrgUrl: 'https://example.com/join',
      presubmits: [
        { name: 'unit', context: 'ci/unit', trigger: defaultTriggerFor('unit'), rerun_command: '/test unit', always_run: true },
        { name: 'e2e', context: 'e2e', trigger: defaultTriggerFor('e2e'), rerun_command: '/test e2e', run_if_changed: '^src/', optional: true, skip_branches: ['^old$'] },
      ],
    });
    expect(trigger.config({ plugins: {} } as unknown as PluginsConfig, 'org', 'none', prow)).toEqual({ trust: undefined, ignoreOkToTest: false, presubmits: [] });
  });
});
