#!/usr/bin/env node
// Thin launcher so `npx coxswain` works from the project: the CLI itself is compiled TypeScript.
import('../dist/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('coxswain: the project is not built yet; run `npm ci` (or `npm run build`) first.');
    process.exit(1);
  }
  throw err;
});
