import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';

// The layering rules in eslint.config.js, each shown failing on a deliberate violation and
// passing on the import it should be replaced with.
const eslint = new ESLint();

async function violations(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const x = y;\n`, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: Array<[string, string, string, RegExp | null]> = [
  ['core reaching into config', 'src/core/example.ts', "import { y } from '../config/plugins.js';", /core imports nothing of Coxswain outside core/],
  ['core using core', 'src/core/example.ts', "import { y } from './model.js';", null],
  ['a plugin calling an activity', 'src/plugins/example.ts', "import { y } from '../activities/github.js';", /Plugins decide; they never import activities/],
  ['a plugin importing workflow code', 'src/plugins/example.ts', "import { y } from '../workflows/pr.js';", /Plugins decide/],
  ['a plugin using Octokit', 'src/plugins/example.ts', "import { y } from '../github/octokit.js';", /Plugins decide/],
  ['a plugin importing another plugin', 'src/plugins/example.ts', "import { y } from './hold.js';", /must not import another plugin/],
  ['a plugin importing a plugin folder', 'src/plugins/example.ts', "import { y } from './approve/index.js';", /must not import another plugin/],
  ['a plugin using the contract and the model', 'src/plugins/example.ts', "import type { y } from './types.js';\nimport { z } from '../core/model.js';", null],
  ['a plugin folder file importing another plugin', 'src/plugins/approve/example.ts', "import { y } from '../hold.js';", /must not import another plugin/],
  ['a plugin folder file importing activities', 'src/plugins/approve/example.ts', "import { y } from '../../activities/index.js';", /Plugins decide/],
  ['a plugin importing another plugin the long way', 'src/plugins/example.ts', "import { y } from '../plugins/hold.js';", /must not import another plugin/],
  ['a plugin folder file using its own files and core', 'src/plugins/approve/example.ts', "import { y } from './approvers.js';\nimport { z } from '../../core/owners.js';", null],
  ['a plugin folder file using the contract', 'src/plugins/approve/example.ts', "import type { y } from '../types.js';\nimport type { z } from '../../plugins/types.js';", null],
  ['a plugin folder file importing another plugin the long way', 'src/plugins/approve/example.ts', "import { y } from '../../plugins/hold.js';", /must not import another plugin/],
  ['the registry importing every plugin', 'src/plugins/index.ts', "import { y } from './hold.js';\nimport { z } from './approve/index.js';", null],
  ['the webhook deciding', 'src/webhook/example.ts', "import { y } from '../plugins/index.js';", /The webhook only turns deliveries into signals/],
  ['the webhook acting', 'src/webhook/example.ts', "import { y } from '../activities/github.js';", /The webhook only turns deliveries into signals/],
  ['the webhook naming its signals', 'src/webhook/example.ts', "import { y } from '../workflows/messages.js';", null],
  ['an activity importing a workflow', 'src/activities/example.ts', "import { y } from '../workflows/pr.js';", /Activities never import workflows/],
  ['a plugin doing I/O', 'src/plugins/example.ts', "import { y } from 'node:fs';", /Pure logic: keep I\/O at the edges/],
];

test.each(cases)('%s', async (_name, file, source, refused) => {
  const messages = await violations(file, source);
  if (refused) expect(messages).toEqual([expect.stringMatching(refused)]);
  else expect(messages).toEqual([]);
});

// The GitHub simulator (a devDependency) is not in the production image: what dist/ runs may load
// it only with import(), as the playground does; tests import it freely.
const simCases: Array<[string, string, string, boolean]> = [
  ['the worker importing the simulator', 'src/worker/example.ts', "import { y } from '@coxswain/github-sim/server.js';", true],
  ['re-exporting the simulator', 'src/dev/example.ts', "export { y } from '@coxswain/github-sim/server.js';", true],
  ['the playground loading it with import()', 'src/dev/example.ts', "const { y } = await import('@coxswain/github-sim/server.js');", false],
  ['a type from the simulator', 'src/dev/example.ts', "import type { y } from '@coxswain/github-sim/server.js';", false],
  ['a test importing the simulator', 'src/activities/example.test.ts', "import { y } from '@coxswain/github-sim/server.js';", false],
];

test.each(simCases)('%s', async (_name, file, source, refused) => {
  const [result] = await eslint.lintText(`${source}\nexport const x = y;\n`, { filePath: file });
  const messages = (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
  expect(messages).toEqual(refused ? [expect.stringMatching(/The GitHub simulator is not in the production image/)] : []);
});

// Test helpers stay out of dist/ (tsconfig.build.json): code that ships must not import them.
const helperCases: Array<[string, string, string, boolean]> = [
  ['a plugin importing the test builders', 'src/plugins/example.ts', "import { y } from './testing.js';", true],
  ['the worker importing the action renderer', 'src/worker/example.ts', "import { y } from '../plugins/render.js';", true],
  ['a plugin folder loading its test helpers', 'src/plugins/approve/example.ts', "const { y } = await import('./testing.js');", true],
  ['a test importing them', 'src/plugins/example.test.ts', "import { y } from './testing.js';\nimport { z } from './render.js';", false],
  ['one test helper importing another', 'src/plugins/approve/testing.ts', "import { y } from '../testing.js';\nimport { z } from '../render.js';", false],
];

test.each(helperCases)('%s', async (_name, file, source, refused) => {
  const [result] = await eslint.lintText(`${source}\nexport const x = y;\n`, { filePath: file });
  const messages = (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
  expect(messages).toEqual(refused ? [expect.stringMatching(/Test helpers .* are for tests only/)] : []);
});

// Folder level: which src/ folders the shipped code of each imports (files directly in src/ count as
// one folder, '.'), read from the sources. The graph has no cycle, and core imports nothing else.
function folderImports(): Map<string, Set<string>> {
  const src = resolve('src');
  const folderOf = (file: string) => (relative(src, file).includes(sep) ? relative(src, file).split(sep)[0]! : '.');
  const graph = new Map<string, Set<string>>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const file = join(dir, e.name);
      if (e.isDirectory()) walk(file);
      else if (/\.ts$/.test(e.name) && !/\.test\.ts$|^testing\.ts$/.test(e.name) && file !== join(src, 'plugins', 'render.ts')) {
        const from = folderOf(file);
        for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
          if (!fileName.startsWith('.')) continue;
          const to = folderOf(resolve(dirname(file), fileName));
          if (to !== from) graph.set(from, (graph.get(from) ?? new Set()).add(to));
        }
      }
    }
  };
  walk(src);
  return graph;
}

test('no folder-level import cycle in src/, and core imports nothing outside core', () => {
  const graph = folderImports();
  const cycles: string[] = [];
  const walk = (path: string[]): void => {
    for (const next of graph.get(path[path.length - 1]!) ?? []) {
      if (next === path[0]) cycles.push([...path, next].join(' → '));
      else if (!path.includes(next) && next > path[0]!) walk([...path, next]);
    }
  };
  for (const start of graph.keys()) walk([start]);
  expect(cycles).toEqual([]);
  expect([...(graph.get('core') ?? [])]).toEqual([]);
  expect(graph.get('plugins')).toBeDefined();
});
