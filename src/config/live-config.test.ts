import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveConfig, type ConfigChange } from './live-config.js';
import { loadConfigOrThrow } from './load.js';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'coxswain-live-'));
  const configPath = join(dir, 'config.yaml');
  const pluginConfigPath = join(dir, 'plugins.yaml');
  writeFileSync(configPath, 'tide:\n  sync_period: 1m\n');
  writeFileSync(pluginConfigPath, 'plugins:\n  demo:\n    plugins:\n    - hold\n');
  const opts = { configPath, pluginConfigPath };
  return { live: new LiveConfig(opts, loadConfigOrThrow(opts)), configPath, pluginConfigPath };
}

const next = (live: LiveConfig) => new Promise<ConfigChange>((resolve) => {
  const off = live.onChange((c) => {
    off();
    resolve(c);
  });
});

test('a clean change to a watched file replaces the running config', async () => {
  const { live, pluginConfigPath } = setup();
  live.watch();
  try {
    const changed = next(live);
    writeFileSync(pluginConfigPath, 'plugins:\n  demo:\n    plugins:\n    - hold\n    - lgtm\n');
    const c = await changed;
    expect(c.applied).toBe(true);
    expect(live.get().plugins.plugins?.demo?.plugins).toEqual(['hold', 'lgtm']);
  } finally {
    live.close();
  }
});

test('a broken change is refused with the file and line; the running config stays', async () => {
  const { live, configPath } = setup();
  live.watch();
  try {
    const changed = next(live);
    writeFileSync(configPath, 'tide:\n  sync_period: soon\n');
    const c = await changed;
    expect(c.applied).toBe(false);
    if (!c.applied) expect(c.message).toMatch(new RegExp(`config change refused; the running config stays:\\n${configPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: error`));
    expect(live.get().config.tide?.sync_period).toBe('1m');
  } finally {
    live.close();
  }
});

test('files that did not change are no reload', () => {
  const { live, configPath } = setup();
  expect(live.reload()).toBeUndefined();
  writeFileSync(configPath, 'tide:\n  sync_period: 2m\n');
  expect(live.reload()).toMatchObject({ applied: true });
  expect(live.get().config.tide?.sync_period).toBe('2m');
  expect(live.reload()).toBeUndefined();
});
