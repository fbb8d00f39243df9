import { Command } from 'commander';
import { registerCheckconfig } from './checkconfig.js';
import { registerPlugins } from './plugins.js';
import { registerJobs } from './jobs.js';
import { registerPool } from './pool.js';
import { registerPr } from './pr.js';

// `coxswain jobs list | head`: a reader that stops early is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const program = new Command();
program
  .name('coxswain')
  .description('Prow-style ChatOps and merge automation for GitHub, on Temporal')
  .showHelpAfterError();

registerCheckconfig(program);
registerPr(program);
registerPool(program);
registerJobs(program);
registerPlugins(program);
(await import('./replay.js')).registerReplay(program);
// The simulator's commands, when it is installed (a development checkout; not the production image).
// Loaded only when asked for (or for the command list): loading it costs a script's every call.
const wantsSim = [undefined, 'sim', 'github-sim', 'help', '--help', '-h'].includes(process.argv[2]);
const sim = !wantsSim ? undefined : await import('@coxswain/github-sim/cli-commands.js').catch((err: { code?: string; message?: string }) => {
  if (err.code === 'ERR_MODULE_NOT_FOUND' && err.message?.includes('github-sim')) return undefined;
  throw err;
});
if (sim) {
  sim.registerGithubSim(program);
  sim.registerSim(program);
}

await program.parseAsync(process.argv);
