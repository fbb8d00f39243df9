import { readFileSync } from 'node:fs';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import type { EventPlan } from '../../src/activities/plan-event.js';
import { replayAndCapture } from '../../src/cli/replay-capture.js';
import { quietRuntime } from '../support/temporal.js';

quietRuntime();

// `coxswain replay` reads a recorded history through today's workflow code: the planner's input
// (PR state and event, which a local activity's marker does not hold) and its recorded result,
// decoded; and whether the code still replays the history at all.

const dir = new URL('../histories/', import.meta.url);
const raw = () => JSON.parse(readFileSync(new URL('pr-planned.json', dir), 'utf8'));

test('a recorded history gives each planner call with its input and the decision it recorded', async () => {
  const [run, ...rest] = await replayAndCapture([{ workflowId: 'pr/demo/hello/1', history: historyFromJSON(raw()) }]);
  expect(rest).toEqual([]);
  expect(run!.nondeterminism).toBeUndefined();
  expect(run!.workflowId).toBe('pr/demo/hello/1');
  const events = run!.plans.map((p) => p.input.event);
  expect(events.map((e) => (e.kind === 'comment' ? `${e.actor}: ${e.body}` : e.kind))).toEqual(['carol: /hold', 'alice: /lgtm', 'carol: /cc @bob', 'mallory: /lgtm', 'carol: /hold cancel']);
  // The state is the PR as the workflow had it before each event: the hold label only after /hold.
  expect(run!.plans[0]!.input.state).toMatchObject({ owner: 'demo', repo: 'hello', number: 1 });
  expect(run!.plans[0]!.input.state.labels).not.toContain('do-not-merge/hold');
  expect(run!.plans[4]!.input.state.labels).toContain('do-not-merge/hold');
  const first = run!.plans[0]!.recorded as EventPlan;
  expect(first.actions).toEqual([{ type: 'addLabels', labels: ['do-not-merge/hold'] }]);
  expect(first.requirements.queries.length).toBeGreaterThan(0);
  expect((run!.plans[4]!.recorded as EventPlan).actions).toEqual([{ type: 'removeLabel', label: 'do-not-merge/hold' }]);
});

test('a history the current code no longer replays is reported with what it broke on, among ones that replay', async () => {
  // As in replay.int.test.ts: a changed start input sends today's code down another path.
  const broken = JSON.parse(readFileSync(new URL('pr-basic.json', dir), 'utf8'));
  const payload = broken.events[0].workflowExecutionStartedEventAttributes.input.payloads[0];
  const input = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8'));
  payload.data = Buffer.from(JSON.stringify({ ...input, maxHistoryEvents: 1 })).toString('base64');
  const runs = await replayAndCapture([
    { workflowId: 'pr/demo/broken/1', history: historyFromJSON(broken) },
    { workflowId: 'pr/demo/hello/1', history: historyFromJSON(raw()) },
  ]);
  expect(runs.map((r) => r.workflowId)).toEqual(['pr/demo/broken/1', 'pr/demo/hello/1']);
  expect(runs[0]!.nondeterminism).toMatch(/^\[TMPRL1100\] Nondeterminism error: /);
  expect(runs[0]!.nondeterminism).not.toContain('\n');
  expect(runs[1]!.nondeterminism).toBeUndefined();
  expect(runs[1]!.plans).toHaveLength(5);
});
