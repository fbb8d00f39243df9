// Anyone on GitHub can write a comment, a PR description or a review, and plugins read them inside
// the PR's workflow, where a task that does not yield is killed. So every plugin must answer in
// time linear in what it reads: this runs needs() and decide() of EVERY registered plugin, with
// its regexp-bearing settings filled in and facts that let decide() go deep, on bodies up to
// GitHub's limit shaped to hurt backtracking regexps (long whitespace runs after each command
// name, thousands of command lines, unclosed `<!--`, nested quotes, lone surrogates), and
// requires each call to return in under 50 ms without throwing.
import fc from 'fast-check';
import { applyPluginDefaults } from '../config/plugins-defaults.js';
import { pluginsConfigSchema } from '../config/plugins.schema.js';
import { GITHUB_BODY_LIMIT } from '../core/commands.js';
import type { GithubEvent } from '../core/event.js';
import { parseOwners } from '../core/owners-parse.js';
import { PLUGINS } from './index.js';
import { comment, facts as buildFacts, prEvent, prView, review } from './testing.js';
import type { Facts, PrView } from '../core/model.js';
import type { ProwConfig } from '../config/load.js';

const BUDGET_MS = 50;
const HEAD = 'a'.repeat(40);

const plugins = applyPluginDefaults(
  pluginsConfigSchema.parse({
    plugins: { org: { plugins: PLUGINS.map((p) => p.name) } },
    owners: { labels_denylist: ['approved', 'lgtm'] },
    approve: [{ repos: ['org'], lgtm_acts_as_approve: true, issue_required: true }],
    lgtm: [{ repos: ['org'], review_acts_as_lgtm: true, store_tree_hash: true, trusted_team_for_sticky_lgtm: 'maintainers' }],
    triggers: [{ repos: ['org'], trusted_org: 'org', trusted_apps: ['helper-app'] }],
    welcome: [{ repos: ['org'], message_template: 'Welcome @{{.AuthorLogin}} to {{.Org}}/{{.Repo}}!', always_post: true }],
    blunderbuss: {
      request_count: 2,
      ignore_authors: ['someone'],
      wait_for_status: {
        context: 'tide',
        state: 'pending',
        description: 'Not mergeable. (PullRequest is missing sufficient approving GitHub review\\(s\\)|Needs (lgtm|approved) label)|(a|a)*b',
      },
    },
    size: { s: 10, m: 30, l: 100, xl: 500, xxl: 1000 },
    label: {
      additional_labels: ['documentation', 'a', 'b'],
      restricted_labels: { '*': [{ label: 'restricted', allowed_teams: ['maintainers'], allowed_users: ['bob'], assign_on: [{ label: 'kind/bug' }] }] },
    },
    // Patterns that would make a backtracking engine explode on the right input.
    heart: { adorees: ['alice', 'mallory'], commentregexp: '(?i)thank(s| you)|^\\s*(.*?)\\s*x$|(a|a)*b' },
    retitle: { allow_closed_issues: true },
    repo_milestone: { '': { maintainers_team: 'maintainers', maintainers_friendly_name: 'Chairs' } },
    blockades: [
      { repos: ['org'], branchregexp: '^(main|release-.*)$', blockregexps: ['^docs/', '(?i)^VENDOR/', '^(a+)+$'], exceptionregexps: ['^docs/ok/', '(\\s*.*?\\s*)*x$'], explanation: 'Protected' },
    ],
    branch_cleaner: { preserved_branches: { org: ['main', 'release-.*', '(a|a)*b'] } },
    dco: { org: { skip_dco_check_for_members: true, trusted_org: 'org' } },
    invalid_commit_msg: [{ repos: ['org'] }],
    release_note: { guidelines_url: 'https://example.test/rn' },
    require_matching_label: [
      { org: 'org', prs: true, issues: true, regexp: '^(?i)(kind|sig)/|(a+)+$', missing_label: 'needs-kind', missing_comment: 'Please add a kind.' },
    ],
  }),
);

const OWNERS_TEXT = 'filters:\n  ".*\\\\.md$":\n    approvers: [alice]\n  "^(a|a)*b$":\n    reviewers: [bob]\n    labels: [area/docs]\n';
const FILES = ['docs/OWNERS', 'OWNERS_ALIASES', 'vendor/x.go', 'docs/a.md', `docs/${'a'.repeat(255)}`, 'main.go', '.gitattributes'];

function factsFor(body: string): Facts {
  return buildFacts({
    collaborators: { alice: true, bob: true, carol: true, author: true, mallory: false },
    orgMembers: { 'org/alice': true, 'org/bob': true, 'org/author': true, 'org/mallory': false },
    permissions: { alice: 'admin', bob: 'write', mallory: 'read' },
    teams: { 'org/maintainers': ['alice', 'bob'] },
    repoLabels: [
      'kind/bug', 'kind/a', 'kind/b', 'sig/node', 'area/docs', 'needs-kind', 'needs-sig', 'documentation', 'a', 'b', 'restricted',
      'triage/accepted', 'lgtm', 'approved', 'help wanted', 'good first issue', 'do-not-merge/hold', 'needs-rebase',
    ],
    changedFiles: FILES.map((filename, i) => ({ filename, additions: i * 7, deletions: i, status: 'modified' })),
    owners: {
      files: [parseOwners('', 'approvers: [alice, bob]\nreviewers: [carol, bob]\nlabels: [kind/bug]\n'), parseOwners('docs', OWNERS_TEXT)],
      aliases: { team: ['alice', 'bob'] },
    },
    collaboratorList: ['alice', 'bob', 'carol', 'author'],
    commitTrees: { [HEAD]: 'b'.repeat(40) },
    files: {
      [`main:.generated_files`]: 'path-prefix vendor/\nfile-name generated.go\npaths-from-repo gen.txt\n',
      [`main:gen.txt`]: 'a.go\nb.go\n',
      [`main:.gitattributes`]: '*a*a*a*a*a*a*a*a*a*b linguist-generated=true\n*.pb.go linguist-generated=true\n',
      [`${HEAD}:docs/OWNERS`]: OWNERS_TEXT,
      [`${HEAD}:OWNERS_ALIASES`]: 'aliases:\n  team: [alice, bob]\n',
    },
    catImage: { url: 'https://cats.test/1.jpg' },
    dogImage: { url: 'https://dogs.test/1.jpg' },
    commits: [
      { sha: 'c1', message: body, authorName: 'A', authorEmail: 'a@x', authorLogin: 'mallory', parents: 1 },
      { sha: 'c2', message: `fixup! ${body.slice(0, 4096)}`, authorName: 'B', authorEmail: 'b@x', authorLogin: 'alice', parents: 1 },
    ],
    authorPrCount: { author: 0, alice: 0, mallory: 0 },
    mergeable: false,
    headContexts: { 'pull-unit': 'failure', docs: 'pending', e2e: 'error', tide: 'pending', other: 'success' },
    milestones: [{ number: 1, title: 'v1.0', state: 'open' }, { number: 2, title: 'a', state: 'open' }],
  });
}

function stateFor(body: string, isPR: boolean): PrView {
  return prView({
    isPR,
    body,
    title: body.slice(0, 256),
    headSha: HEAD,
    headRef: 'feature',
    labels: ['kind/bug', 'sig/node', 'lifecycle/stale', 'do-not-merge/hold', 'lgtm', 'approved', 'help wanted', 'stage/alpha', 'size/XS', 'needs-kind'],
    assignees: ['bob'],
    requestedReviewers: [],
    contexts: { tide: { state: 'pending', description: body.slice(0, 1024) } },
    votes: [
      { login: 'alice', at: '', source: 'comment', text: body.slice(0, 8192) },
      { login: 'bob', at: '', source: 'comment', text: '/approve no-issue' },
      { login: 'carol', at: '', source: 'review', text: 'approved' },
    ],
    commenters: ['alice', 'bob', 'mallory'],
  });
}

/** Each way a body reaches the plugins, with the PR or issue it arrives on. */
function deliveries(body: string, actor: string): Array<{ name: string; event: GithubEvent; state: PrView }> {
  const pr = stateFor(body, true);
  const issue = stateFor(body, false);
  return [
    { name: 'PR comment', event: comment(body, actor, { on: 'pull_request' }), state: pr },
    { name: 'issue comment', event: comment(body, actor, { on: 'issue' }), state: issue },
    { name: 'review comment', event: comment(body, actor, { on: 'review_thread' }), state: pr },
    { name: 'review', event: review('approved', actor, body), state: pr },
    { name: 'PR opened', event: prEvent('opened', { body, title: pr.title, author: actor, actor }), state: pr },
    { name: 'PR edited', event: prEvent('edited', { body, title: pr.title, actor }), state: pr },
    { name: 'PR synchronize', event: prEvent('synchronize', { body, title: pr.title }), state: pr },
    { name: 'PR labeled', event: prEvent('labeled', { body, label: 'kind/bug', actor }), state: pr },
    { name: 'issue opened', event: { kind: 'issue', deliveryId: 'i1', actor, action: 'opened', title: issue.title, author: actor, state: 'open', labels: [], assignees: [], body }, state: issue },
    { name: 'issue edited', event: { kind: 'issue', deliveryId: 'i2', actor, action: 'edited', title: issue.title, author: 'author', state: 'open', labels: [], assignees: [], body }, state: issue },
    { name: 'status', event: { kind: 'status', deliveryId: 's1', actor, action: 'status', sha: HEAD, context: 'tide', state: 'pending', description: body }, state: pr },
  ];
}

// Jobs for trigger to match comments against: the default trigger, a custom one, and jobs that
// depend on the changed files.
const PROW = {
  presubmits: {
    'org/repo': [
      { name: 'pull-unit', context: 'pull-unit', trigger: '(?m)^/test( | .* )pull-unit,?($|\\s.*)', rerun_command: '/test pull-unit', always_run: true },
      { name: 'pull-e2e', context: 'e2e', trigger: '(?mi)^/(test|retest|e2e)\\s+(e2e|all)\\b.*$', rerun_command: '/test e2e', run_if_changed: '^(src|test)/.*\\.ts$' },
      { name: 'pull-docs', context: 'docs', trigger: '(?m)^/test( | .* )pull-docs,?($|\\s.*)', rerun_command: '/test pull-docs', skip_if_only_changed: '\\.md$', optional: true },
    ],
  },
} as unknown as ProwConfig;
const CONFIGS = PLUGINS.map((p) => ({ plugin: p, config: p.config(plugins, 'org', 'repo', PROW) }));

/**
 * Milliseconds a call takes: the best of up to five tries, so a busy machine does not fail it (a
 * call ten times over the budget is not tried again: that is no accident of scheduling).
 */
function timed(call: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    call();
    best = Math.min(best, performance.now() - started);
    if (best < BUDGET_MS || best >= 10 * BUDGET_MS) break;
  }
  return best;
}

/**
 * Every plugin, every delivery, needs() then decide(): the first slow call, described (the rest
 * are skipped: on a super-linear parser each one could take minutes), or [] when all are quick.
 */
function slowCalls(body: string, actor = 'alice'): string[] {
  for (const { name, event, state } of deliveries(body, actor)) {
    const facts = factsFor(body);
    for (const { plugin, config } of CONFIGS) {
      const input = { event, state, config, facts, botLogin: 'coxswain-bot', footer: 'FOOTER' };
      for (const phase of ['needs', 'decide'] as const) {
        const ms = timed(() => plugin[phase](input));
        if (ms >= BUDGET_MS) return [`${plugin.name}.${phase} on ${name}: ${ms.toFixed(0)} ms`];
      }
    }
  }
  return [];
}

const COMMANDS = [
  'label', 'remove-label', 'kind', 'remove-kind', 'sig', 'area', 'priority', 'triage', 'milestone', 'assign', 'unassign', 'cc', 'uncc',
  'lgtm', 'remove-lgtm', 'approve', 'remove-approve', 'hold', 'unhold', 'retitle', 'meow', 'meowvie', 'woof', 'cherrypick', 'cherry-pick',
  'close', 'reopen', 'lifecycle', 'remove-lifecycle', 'stage', 'help', 'good-first-issue', 'shrug', 'check-dco', 'verify-owners',
  'release-note-none', 'check-required-labels', 'auto-cc', 'this-is-fine', 'test', 'retest', 'retest-required', 'ok-to-test', 'e2e',
  'override', 'override-sticky', 'override-cancel', 'skip',
];

const fill = (unit: string, length = GITHUB_BODY_LIMIT) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** One command, then a whitespace run as long as the body allows, then a word: `/label a<spaces>b`. */
const spread = (cmd: string, run: number, ws = ' ') => `/${cmd} a${ws.repeat(Math.min(run, GITHUB_BODY_LIMIT - cmd.length - 4))}b`;

const SHAPES: Array<{ name: string; body: () => string }> = [
  // Sizes grow first, so a quadratic parser fails on a small case before it meets a 64 KiB one.
  ...[1_000, 4_000, 16_000].flatMap((n) => ['label', 'kind', 'milestone'].map((c) => ({ name: `/${c} a<${n} spaces>b`, body: () => spread(c, n) }))),
  ...COMMANDS.map((c) => ({ name: `/${c} a<64 KiB of spaces>b`, body: () => spread(c, GITHUB_BODY_LIMIT) })),
  { name: 'every command, each followed by 1,500 spaces', body: () => COMMANDS.map((c) => spread(c, 1_500)).join('\n') },
  { name: '/label a<tabs, CRs and form feeds>b', body: () => spread('label', GITHUB_BODY_LIMIT, '\t\r\f ') },
  { name: '/milestone<spaces and newlines to the end>', body: () => `/milestone${fill(' \n', GITHUB_BODY_LIMIT - 10)}` },
  { name: '/kind<blank lines to the end>', body: () => `/kind${fill('\r\n', GITHUB_BODY_LIMIT - 5)}` },
  { name: '/label a<non-breaking spaces>b', body: () => spread('label', GITHUB_BODY_LIMIT, '\u00a0') },
  ...COMMANDS.map((c) => ({ name: `thousands of /${c} lines`, body: () => fill(`/${c} a b\n`) })),
  { name: 'thousands of lines with trailing spaces', body: () => fill(`/kind bug${' '.repeat(50)}x\n`) },
  { name: 'thousands of unclosed <!--', body: () => fill('<!--') },
  { name: 'unclosed <!-- around commands', body: () => fill('<!-- /kind bug\n/label a\n') },
  { name: 'deeply nested > quotes', body: () => `${'>'.repeat(GITHUB_BODY_LIMIT - 12)} /lgtm /hold` },
  { name: 'nested quotes on every line', body: () => fill(`${'> '.repeat(40)}/approve\n`) },
  { name: 'lone surrogates', body: () => fill('\ud800/label a\udc00 /kind \udfff\n/meow \ud83d\n') },
  { name: 'unclosed release-note blocks', body: () => fill('```release-note x') },
  { name: 'release note headers without blocks', body: () => fill('Release note**:   <!-- x -->   ') },
  { name: 'unclosed code fences', body: () => fill('```\n/lgtm\n') },
  { name: 'issue-closing keywords without numbers', body: () => fill('fixes    a/b ') },
  { name: 'long words after /assign and /cc', body: () => `/assign ${'a'.repeat(30_000)}!\n/cc @${'b-'.repeat(15_000)}!` },
  { name: 'many mentions after /cc', body: () => `/cc${fill(' @a', GITHUB_BODY_LIMIT - 10)}!` },
  { name: 'one line of 64 KiB', body: () => fill('x') },
  { name: 'a body longer than GitHub allows', body: () => spread('label', 3 * GITHUB_BODY_LIMIT) },
];

describe('every plugin answers in linear time on bodies anyone can write', () => {
  it.each(SHAPES)('$name', ({ body }) => {
    expect(slowCalls(body())).toEqual([]);
  });

  it('and on random mixes of commands, whitespace, comments, quotes and surrogates', () => {
    const piece = fc.oneof(
      fc.constantFrom(...COMMANDS).map((c) => `/${c}`),
      fc.constantFrom(' ', '\t', '\r', '\n', '\r\n', '\f', '\v', '\u00a0', '\u2028'),
      fc.constantFrom('<!--', '-->', '>', '```', '```release-note', 'Release note**:', '@alice', 'a', 'bug', 'fixes #1', 'no-issue', 'cancel'),
      fc.constantFrom('\ud800', '\udc00', '\ud83d\ude00'),
      fc.string({ maxLength: 8 }),
    );
    // Each piece repeated: short pieces make long runs.
    const body = fc
      .array(fc.tuple(piece, fc.integer({ min: 1, max: 4000 })), { minLength: 1, maxLength: 24 })
      .map((parts) => parts.map(([p, n]) => p.repeat(n)).join('').slice(0, GITHUB_BODY_LIMIT));
    fc.assert(
      fc.property(body, fc.constantFrom('alice', 'mallory'), (b, actor) => {
        expect(slowCalls(b, actor)).toEqual([]);
      }),
      { numRuns: 40, seed: 20_260_821 },
    );
  });
});
