import { keepNewest } from './kube-api.js';
import { podStatus } from './kubernetes.js';
import { gitResourceSpec, pipelineRunStatus, selectPipelineRunSpec } from './tekton.js';

// The corners of the status mappings the integration test (a real apiserver) does not reach.

describe('podStatus', () => {
  test('Succeeded with a container that did not exit 0 is an error, as Prow double-checks', () => {
    const pod = {
      spec: { nodeName: 'n', containers: [] },
      status: { phase: 'Succeeded', containerStatuses: [{ name: 'a', image: 'i', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 1 } } }] },
    };
    expect(podStatus(pod as never)).toEqual({ state: 'error', description: "Pod was in succeeded phase but some containers didn't finish", started: true });
  });
  test('an unscheduled pending pod is pending and not started; a pod being deleted before the end is an error', () => {
    expect(podStatus({ status: { phase: 'Pending' } })).toEqual({ state: 'pending', description: 'Job triggered.', started: false });
    expect(podStatus({ metadata: { deletionTimestamp: new Date() }, status: { phase: 'Running' } })).toMatchObject({ state: 'error', description: 'Pod got deleted unexpectedly' });
  });
});

describe('pipelineRunStatus (Prow pipeline controller prowJobStatus)', () => {
  test('no condition: pending "scheduling", or error "missing end condition" once completed', () => {
    expect(pipelineRunStatus({})).toEqual({ state: 'pending', description: 'scheduling', started: false });
    expect(pipelineRunStatus({ status: { completionTime: 'x' } })).toMatchObject({ state: 'error', description: 'missing end condition' });
  });
  test('descriptions fall back from message to reason to Prow words', () => {
    const cond = (c: object, extra: object = {}) => pipelineRunStatus({ status: { conditions: [{ type: 'Succeeded', ...c }], ...extra } });
    expect(cond({ status: 'Unknown' })).toMatchObject({ state: 'pending', description: 'initializing' });
    expect(cond({ status: 'Unknown' }, { startTime: 't' })).toMatchObject({ state: 'pending', description: 'running', started: true });
    expect(cond({ status: 'True' })).toMatchObject({ state: 'success', description: 'succeeded' });
    expect(cond({ status: 'False', reason: 'PipelineRunTimeout' })).toMatchObject({ state: 'failure', description: 'PipelineRunTimeout' });
    expect(cond({ status: 'False', reason: 'PipelineRunCancelled' })).toMatchObject({ state: 'aborted', description: 'PipelineRunCancelled' });
    expect(cond({ status: 'False', reason: 'StoppedRunFinally' })).toMatchObject({ state: 'aborted' });
  });
});

describe('Prow git resource and spec selection', () => {
  test('revision: first pull SHA, else pull/N/head, else base SHA, else base ref', () => {
    const refs = { org: 'o', repo: 'r', base_ref: 'main', base_sha: '' };
    const rev = (r: object) => (gitResourceSpec({ ...refs, ...r }).params as { name: string; value: string }[])[1]!.value;
    expect(rev({ pulls: [{ number: 3, author: 'a', sha: 's', title: '', head_ref: '' }] })).toBe('s');
    expect(rev({ pulls: [{ number: 3, author: 'a', sha: '', title: '', head_ref: '' }] })).toBe('pull/3/head');
    expect(rev({ base_sha: 'b' })).toBe('b');
    expect(rev({})).toBe('main');
  });
  test('tekton_pipeline_run_spec.v1 before .v1beta1 before pipeline_run_spec', () => {
    expect(selectPipelineRunSpec({ pipeline_run_spec: 1, tekton_pipeline_run_spec: { v1: 2, v1beta1: 3 } })).toEqual({ spec: 2, version: 'v1' });
    expect(selectPipelineRunSpec({ pipeline_run_spec: 1, tekton_pipeline_run_spec: { v1beta1: 3 } })).toEqual({ spec: 3, version: 'v1beta1' });
    expect(selectPipelineRunSpec({ pipeline_run_spec: 1 })).toEqual({ spec: 1, version: 'v1beta1' });
    expect(selectPipelineRunSpec({})).toBeUndefined();
  });
});

test('keepNewest keeps the last bytes and never starts inside a character', () => {
  expect(keepNewest('abcdef', 3)).toBe('def');
  expect(keepNewest('aé', 1)).toBe('');
  expect(keepNewest('aé', 2)).toBe('é');
  expect(keepNewest('short', 100)).toBe('short');
});
