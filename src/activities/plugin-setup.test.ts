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

test("the deployment's own command list: approve links there unless plugins.yaml names a link; replies carry it", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'coxswain-setup-'));
  writeFileSync(join(dir, 'config.yaml'), '{}\n');
  writeFileSync(join(dir, 'plugins.yaml'), 'plugins:\n  org:\n    plugins: [approve]\napprove:\n- repos: [org/named]\n  commandHelpLink: https://named.example/help\n');
  const loaded = loadConfigOrThrow({ configPath: join(dir, 'config.yaml'), pluginConfigPath: join(dir, 'plugins.yaml') });
  const own = createPluginSetupActivities({ config: () => loaded, commandHelpUrl: 'https://coxswain.example/command-help' });
  const setup = await own.pluginSetup('org', 'repo', 'main');
  expect(setup.commandHelpUrl).toBe('https://coxswain.example/command-help');
  expect(setup.plugins.find((p) => p.name === 'approve')?.config).toMatchObject({ commandHelpLink: 'https://coxswain.example/command-help' });
  expect((await own.pluginSetup('org', 'named', 'main')).plugins.find((p) => p.name === 'approve')?.config).toMatchObject({ commandHelpLink: 'https://named.example/help' });
  // Unset: Prow's link, as Prow writes it.
  const prow = await createPluginSetupActivities({ config: () => loaded }).pluginSetup('org', 'repo', 'main');
  expect(prow.commandHelpUrl).toBeUndefined();
  expect(prow.plugins.find((p) => p.name === 'approve')?.config).toMatchObject({ commandHelpLink: 'https://go.k8s.io/bot-commands' });
});
