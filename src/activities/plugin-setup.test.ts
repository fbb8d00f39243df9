import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigOrThrow } from '../config/load.js';
import { createPluginSetupActivities } from './plugin-setup.js';

// The planner hands plugins GitHub's web address from config.yaml's `github.link_url`, as Prow's
// own links follow it; without it, github.com.
function setupWith(config: string) {
  const dir = mkdtempSync(join(tmpdir(), 'coxswain-setup-'));
  writeFileSync(join(dir, 'config.yaml'), config);
  writeFileSync(join(dir, 'plugins.yaml'), 'plugins:\n  org:\n    plugins: [hold]\n');
  const loaded = loadConfigOrThrow({ configPath: join(dir, 'config.yaml'), pluginConfigPath: join(dir, 'plugins.yaml') });
  return createPluginSetupActivities({ config: () => loaded }).pluginSetup('org', 'repo', 'main');
}

test('GitHub Enterprise: links follow github.link_url (trailing slash dropped)', async () => {
  expect((await setupWith('github:\n  link_url: https://ghe.example.com/\n')).webUrl).toBe('https://ghe.example.com');
});

test('github.com when link_url is not set', async () => {
  expect((await setupWith('{}\n')).webUrl).toBe('https://github.com');
});
