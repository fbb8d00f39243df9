import { ESLint } from 'eslint';

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
  ['a plugin folder file using its own files and core', 'src/plugins/approve/example.ts', "import { y } from './approvers.js';\nimport { z } from '../../core/owners.js';", null],
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
