import type { Command } from 'commander';
import { PLUGINS } from '../plugins/index.js';

/** `coxswain plugins [name]`: the plugins Coxswain runs and their commands, from their help data. */
export function registerPlugins(program: Command): void {
  program
    .command('plugins')
    .description('list the Prow plugins Coxswain runs, or show one plugin\'s commands')
    .argument('[name]', 'a plugin name as written in plugins.yaml')
    .action((name?: string) => {
      const chosen = name ? PLUGINS.filter((p) => p.name === name) : PLUGINS;
      if (chosen.length === 0) {
        process.stderr.write(`coxswain: no plugin "${name}"; run \`coxswain plugins\` for the list\n`);
        process.exitCode = 1;
        return;
      }
      for (const p of chosen) {
        if (!name) {
          const usages = p.help.commands.map((c) => c.usage).join('  ');
          process.stdout.write(`${p.name.padEnd(24)} ${usages || '(automatic)'}\n`);
          continue;
        }
        process.stdout.write(`${p.name}: ${p.help.description}\n`);
        for (const c of p.help.commands) {
          process.stdout.write(`\n  ${c.usage}\n    ${c.description}\n    Who: ${c.whoCanUse}\n`);
          if (c.examples.length) process.stdout.write(`    Examples: ${c.examples.join(', ')}\n`);
        }
        if (p.help.config) process.stdout.write(`\n  plugins.yaml: ${p.help.config}\n`);
      }
    });
}
