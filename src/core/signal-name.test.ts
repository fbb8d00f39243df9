import type { GithubEvent } from './event.js';
import { eventSignalName, firstCommand, isEventSignalName } from './signal-name.js';

const comment = (body: string, action: 'created' | 'edited' | 'deleted' = 'created') => ({ kind: 'comment', action, body, commentId: 1, on: 'issue', deliveryId: 'd', actor: 'a' }) as GithubEvent;

test('a comment is named for its first command, or plainly a comment', () => {
  expect(eventSignalName(comment('/lgtm'))).toBe('command:/lgtm');
  expect(eventSignalName(comment('thanks!\n\n  /Retest-Required please\n/lgtm'))).toBe('command:/retest-required');
  expect(eventSignalName(comment('see /path/to/file and http://x/y'))).toBe('comment:created');
  expect(eventSignalName(comment('/lgtm', 'deleted'))).toBe('comment:deleted');
  expect(eventSignalName(comment('/lgtm', 'edited'))).toBe('command:/lgtm');
});

test('other events are named for what happened, with anyone-written parts cleaned and bounded', () => {
  expect(eventSignalName({ kind: 'review', action: 'submitted', reviewState: 'approved' } as GithubEvent)).toBe('review:approved');
  expect(eventSignalName({ kind: 'pull_request', action: 'labeled' } as GithubEvent)).toBe('pull_request:labeled');
  expect(eventSignalName({ kind: 'status', action: 'status', context: 'ci/x <script>' + 'y'.repeat(500) } as GithubEvent)).toMatch(/^status:ci\/x_script_y+$/);
  expect(eventSignalName({ kind: 'status', action: 'status', context: 'z'.repeat(500) } as GithubEvent).length).toBe('status:'.length + 60);
  expect(eventSignalName({ kind: 'push', action: 'push' } as unknown as GithubEvent)).toBe('push');
});

test('a hostile comment is scanned within bounds: long lines and many lines', () => {
  expect(firstCommand(`${'x'.repeat(1_000_000)}\n/hold`)).toBe('/hold');
  expect(firstCommand(`${'\n'.repeat(500)}/hold`)).toBeUndefined();
  expect(firstCommand(`/${'a'.repeat(100)}`)).toBeUndefined();
});

test('the workflow takes every event name and the old single name, nothing else', () => {
  for (const n of ['githubEvent', 'command:/lgtm', 'comment:created', 'push', 'review:approved', 'status:tide']) expect(isEventSignalName(n)).toBe(true);
  for (const n of ['poolPr', 'abortJob', 'commander', 'pushy', '']) expect(isEventSignalName(n)).toBe(false);
});
