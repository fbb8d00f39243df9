import { Command } from 'commander';
import { registerGithubSim, registerSim, type CliIo } from './cli-commands.js';

// The simulator's own command line: `github-sim serve` runs it, `github-sim comment ...` (review,
// open-pr, push, label, show, state) plays the people. Coxswain's CLI offers the same commands as
// `coxswain github-sim` and `coxswain sim ...`.
export function githubSimProgram(io?: CliIo, program = new Command()): Command {
  program.name('github-sim').description('the stateful GitHub simulator and its scenario API').showHelpAfterError();
  registerGithubSim(program, io, 'serve');
  registerSim(program, io, null);
  return program;
}
