import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/temporal/ports.js';

// jest runs TypeScript through its own module loader, which forgives imports that real Node ESM
// refuses (a named import from a CommonJS package once passed every test and broke `npm start`).
// These run the built entry points with plain Node.
const root = fileURLToPath(new URL('../../', import.meta.url));

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

test('the CLI starts under plain Node and checks the example config', async () => {
  const r = await run(['bin/coxswain.js', 'checkconfig']);
  expect(r.out).toContain('config OK');
  expect(r.code).toBe(0);
});

test.each(['dist/worker/create-worker.js', 'dist/webhook/app.js', 'dist/temporal/namespace-setup.js', 'packages/github-sim/dist/server.js', 'dist/activities/index.js'])(
  '%s loads under plain Node',
  async (file) => {
    const r = await run(['--input-type=module', '-e', `await import(${JSON.stringify(`./${file}`)})`]);
    expect(r.out).toBe('');
    expect(r.code).toBe(0);
  },
);

test('a reader that stops early (`coxswain plugins | head -1`) is not an error', async () => {
  const child = spawn(process.execPath, ['bin/coxswain.js', 'plugins'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  expect(stderr).toBe('');
  expect(code).toBe(0);
});

test("scripts import the typed client by the package's name, with its types", async () => {
  const r = await run(['--input-type=module', '-e', "const m = await import('coxswain/client'); console.log(typeof m.CoxswainClient.connect, typeof m.JobRefused)"]);
  expect(r.out).toBe('function function\n');
  expect(readFileSync(new URL('../../dist/client/index.d.ts', import.meta.url), 'utf8')).toContain('CoxswainClient');
});

test('npm start refuses a webhook port in use, names the variable, and starts nothing', async () => {
  const port = await freePort();
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(port, '0.0.0.0', r));
  try {
    const r = await run(['dist/dev/start.js'], { PORT: String(port), COXSWAIN_DATA_DIR: `${process.env.COXSWAIN_TEST_DIR}/smoke` });
    expect(r.out).toContain(`port ${port} (for the webhook server) is already in use; set PORT to another port`);
    expect(r.out).not.toContain('starting the Temporal dev server');
    expect(r.code).toBe(1);
  } finally {
    blocker.close();
  }
});

test('npm start with a broken config points at the file and line and starts nothing', async () => {
  const r = await run(['dist/dev/start.js'], { COXSWAIN_PLUGINS: 'test/fixtures/config/broken-plugins.yaml', PORT: String(await freePort()) });
  expect(r.out).toMatch(/broken-plugins\.yaml:\d+:\d+: error: unknown plugin "lgmt"/);
  expect(r.out).toContain('nothing was started');
  expect(r.code).toBe(1);
});

test('a script that dies after starting the dev server does not leave the server running', async () => {
  const port = await freePort();
  const script = `
    const { startDevServer } = await import('./dist/temporal/dev-server.js');
    const s = await startDevServer({ cliPath: ${JSON.stringify(process.env.COXSWAIN_TEST_TEMPORAL_CLI)}, port: ${port}, uiPort: ${await freePort()}, dbFile: ${JSON.stringify(`${process.env.COXSWAIN_TEST_DIR}/orphan.db`)} });
    console.log('pid', s.serverPid);
    throw new Error('boom');`;
  const r = await run(['--input-type=module', '-e', script]);
  expect(r.code).not.toBe(0);
  const pid = Number(/pid (\d+)/.exec(r.out)?.[1]);
  expect(pid).toBeGreaterThan(0);
  // SIGKILLed as the script exited; wait for the kernel to finish it (gone, or a zombie nobody reaped).
  const deadline = Date.now() + 10_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(alive(pid)).toBe(false);
});

test('a start-up killed with SIGKILL (no exit handler runs) does not leave the dev server running', async () => {
  const port = await freePort();
  const script = `
    const { startDevServer } = await import('./dist/temporal/dev-server.js');
    const s = await startDevServer({ cliPath: ${JSON.stringify(process.env.COXSWAIN_TEST_TEMPORAL_CLI)}, port: ${port}, uiPort: ${await freePort()}, dbFile: ${JSON.stringify(`${process.env.COXSWAIN_TEST_DIR}/sigkill.db`)} });
    console.log('pid', s.serverPid);
    setInterval(() => undefined, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /pid (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`script exited (${code}) before the server started: ${out}`)));
  });
  expect(alive(pid)).toBe(true);
  child.kill('SIGKILL');
  const deadline = Date.now() + 15_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(alive(pid)).toBe(false);
});

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
