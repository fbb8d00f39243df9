import { Command } from 'commander';
import { registerCheckconfig } from './checkconfig.js';
import { registerState } from './state.js';

const program = new Command();
program
  .name('coxswain')
  .description('Prow-style ChatOps and merge automation for GitHub, on Temporal')
  .showHelpAfterError();

registerCheckconfig(program);
registerState(program);

await program.parseAsync(process.argv);
