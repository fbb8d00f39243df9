import { applyEvent, compactVotes, initialState, MAX_CONTEXTS, MAX_OWN_LABEL_WRITES, MAX_VOTERS, recordFailures, recordOwnLabelWrites, type EntityState } from './pr-state.js';
import type { Vote } from './model.js';
import type { CommentEvent, PullRequestEvent, ReviewEvent, StatusEvent } from './event.js';

let n = 0;
const comment = (actor: string, body: string, over: Partial<CommentEvent> = {}): CommentEvent => ({
  kind: 'comment', action: 'created', deliveryId: `d${++n}`, actor, commentId: n, body, on: 'issue', at: `2026-01-01T00:00:${String(n % 60).padStart(2, '0')}Z`, ...over,
});
const review = (actor: string, reviewState: ReviewEvent['reviewState'], action: ReviewEvent['action'] = 'submitted'): ReviewEvent => ({
  kind: 'review', action, deliveryId: `d${++n}`, actor, reviewState, body: '',
});
const pr = (): EntityState => ({ ...initialState('o', 'r', 1, 'pr'), author: 'author', headSha: 'h1', loaded: true });
const fold = (events: Parameters<typeof applyEvent>[1][], s = pr(), opts: Parameters<typeof applyEvent>[2] = {}) => events.reduce((acc, e) => applyEvent(acc, e, opts), s);
const votesOf = (s: EntityState) => s.votes.map((v) => `${v.login}:${v.text}`);

describe('votes: the latest word per person counts, however much is written', () => {
  test('500 /remove-approve lines from an outsider leave an approval standing and store nothing', () => {
    const s = fold([comment('alice', '/approve'), comment('mallory', Array(500).fill('/remove-approve').join('\n'))]);
    expect(votesOf(s)).toEqual(['alice:/approve']);
  });

  test('a person’s later withdrawal removes their vote; a later approval brings it back', () => {
    expect(votesOf(fold([comment('alice', '/approve'), comment('alice', '/approve cancel')]))).toEqual([]);
    expect(votesOf(fold([comment('alice', '/approve'), comment('alice', '/remove-approve'), comment('alice', '/approve no-issue')]))).toEqual(['alice:/approve no-issue']);
  });

  test('approve and lgtm lines are kept apart, in order (lgtm may act as approve)', () => {
    const s = fold([comment('bob', '/lgtm'), comment('bob', '/approve'), comment('bob', '/lgtm cancel')]);
    expect(votesOf(s)).toEqual(['bob:/approve', 'bob:/lgtm cancel']);
  });

  test('a dismissed review uncovers the review before it; commented reviews never vote', () => {
    const s = fold([review('carol', 'approved'), review('carol', 'commented'), review('carol', 'approved'), review('carol', 'dismissed', 'dismissed')]);
    expect(votesOf(s)).toEqual(['carol:approved']);
    expect(votesOf(fold([review('dave', 'approved'), review('dave', 'dismissed', 'dismissed')]))).toEqual([]);
  });

  test('an edited comment votes with its new text; a deleted one no longer votes', () => {
    const c = comment('alice', '/approve');
    let s = fold([c]);
    s = applyEvent(s, { ...c, deliveryId: 'edit', action: 'edited', body: 'never mind' });
    expect(votesOf(s)).toEqual([]);
    s = applyEvent(s, { ...c, deliveryId: 'edit2', action: 'edited', body: '/approve' });
    expect(votesOf(s)).toEqual(['alice:/approve']);
    s = applyEvent(s, { ...c, deliveryId: 'del', action: 'deleted' });
    expect(votesOf(s)).toEqual([]);
  });

  test('thousands of voters: the most recent MAX_VOTERS are remembered, each with a bounded line', () => {
    const s = fold(Array.from({ length: 1000 }, (_, i) => comment(`user${i}`, `/approve ${'x'.repeat(10_000)}`)));
    expect(s.votes).toHaveLength(MAX_VOTERS);
    expect(s.votes.at(-1)!.login).toBe('user999');
    expect(Math.max(...s.votes.map((v) => v.text.length))).toBeLessThanOrEqual(200);
  });

  test('compactVotes keeps the order of what it keeps', () => {
    const v = (login: string, text: string, source: Vote['source'] = 'comment'): Vote => ({ login, text, source, at: '' });
    expect(compactVotes([v('a', '/approve'), v('b', 'approved', 'review'), v('a', '/lgtm')])).toEqual([v('a', '/approve'), v('b', 'approved', 'review'), v('a', '/lgtm')]);
  });
});

describe('applyEvent', () => {
  test('statuses on the head are kept, bounded in count and description', () => {
    const status = (context: string, sha = 'h1'): StatusEvent => ({ kind: 'status', action: 'status', deliveryId: `s${++n}`, actor: 'ci', sha, context, state: 'success', description: 'd'.repeat(500) });
    const s = fold([status('old', 'h0'), ...Array.from({ length: MAX_CONTEXTS + 50 }, (_, i) => status(`ctx${i}`))]);
    expect(Object.keys(s.contexts)).toHaveLength(MAX_CONTEXTS);
    expect(s.contexts.old).toBeUndefined();
    expect(s.contexts.ctx0!.description).toHaveLength(140);
  });

  test('commenters and deliveries are remembered, bounded', () => {
    const s = fold(Array.from({ length: 700 }, (_, i) => comment(`c${i}`, 'hi')));
    expect(s.commenters.length).toBeLessThanOrEqual(200);
    expect(s.recentDeliveries.length).toBe(500);
    expect(s.handled).toBe(700);
  });

  test('does not change its input', () => {
    const before = pr();
    const copy = structuredClone(before);
    applyEvent(before, comment('alice', '/approve'));
    expect(before).toEqual(copy);
  });

  test('recordFailures keeps the newest few, with reasons cut short', () => {
    let s = pr();
    for (let i = 0; i < 30; i++) s = recordFailures(s, `d${i}`, [{ plugin: 'p', reason: 'r'.repeat(2000) }]);
    expect(s.failures).toHaveLength(20);
    expect(s.failures[0]!.deliveryId).toBe('d10');
    expect(s.failures[0]!.reason).toHaveLength(500);
  });
});

describe('labels: what each label event changed, and the echo of Coxswain’s own writes', () => {
  const labelEvent = (action: 'labeled' | 'unlabeled', label: string, actor: string, labels: string[]): PullRequestEvent => ({
    kind: 'pull_request', action, deliveryId: `d${++n}`, actor, title: 't', author: 'author', headSha: 'h1', baseRef: 'main', draft: false, state: 'open', merged: false,
    labels, assignees: [], body: '', label,
  });
  const bot = (): EntityState => ({ ...pr(), botLogin: 'coxswain-bot' });
  const deltas = { labelDeltas: true };

  test('a late echo of the bot’s own label add does not undo the removal that followed it', () => {
    // /hold wrote +hold, /hold cancel wrote -hold; then both webhooks arrive, the add's list still holding it.
    let s = recordOwnLabelWrites({ ...bot(), labels: [] }, ['+hold', '-hold']);
    s = fold([labelEvent('labeled', 'hold', 'coxswain-bot', ['hold']), labelEvent('unlabeled', 'hold', 'coxswain-bot', [])], s, deltas);
    expect(s.labels).toEqual([]);
    expect(s.ownLabelWrites).toEqual([]);
  });

  test('before labelDeltas (recorded histories) the event’s list is taken as it was sent', () => {
    const s = fold([labelEvent('labeled', 'hold', 'coxswain-bot', ['hold'])], recordOwnLabelWrites({ ...bot(), labels: [] }, ['+hold', '-hold']));
    expect(s.labels).toEqual(['hold']);
  });

  test('a person’s label event applies what it changed, not a list that may be stale', () => {
    const s = fold([labelEvent('labeled', 'kind/bug', 'alice', ['kind/bug', 'lgtm'])], { ...bot(), labels: ['approved'] }, deltas);
    expect(s.labels).toEqual(['approved', 'kind/bug']);
  });

  test('a bot label event that Coxswain did not write (Prow, same account) still counts', () => {
    const s = fold([labelEvent('labeled', 'lgtm', 'coxswain-bot', ['lgtm'])], { ...bot(), labels: [], ownLabelWrites: ['+hold'] }, deltas);
    expect(s.labels).toEqual(['lgtm']);
    expect(s.ownLabelWrites).toEqual(['+hold']);
  });

  test('writes waiting for their echo are bounded', () => {
    const s = recordOwnLabelWrites(bot(), Array.from({ length: 3 * MAX_OWN_LABEL_WRITES }, (_, i) => `+l${i}`));
    expect(s.ownLabelWrites).toHaveLength(MAX_OWN_LABEL_WRITES);
    expect(s.ownLabelWrites!.at(-1)).toBe(`+l${3 * MAX_OWN_LABEL_WRITES - 1}`);
  });
});

test('with labelDeltas, the label list of a late non-label event (review requested before /kind bug landed) changes nothing', () => {
  const late: PullRequestEvent = {
    kind: 'pull_request', action: 'review_requested', deliveryId: 'late-1', actor: 'coxswain-bot', title: 't', author: 'author', headSha: 'h1', baseRef: 'main',
    draft: false, state: 'open', merged: false, labels: ['size/XS'], assignees: [], body: '',
  };
  const s = applyEvent({ ...pr(), botLogin: 'coxswain-bot', labels: ['kind/bug', 'size/XS'] }, late, { labelDeltas: true });
  expect(s.labels).toEqual(['kind/bug', 'size/XS']);
  expect(applyEvent({ ...pr(), labels: ['kind/bug', 'size/XS'] }, late).labels).toEqual(['size/XS']);
});
