import { Command } from 'commander';
// import { registerCheckconfig } from './checkconfig.js';

const program = new Command();
program
  .name('coxswain')
  .description('Prow-style ChatOps and merge automation for GitHub, on Temporal')
  .showHelpAfterError();

// registerCheckconfig(program);

await program.parseAsync(process.argv);
