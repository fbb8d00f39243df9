#!/usr/bin/env node
// `github-sim serve [--port P] [--seed F] ...` runs the simulator; `github-sim comment alice
// demo/hello#1 /lgtm` (review, open-pr, push, label, show, state) plays its people. Compiled TypeScript.
let cli;
try {
  cli = await import('../dist/cli.js');
} catch (err) {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('github-sim: not built yet; run `npm ci` (or `npm run build`) at the repository root first.');
    process.exit(1);
  }
  throw err;
}
await cli.githubSimProgram().parseAsync(process.argv);
