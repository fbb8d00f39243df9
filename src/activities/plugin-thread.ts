// The thread plugin code runs in (see plugin-sandbox.ts). It only computes: plugins are pure, so
// they get their inputs in a message and answer in one. Before each call it writes the call's
// index to shared memory, so the parent knows which plugin is running if the thread must be killed.
import { parentPort, workerData } from 'node:worker_threads';
import { loadPluginModules, type AnyPlugin } from './plugin-modules.js';
import { PLUGINS } from '../plugins/index.js';
import type { SandboxCall, SandboxReply, SandboxRequest } from './plugin-sandbox.js';

const data = workerData as { progress: SharedArrayBuffer; pluginModules: string[] };
const progress = new Int32Array(data.progress);
const registry = new Map<string, AnyPlugin>(PLUGINS.map((p) => [p.name, p]));
const ready = loadPluginModules(data.pluginModules).then((extra) => {
  for (const p of extra) registry.set(p.name, p);
});

function run(call: SandboxCall): SandboxReply['results'][number] {
  const plugin = registry.get(call.plugin);
  if (!plugin) return { error: `plugin ${call.plugin} is not loaded in the sandbox` };
  const fn = plugin[call.op] as ((input: unknown) => unknown) | undefined;
  if (typeof fn !== 'function') return { value: [] };
  try {
    return { value: fn.call(plugin, call.input) };
  } catch (err) {
    return { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

parentPort!.on('message', async (req: SandboxRequest) => {
  await ready;
  const results: SandboxReply['results'] = [];
  for (let i = 0; i < req.calls.length; i++) {
    Atomics.store(progress, 0, i + 1);
    Atomics.add(progress, 1, 1);
    results.push(run(req.calls[i]!));
  }
  Atomics.store(progress, 0, 0);
  try {
    parentPort!.postMessage({ id: req.id, results } satisfies SandboxReply);
  } catch (err) {
    // A result that cannot be cloned (a plugin bug): say so for every call rather than hang.
    const error = `result could not be sent back: ${(err as Error).message}`;
    parentPort!.postMessage({ id: req.id, results: req.calls.map(() => ({ error })) } satisfies SandboxReply);
  }
});
