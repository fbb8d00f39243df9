import { Command } from 'commander';
import { registerGithubSim, registerSim } from './cli-commands.js';

// The simulator's own command line: `github-sim github-sim` runs it, `github-sim sim ...` plays the
// people (Coxswain's CLI offers the same two commands as `coxswain github-sim` and `coxswain sim`).
const program = new Command();
program.name('github-sim').description('the stateful GitHub simulator and its scenario API').showHelpAfterError();
registerGithubSim(program);
registerSim(program);
await program.parseAsync(process.argv);
