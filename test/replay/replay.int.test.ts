import { readdirSync, readFileSync } from 'node:fs';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { bundlePath, quietRuntime } from '../support/temporal.js';

quietRuntime();

// Histories recorded from real runs (scripts/record-histories.ts). Workflows that are running in
// production have histories like these: if today's workflow code cannot replay them, deploying it
// would break those workflows. A failure here means: guard the change with `patched()`.
const dir = new URL('../histories/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

test('there are recorded histories to replay: before plugins, one that continued as new, one with plugins at work', () => {
  expect(files).toEqual(expect.arrayContaining(['pr-basic.json', 'pr-continued-as-new.json', 'pr-plugins.json']));
  const plugins = JSON.parse(readFileSync(new URL('pr-plugins.json', dir), 'utf8'));
  const activities = plugins.events.filter((e: { eventType: string }) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED');
  expect(activities.map((e: any) => e.activityTaskScheduledEventAttributes.activityType.name)).toEqual(
    expect.arrayContaining(['loadEntity', 'addLabels', 'removeLabel']),
  );
  const continued = JSON.parse(readFileSync(new URL('pr-continued-as-new.json', dir), 'utf8'));
  const types = continued.events.map((e: { eventType: string }) => e.eventType);
  expect(types.at(-1)).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW');
});

test("since 'patches-at-start-v1' a run asks every patch before its first local activity", () => {
  const h = JSON.parse(readFileSync(new URL('pr-patches-at-start.json', dir), 'utf8'));
  const markers = h.events.flatMap((e: any) => (e.markerRecordedEventAttributes ? [e.markerRecordedEventAttributes] : []));
  const firstActivity = markers.findIndex((m: any) => m.markerName === 'core_local_activity');
  const patches = markers.map((m: any, i: number) => ({ i, m })).filter(({ m }: any) => m.markerName === 'core_patch');
  expect(patches.length).toBeGreaterThanOrEqual(8);
  expect(patches.every(({ i }: { i: number }) => i < firstActivity)).toBe(true);
});

test('a history with signals named for what happened and a command from a script', () => {
  const named = JSON.parse(readFileSync(new URL('pr-named-signals.json', dir), 'utf8'));
  const signals = named.events.flatMap((e: any) => (e.workflowExecutionSignaledEventAttributes ? [e.workflowExecutionSignaledEventAttributes.signalName] : []));
  expect(signals).toEqual(['command:/hold', 'command:/lgtm']);
  expect(named.events.some((e: any) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'command')).toBe(true);
});

test('the job histories show a presubmit started by the PR and run to success', () => {
  const pr = JSON.parse(readFileSync(new URL('pr-jobs.json', dir), 'utf8'));
  expect(pr.events.map((e: { eventType: string }) => e.eventType)).toContain('EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED');
  const job = JSON.parse(readFileSync(new URL('job-presubmit.json', dir), 'utf8'));
  const scheduled = job.events.filter((e: { eventType: string }) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED');
  expect(scheduled.map((e: any) => e.activityTaskScheduledEventAttributes.activityType.name)).toEqual(['prepareJobRun', 'runJob']);
  expect(job.events.at(-1).eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');
});

test('the Tide histories show a PR telling its merge pool, and the pool reading GitHub, writing the tide status and merging', () => {
  const markers = (h: { events: any[] }) =>
    h.events
      .filter((e) => e.eventType === 'EVENT_TYPE_MARKER_RECORDED' && e.markerRecordedEventAttributes.details?.data)
      .map((e) => JSON.parse(Buffer.from(e.markerRecordedEventAttributes.details.data.payloads[0].data, 'base64').toString('utf8')).activity_type);
  const pr = JSON.parse(readFileSync(new URL('pr-tide.json', dir), 'utf8'));
  expect(markers(pr)).toContain('notifyMergePool');
  const pool = JSON.parse(readFileSync(new URL('tide-pool.json', dir), 'utf8'));
  const scheduled = pool.events.filter((e: { eventType: string }) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED').map((e: any) => e.activityTaskScheduledEventAttributes.activityType.name);
  expect(scheduled).toEqual(['listPoolPrs', 'merge']);
  expect(markers(pool)).toEqual(expect.arrayContaining(['tideSetup', 'branchHead', 'createStatus', 'poolAction']));
});

test.each(files)('%s replays on the current workflow code', async (file) => {
  const history = historyFromJSON(JSON.parse(readFileSync(new URL(file, dir), 'utf8')));
  await expect(
    Worker.runReplayHistory({ workflowBundle: { codePath: bundlePath() } }, history, `replay-${file}`),
  ).resolves.toBeUndefined();
});

test('replay catches a workflow change that would break running histories', async () => {
  // Rewrite the recorded input so today's code takes another path on the first task (it would
  // continue as new at once instead of upserting and waiting): replay must refuse. This proves the
  // test above can fail.
  const raw = JSON.parse(readFileSync(new URL('pr-basic.json', dir), 'utf8'));
  const payload = raw.events[0].workflowExecutionStartedEventAttributes.input.payloads[0];
  const input = JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8'));
  payload.data = Buffer.from(JSON.stringify({ ...input, maxHistoryEvents: 1 })).toString('base64');
  await expect(
    Worker.runReplayHistory({ workflowBundle: { codePath: bundlePath() } }, historyFromJSON(raw), 'replay-broken'),
  ).rejects.toThrow(DeterminismViolationError);
});
