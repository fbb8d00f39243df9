import { ActivityFailure, ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { initialState, type EntityState } from '../core/pr-state.js';
import type { Action, ReplyTo } from '../core/model.js';
import { cherryPickReplies } from '../plugins/cherrypick.js';
import { executeAction, MAX_ASSIGNEES, MAX_REVIEW_REQUEST, type ExecutorDeps } from './execute-action.js';

// The action executor against a plain-object fake of the GitHub activities: which calls it makes,
// and how the PR's state follows what GitHub accepted.

type Call = [string, ...unknown[]];
const refusal = (what: string) => new ActivityFailure('Activity task failed', what, '1', 'NON_RETRYABLE_FAILURE', 'test', ApplicationFailure.nonRetryable(`${what}: GitHub answered 422`, 'Github422'));

function fake(opts: { refuse?: (name: string, args: unknown[]) => boolean; assignable?: (login: string) => boolean; patched?: boolean; local?: boolean } = {}) {
  const calls: Call[] = [];
  let nextId = 100;
  const record = (name: string) => async (...args: unknown[]) => {
    calls.push([name, ...args]);
    // A local activity's failure reaches the workflow unwrapped (temporalio/sdk-core#449).
    if (opts.refuse?.(name, args)) throw opts.local ? refusal(name).cause : refusal(name);
    switch (name) {
      case 'createComment':
        return { id: nextId++ };
      case 'addAssignees':
        return { assignees: (args[1] as string[]).filter(opts.assignable ?? (() => true)) };
      case 'removeAssignees':
        return { assignees: [] };
      default:
        return undefined;
    }
  };
  const names = ['addLabels', 'removeLabel', 'createComment', 'editComment', 'deleteComment', 'addAssignees', 'removeAssignees', 'requestReviewers', 'removeRequestedReviewers', 'setIssueState', 'setTitle', 'setMilestone', 'addReaction', 'createStatus', 'createReview', 'deleteBranch'];
  const gh = Object.fromEntries(names.map((n) => [n, record(n)])) as unknown as ExecutorDeps['gh'];
  const cherryPick = record('cherryPick') as unknown as ExecutorDeps['cherryPick'];
  const deps: ExecutorDeps = { gh, cherryPick, patched: () => opts.patched ?? true, log: { info: () => undefined, warn: () => undefined } };
  return { deps, calls };
}

const pr = (over: Partial<EntityState> = {}): EntityState => ({ ...initialState('o', 'r', 1, 'pr'), author: 'author', headSha: 'h', ...over });
const replyTo: ReplyTo = { login: 'carol', body: '/cc', url: 'https://github.com/o/r/pull/1#issuecomment-1' };
const run = async (f: ReturnType<typeof fake>, a: Action, s = pr()) => executeAction(f.deps, s, a, 'footer');
const logins = (n: number) => Array.from({ length: n }, (_, i) => `user${i}`);

test.each<[string, Action, Partial<EntityState>, Call[], Partial<EntityState>]>([
  ['adds only labels not there yet', { type: 'addLabels', labels: ['a', 'b'] }, { labels: ['a'] }, [['addLabels', { owner: 'o', repo: 'r', number: 1 }, ['b']]], { labels: ['a', 'b'], ownLabelWrites: ['+b'] }],
  ['adds nothing when all are there', { type: 'addLabels', labels: ['a'] }, { labels: ['a'] }, [], { labels: ['a'] }],
  ['removes a label', { type: 'removeLabel', label: 'a' }, { labels: ['a', 'b'] }, [['removeLabel', { owner: 'o', repo: 'r', number: 1 }, 'a']], { labels: ['b'], ownLabelWrites: ['-a'] }],
  ['closes', { type: 'close', reason: 'not_planned' }, {}, [['setIssueState', { owner: 'o', repo: 'r', number: 1 }, 'closed', 'not_planned']], { state: 'closed' }],
  ['sets the title', { type: 'setTitle', title: 'T' }, {}, [['setTitle', { owner: 'o', repo: 'r', number: 1 }, 'T']], { title: 'T' }],
  ['remembers and forgets without GitHub', { type: 'remember', key: 'k', value: null }, { memory: { k: 'v', j: 'w' } }, [], { memory: { j: 'w' } }],
])('%s', async (_name, action, before, calls, after) => {
  const f = fake();
  const s = await run(f, action, pr(before));
  expect(f.calls).toEqual(calls);
  expect(s).toMatchObject(after);
});

test('/cc for many people is one request for at most MAX_REVIEW_REQUEST; the rest are answered as refused', async () => {
  const f = fake();
  const s = await run(f, { type: 'requestReview', logins: logins(40), refusalReply: replyTo });
  const requests = f.calls.filter((c) => c[0] === 'requestReviewers');
  expect(requests).toEqual([['requestReviewers', { owner: 'o', repo: 'r', number: 1 }, logins(MAX_REVIEW_REQUEST), []]]);
  expect(s.requestedReviewers).toHaveLength(MAX_REVIEW_REQUEST);
  const [reply] = f.calls.filter((c) => c[0] === 'createComment');
  expect(reply![2]).toContain(`@carol: GitHub didn't allow me to request PR reviews from the following users: ${logins(40).slice(MAX_REVIEW_REQUEST).join(', ')}.`);
});

test('only when GitHub refuses the whole request is each reviewer asked on their own', async () => {
  const f = fake({ refuse: (name, args) => name === 'requestReviewers' && ((args[1] as string[]).length > 1 || (args[1] as string[])[0] === 'bad') });
  const s = await run(f, { type: 'requestReview', logins: ['good', 'bad', 'fine'], teams: [], refusalReply: replyTo });
  expect(f.calls.filter((c) => c[0] === 'requestReviewers').map((c) => c[2])).toEqual([['good', 'bad', 'fine'], ['good'], ['bad'], ['fine']]);
  expect(s.requestedReviewers).toEqual(['fine', 'good']);
  expect(f.calls.find((c) => c[0] === 'createComment')![2]).toContain('following users: bad.');
});

test('histories recorded before batching ask one by one (replay)', async () => {
  const f = fake({ patched: false });
  await run(f, { type: 'requestReview', logins: ['a', 'b'] });
  expect(f.calls.map((c) => c[2])).toEqual([['a'], ['b']]);
});

test('/assign for many people is one request for at most MAX_ASSIGNEES; the rest are answered as refused', async () => {
  const f = fake({ assignable: (l) => l !== 'user3' });
  const s = await run(f, { type: 'assign', logins: logins(25), refusalReply: replyTo });
  expect(f.calls.filter((c) => c[0] === 'addAssignees')).toEqual([['addAssignees', { owner: 'o', repo: 'r', number: 1 }, logins(MAX_ASSIGNEES)]]);
  expect(s.assignees).toHaveLength(MAX_ASSIGNEES - 1);
  const refused = ['user3', ...logins(25).slice(MAX_ASSIGNEES)];
  expect(f.calls.find((c) => c[0] === 'createComment')![2]).toContain(`GitHub didn't allow me to assign the following users: ${refused.join(', ')}.`);
});

test('a tagged comment is filed under its tag, newest 20 kept', async () => {
  const f = fake();
  let s = pr();
  for (let i = 0; i < 25; i++) s = await run(f, { type: 'comment', body: `notice ${i}`, tag: 'lgtm-removed' }, s);
  expect(s.botComments['lgtm-removed']).toEqual(Array.from({ length: 20 }, (_, i) => 105 + i));
});

test('remembered values are bounded in number and size', async () => {
  const f = fake();
  let s = pr();
  for (let i = 0; i < 60; i++) s = await run(f, { type: 'remember', key: `k${i}`, value: 'v'.repeat(5000) }, s);
  expect(Object.keys(s.memory)).toHaveLength(50);
  expect(s.memory.k0).toHaveLength(1024);
});

test('a write GitHub refuses leaves the state as it was and does not throw', async () => {
  const f = fake({ refuse: (name) => name === 'addLabels' });
  const before = pr({ labels: ['x'] });
  expect(await run(f, { type: 'addLabels', labels: ['y'] }, before)).toEqual(before);
});

describe('one policy for refusals, whichever way the activity ran', () => {
  test.each([false, true])('GitHub refusing a write (local activity: %s) is logged and the next action goes on', async (local) => {
    const f = fake({ local, refuse: (name) => name === 'addLabels' });
    const s = await run(f, { type: 'addLabels', labels: ['a'] });
    expect(s.labels).toEqual([]);
    const after = await run(f, { type: 'removeLabel', label: 'b' }, pr({ labels: ['b'] }));
    expect(after.labels).toEqual([]);
  });

  test.each([false, true])('a refused /cc (local activity: %s) is answered in Prow\'s words', async (local) => {
    const f = fake({ local, refuse: (name) => name === 'requestReviewers' });
    await run(f, { type: 'requestReview', logins: ['frank'], refusalReply: replyTo });
    const [reply] = f.calls.filter((c) => c[0] === 'createComment');
    expect(String(reply?.[2])).toContain("GitHub didn't allow me to request PR reviews from the following users: frank.");
  });

  test('cancellation is not a refusal: it propagates', async () => {
    const f = fake();
    f.deps.gh.addLabels = async () => {
      throw new CancelledFailure('cancelled');
    };
    await expect(run(f, { type: 'addLabels', labels: ['a'] })).rejects.toBeInstanceOf(CancelledFailure);
  });
});

describe('replies are the plugin\'s words, filled in with the outcome', () => {
  const replies = cherryPickReplies(7, 'release-1.0');

  test('a refused assignment is answered with the plugin\'s text and the refused logins', async () => {
    const f = fake({ assignable: (l) => l !== 'frank' });
    await run(f, { type: 'assign', logins: ['bob', 'frank'], refusalReply: replyTo, refusalText: 'no: {{logins}}!' });
    const [reply] = f.calls.filter((c) => c[0] === 'createComment');
    expect(String(reply?.[2])).toMatch(/^@carol: no: frank!\n/);
  });

  test.each<[string, (name: string) => boolean, (f: ReturnType<typeof fake>) => void, string]>([
    ['a new PR', () => false, (f) => (f.deps.cherryPick = (async () => ({ number: 12, url: 'u', existing: false })) as never), 'new pull request created: #12'],
    ['an earlier PR', () => false, (f) => (f.deps.cherryPick = (async () => ({ number: 12, url: 'https://x/pull/12', existing: true })) as never), 'Looks like #7 has already been cherry picked in https://x/pull/12'],
    ['a conflict', (n) => n === 'cherryPick', () => undefined, ''],
  ])('cherry-pick: %s', async (_name, refuse, setup, want) => {
    const f = fake({ refuse });
    setup(f);
    if (want === '') {
      f.deps.cherryPick = (async () => {
        throw new ActivityFailure('Activity task failed', 'cherryPick', '1', 'NON_RETRYABLE_FAILURE', 'test', ApplicationFailure.nonRetryable('a.txt: patch does not apply', 'CherryPickConflict'));
      }) as never;
      want = '#7 failed to apply on top of branch "release-1.0":\n```\na.txt: patch does not apply\n```';
    }
    await run(f, { type: 'cherryPick', targetBranch: 'release-1.0', title: 't', body: 'b', requester: 'carol', replies });
    const [reply] = f.calls.filter((c) => c[0] === 'createComment');
    expect(reply?.[2]).toBe(`In response to a cherrypick label: ${want}`);
  });
});

describe('updateConfigMaps (config-updater)', () => {
  const action: Action = {
    type: 'updateConfigMaps',
    sha: 'abc',
    maps: [
      { cluster: 'default', namespace: 'prow', name: 'config', updates: [{ key: 'config.yaml', file: 'prow/config.yaml' }], summary: 'SUMMARY-config' },
      { cluster: 'default', namespace: 'prow', name: 'plugins', updates: [{ key: 'plugins.yaml' }], summary: 'SUMMARY-plugins' },
    ],
    replyTo: { login: 'author', body: 'the PR', url: 'https://github.com/o/r/pull/1' },
    replies: { one: 'Updated the {{summary}}', many: 'Updated the following {{count}} configmaps:\n{{list}}', item: ' * {{summary}}\n' },
  };
  const withConfigMaps = (f: ReturnType<typeof fake>, refuse: (name: string) => boolean = () => false) => {
    f.deps.deliveryId = 'd1';
    f.deps.updateConfigMap = (async (r: unknown, req: { name: string }) => {
      f.calls.push(['updateConfigMap', r, req]);
      if (refuse(req.name)) throw new ActivityFailure('Activity task failed', 'updateConfigMap', '1', 'NON_RETRYABLE_FAILURE', 'test', ApplicationFailure.nonRetryable('config-updater needs a Kubernetes cluster', 'NoCluster'));
      return { created: false, set: [], deleted: [] };
    }) as unknown as ExecutorDeps['updateConfigMap'];
    return f;
  };

  test('writes each ConfigMap at the merge commit, then one reply listing them', async () => {
    const f = withConfigMaps(fake());
    await run(f, action);
    expect(f.calls.map((c) => c[0])).toEqual(['updateConfigMap', 'updateConfigMap', 'createComment']);
    expect(f.calls[0]).toEqual(['updateConfigMap', { owner: 'o', repo: 'r' }, { cluster: 'default', namespace: 'prow', name: 'config', updates: [{ key: 'config.yaml', file: 'prow/config.yaml' }], sha: 'abc' }]);
    expect(f.calls[2]![2]).toMatch(/^@author: Updated the following 2 configmaps:\n \* SUMMARY-config\n \* SUMMARY-plugins\n\n\n<details>\n\nIn response to \[this\]\(https:\/\/github.com\/o\/r\/pull\/1\):\n\n>the PR\n/);
  });

  test('a ConfigMap that could not be written is the plugin failure; the reply names only the written one', async () => {
    const f = withConfigMaps(fake(), (name) => name === 'plugins');
    const s = await run(f, action);
    expect(s.failures).toEqual([{ deliveryId: 'd1', plugin: 'config-updater', reason: 'configmap plugins in namespace prow at cluster default: config-updater needs a Kubernetes cluster' }]);
    expect(f.calls.at(-1)![2]).toMatch(/^@author: Updated the SUMMARY-config\n/);
  });

  test('none written: failures, no reply', async () => {
    const f = withConfigMaps(fake(), () => true);
    const s = await run(f, action);
    expect(s.failures).toHaveLength(2);
    expect(f.calls.filter((c) => c[0] === 'createComment')).toEqual([]);
  });

  test('where no activity writes ConfigMaps, the action is recorded as failed', async () => {
    const f = fake();
    const s = await run(f, action);
    expect(s.failures?.[0]?.reason).toContain('ConfigMaps cannot be written from here');
    expect(f.calls).toEqual([]);
  });
});
