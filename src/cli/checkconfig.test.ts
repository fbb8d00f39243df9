import { jest } from '@jest/globals';
import { Command } from 'commander';
import { registerCheckconfig, runCheckconfig } from './checkconfig.js';

const SEED = 'test/fixtures/config/seed-jenkins-x';

describe('runCheckconfig', () => {
  it('passes the example config with a summary line', () => {
    const r = runCheckconfig({ configPath: 'config/config.yaml', pluginConfigPath: 'config/plugins.yaml' });
    expect(r).toEqual({ exitCode: 0, output: 'config OK: 1 presubmit, 1 periodic, 14 plugins enabled across 1 org' });
  });

  it('passes the seed, printing its warnings first', () => {
    const r = runCheckconfig({ configPath: `${SEED}/config.yaml`, pluginConfigPath: `${SEED}/plugins.yaml` });
    const lines = r.output.split('\n');
    expect(r.exitCode).toBe(0);
    expect(lines[0]).toBe(`${SEED}/config.yaml:36:5: warning: job "release" uses agent "tekton" which Coxswain does not run (Prow does not know it either, so it was not validated); it is loaded but never started`);
    expect(lines.at(-1)).toBe('config OK (12 warnings): 4 presubmits, 4 postsubmits, 0 periodics, 14 plugins enabled across 4 repos');
  });

  it('fails on warnings with --strict, unless their class is excluded', () => {
    const strict = runCheckconfig({ configPath: `${SEED}/config.yaml`, pluginConfigPath: `${SEED}/plugins.yaml`, strict: true });
    expect(strict.exitCode).toBe(1);
    expect(strict.output.split('\n').at(-1)).toBe('0 errors, 12 warnings (--strict: warnings count as errors)');
  });

  it('exits 1 on errors, listing them and counting', () => {
    const r = runCheckconfig({ configPath: 'test/fixtures/config/missing.yaml' });
    expect(r).toEqual({
      exitCode: 1,
      output: 'test/fixtures/config/missing.yaml: error: file not found: test/fixtures/config/missing.yaml (set COXSWAIN_CONFIG or --config)\n1 error, 0 warnings',
    });
  });

  it('drops excluded warning classes (Prow --exclude-warning)', () => {
    const r = runCheckconfig({ configPath: `${SEED}/plugins.yaml`, strict: true, excludeWarnings: ['unknown-fields'] });
    // plugins.yaml read as config.yaml: every key is unknown there, and excluded; nothing else is wrong.
    expect(r).toEqual({ exitCode: 0, output: 'config OK: 0 presubmits, 0 periodics, no plugins enabled' });
    expect(runCheckconfig({ configPath: `${SEED}/plugins.yaml`, strict: true }).exitCode).toBe(1);
  });
});

describe('coxswain checkconfig (command line)', () => {
  async function run(args: string[]): Promise<{ out: string; code: number | string | undefined }> {
    const program = new Command().exitOverride();
    registerCheckconfig(program);
    const writes: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });
    try {
      await program.parseAsync(['node', 'coxswain', 'checkconfig', ...args]);
      return { out: writes.join(''), code: process.exitCode };
    } finally {
      spy.mockRestore();
      process.exitCode = undefined;
    }
  }

  it("accepts Prow's flag names and --flag=value syntax", async () => {
    const r = await run([`--config-path=${SEED}/config.yaml`, `--plugin-config=${SEED}/plugins.yaml`, '--warnings=mismatched-tide', '--strict']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/0 errors, 12 warnings \(--strict: warnings count as errors\)\n$/);
  });

  it('takes --config and exits 0 on a valid config', async () => {
    const r = await run(['--config', 'config/config.yaml', '--plugin-config', 'config/plugins.yaml', '--strict=false']);
    expect(r).toEqual({ out: 'config OK: 1 presubmit, 1 periodic, 14 plugins enabled across 1 org\n', code: 0 });
  });

  it('repeats --supplemental-*-config-dir', async () => {
    const base = 'test/fixtures/config/supplemental';
    const r = await run(['--config', `${base}/config.yaml`, '--plugin-config', `${base}/plugins.yaml`,
      '--supplemental-prow-config-dir', `${base}/prow`, '--supplemental-prow-config-dir', `${base}/prow-extra`,
      '--supplemental-plugin-config-dir', `${base}/plugins`]);
    expect(r.out).toBe([
      `${base}/prow-extra/team-c_prowconfig.yaml:6:1: warning: sinker is set in a supplemental file; Prow only merges branch-protection, slack_reporter_configs, tide.merge_method, tide.queries from such files and would reject it`,
      'config OK (1 warning): 0 presubmits, 0 periodics, 3 plugins enabled across 1 org and 1 repo',
      '',
    ].join('\n'));
    expect(r.code).toBe(0);
  });
});
