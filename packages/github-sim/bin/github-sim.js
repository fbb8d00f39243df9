#!/usr/bin/env node
// `github-sim serve`, `github-sim comment ...`: the simulator's own CLI (compiled TypeScript).
import('../dist/cli.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('github-sim: not built yet; run `npm ci` (or `npm run build`) at the repository root first.');
    process.exit(1);
  }
  throw err;
});
