import { readdirSync, statSync } from 'node:fs';
import { KNOWN_PLUGINS, EXTERNAL_PLUGINS } from '../config/plugins.js';
import { PLUGINS } from './index.js';

const dir = new URL('./', import.meta.url);
const NOT_PLUGINS = new Set(['index', 'types', 'render', 'testing']);

test('every plugin file in src/plugins is registered, and nothing else is', () => {
  const files = readdirSync(dir)
    .filter((f) => (f.endsWith('.ts') && !f.endsWith('.test.ts')) || statSync(new URL(f, dir)).isDirectory())
    .map((f) => f.replace(/\.ts$/, ''))
    .filter((f) => !NOT_PLUGINS.has(f))
    .sort();
  // Prow's external cherrypicker lives in cherrypick.ts.
  const registered = PLUGINS.map((p) => p.name.replace(/^cherrypicker$/, 'cherrypick')).sort();
  expect(registered).toEqual(files);
});

test.each(PLUGINS.map((p) => [p.name, p] as const))('%s has help with commands that have examples, and a Prow name', (name, p) => {
  expect(p.help.description).toMatch(/\S/);
  for (const c of p.help.commands) {
    expect(c.usage).toMatch(/\S/);
    expect(c.whoCanUse).toMatch(/\S/);
  }
  expect([...KNOWN_PLUGINS, ...EXTERNAL_PLUGINS]).toContain(name);
});

test('plugin names are unique', () => {
  const names = PLUGINS.map((p) => p.name);
  expect(new Set(names).size).toBe(names.length);
});
