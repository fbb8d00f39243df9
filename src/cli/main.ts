import { Command } from 'commander';
import { registerCheckconfig } from './checkconfig.js';
import { registerGithubSim, registerSim } from './github-sim.js';
import { registerPlugins } from './plugins.js';
import { registerState } from './state.js';

const program = new Command();
program
  .name('coxswain')
  .description('Prow-style ChatOps and merge automation for GitHub, on Temporal')
  .showHelpAfterError();

registerCheckconfig(program);
registerState(program);
registerPlugins(program);
registerGithubSim(program);
registerSim(program);

await program.parseAsync(process.argv);
