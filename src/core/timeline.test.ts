import { describeAction, timelineOf, type HistoryItem } from './timeline.js';

const at = '2026-12-05T10:00:00.000Z';

test('events say what arrived and who gave it; commands from scripts are marked; decisions list the actions', () => {
  const items: HistoryItem[] = [
    { at, type: 'signal', name: 'githubEvent', input: { kind: 'comment', action: 'created', actor: 'carol', deliveryId: 'd1', body: '\n/lgtm\nthanks' } },
    { at, type: 'activity', name: 'pluginSetup', result: {} },
    { at, type: 'activity', name: 'planEvent', result: { actions: [{ type: 'addLabels', labels: ['lgtm'] }, { type: 'comment', body: 'LGTM label has been added.\n<details>' }], failures: [{ plugin: 'approve', reason: 'OWNERS unreadable' }] } },
    { at, type: 'activity', name: 'addLabels', result: null },
    { at, type: 'activity', name: 'createComment', failed: 'Validation Failed\nmore' },
    { at, type: 'update', name: 'command', input: { body: '/hold', as: 'alice' } },
    // The event the update enqueued is the update's entry, not a second one.
    { at, type: 'signal', name: 'githubEvent', input: { kind: 'comment', action: 'created', actor: 'alice', deliveryId: 'cli/1', body: '/hold' } },
    { at, type: 'signal', name: 'githubEvent', input: { kind: 'status', action: 'status', actor: 'bot', deliveryId: 'd2', context: 'tide', state: 'pending' } },
    { at, type: 'continued' },
  ];
  expect(timelineOf(items).map((t) => [t.kind, t.text, t.who])).toEqual([
    ['event', 'comment created: /lgtm', 'carol'],
    ['decision', '+label lgtm; comment "LGTM label has been added."', undefined],
    ['failed', 'approve: OWNERS unreadable', undefined],
    ['did', 'addLabels', undefined],
    ['failed', 'createComment: Validation Failed', undefined],
    ['command', '/hold (from a script)', 'alice'],
    ['event', 'status tide pending', 'bot'],
    ['continued', 'continued as new (earlier history is in the previous run)', undefined],
  ]);
});

test('long or hostile text is cut to one short line; the newest entries are kept', () => {
  const body = `/retitle ${'x'.repeat(10_000)}`;
  const many: HistoryItem[] = Array.from({ length: 20 }, (_, i) => ({ at, type: 'signal', name: 'githubEvent', input: { kind: 'comment', action: 'created', actor: `u${i}`, deliveryId: `d${i}`, body } }));
  const t = timelineOf(many, 5);
  expect(t.map((x) => x.who)).toEqual(['u15', 'u16', 'u17', 'u18', 'u19']);
  expect(t[0]!.text.length).toBeLessThan(100);
  expect(timelineOf([{ at, type: 'signal', name: 'githubEvent', input: null }])).toEqual([{ at, kind: 'event', text: 'signal githubEvent' }]);
});

test('every action reads as a few words', () => {
  expect(describeAction({ type: 'removeLabel', label: 'lgtm' })).toBe('-label lgtm');
  expect(describeAction({ type: 'assign', logins: ['a', 'b'] })).toBe('assign a, b');
  expect(describeAction({ type: 'runJobs', jobs: ['unit'] })).toBe('run unit');
  expect(describeAction({ type: 'setMilestone', milestone: null })).toBe('clear milestone');
  expect(describeAction({ type: 'close', reason: 'not_planned' })).toBe('close');
});
