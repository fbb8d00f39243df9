import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Executor, JobRun, RunStatus } from '../../core/job.js';

// The `local` executor: runs a job's first container's command and args as a process on the
// worker's machine, in a checkout of the job's refs made as Prow's clonerefs makes it (the base
// branch at its SHA, then each pull request's head merged in), with Prow's job variables and a
// log file. The process is detached and writes its exit code to a file, so a worker that restarts
// finds the run where it is instead of starting it again. It runs a pull request's code with the
// worker's rights: only for the playground and trusted machines (COXSWAIN_LOCAL_JOBS).

export interface LocalExecutorOptions {
  /** Where each run gets its directory (checkout, log, exit code). */
  workDir: string;
  /** Git base URL to clone `{org}/{repo}.git` from when the job has no clone_uri (default GitHub). */
  gitBaseUrl?: string;
  /** Kept of a log (its end). */
  maxLogBytes?: number;
}

const MAX_LOG = 1024 * 1024;

// Clone as clonerefs does, then run the command; the exit code lands in a file either way.
const WRAPPER = `
set -u
dir="$1"; shift
clonerefs() {
  mkdir -p "$dir/checkout" && cd "$dir/checkout" || return 1
  [ -n "\${CLONE_URI:-}" ] || return 0
  git init -q && git fetch -q "$CLONE_URI" "$COXSWAIN_BASE_REF" || return 1
  if [ -n "\${COXSWAIN_BASE_SHA:-}" ] && git cat-file -e "$COXSWAIN_BASE_SHA^{commit}" 2>/dev/null; then
    git checkout -q "$COXSWAIN_BASE_SHA" || return 1
  else
    git checkout -q FETCH_HEAD || return 1
  fi
  for n in \${COXSWAIN_PULLS:-}; do
    git fetch -q "$CLONE_URI" "pull/$n/head" || return 1
    git -c user.name=coxswain -c user.email=coxswain@localhost merge -q --no-ff --no-edit FETCH_HEAD || return 1
  done
}
if ! clonerefs; then
  echo "clonerefs: could not check out the job's refs" >&2
  echo 1 > "$dir/exit-code"
  exit 1
fi
"$@"
echo $? > "$dir/exit-code.tmp" && mv "$dir/exit-code.tmp" "$dir/exit-code"
`;

interface Container {
  command?: string[];
  args?: string[];
  env?: Array<{ name?: string; value?: string }>;
}

function containerOf(run: JobRun): Container | undefined {
  const spec = run.spec as { containers?: Container[] } | undefined;
  return spec?.containers?.[0];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function createLocalExecutor(opts: LocalExecutorOptions): Executor {
  const dirOf = (run: JobRun) => join(opts.workDir, run.runName);
  const logOf = (run: JobRun) => run.logPath ?? join(dirOf(run), 'build-log.txt');
  const pidOf = (run: JobRun): number | undefined => {
    const f = join(dirOf(run), 'pid');
    return existsSync(f) ? Number(readFileSync(f, 'utf8')) || undefined : undefined;
  };
  const maxLog = opts.maxLogBytes ?? MAX_LOG;

  return {
    async start(run) {
      const dir = dirOf(run);
      // Started before (a retried activity): the same run goes on.
      if (existsSync(join(dir, 'pid')) || existsSync(join(dir, 'exit-code'))) return;
      const c = containerOf(run);
      const argv = [...(c?.command ?? []), ...(c?.args ?? [])];
      mkdirSync(dir, { recursive: true });
      const log = openSync(logOf(run), 'a');
      if (argv.length === 0) {
        writeFileSync(join(dir, 'exit-code'), '1');
        writeFileSync(log, 'the job has no command: spec.containers[0].command or args\n');
        closeSync(log);
        return;
      }
      const refs = run.refs;
      const cloneUri = refs ? (refs.clone_uri ?? `${(opts.gitBaseUrl ?? 'https://github.com').replace(/\/+$/, '')}/${refs.org}/${refs.repo}.git`) : '';
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: dir,
        ...Object.fromEntries((c?.env ?? []).flatMap((e) => (e.name ? [[e.name, e.value ?? '']] : []))),
        ...run.env,
        ARTIFACTS: join(dir, 'artifacts'),
        // The refs to check out, apart from Prow's PULL_* variables (a periodic's extra_refs have none).
        ...(cloneUri ? { CLONE_URI: cloneUri, COXSWAIN_BASE_REF: refs?.base_ref ?? 'HEAD', COXSWAIN_BASE_SHA: refs?.base_sha ?? '', COXSWAIN_PULLS: (refs?.pulls ?? []).map((p) => p.number).join(' ') } : {}),
        GIT_TERMINAL_PROMPT: '0',
      };
      mkdirSync(env.ARTIFACTS!, { recursive: true });
      const child = spawn('bash', ['-c', WRAPPER, 'coxswain-job', dir, ...argv], { cwd: dir, env, detached: true, stdio: ['ignore', log, log] });
      closeSync(log);
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
      writeFileSync(join(dir, 'pid'), String(child.pid));
      child.unref();
    },

    async status(run): Promise<RunStatus> {
      const dir = dirOf(run);
      const exitFile = join(dir, 'exit-code');
      if (existsSync(exitFile)) {
        const code = readFileSync(exitFile, 'utf8').trim();
        if (code === 'aborted') return { state: 'aborted', description: 'Job aborted.', started: true };
        return code === '0' ? { state: 'success', description: 'Job succeeded.', started: true } : { state: 'failure', description: 'Job failed.', started: true };
      }
      const pid = pidOf(run);
      if (pid !== undefined && alive(pid)) return { state: 'pending', description: 'Job triggered.', started: true };
      // Read again: the process may have finished between the two looks.
      if (existsSync(exitFile)) return this.status(run);
      if (pid === undefined) return { state: 'pending', description: 'Job triggered.', started: false };
      return { state: 'error', description: 'The job process ended without an exit code (the machine restarted?).' };
    },

    async abort(run) {
      const dir = dirOf(run);
      const pid = pidOf(run);
      if (pid !== undefined && alive(pid)) {
        try {
          process.kill(-pid, 'SIGTERM');
        } catch {
          // already gone
        }
        for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
        if (alive(pid)) {
          try {
            process.kill(-pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
      if (existsSync(dir) && !existsSync(join(dir, 'exit-code'))) writeFileSync(join(dir, 'exit-code'), 'aborted');
    },

    async log(run) {
      const file = logOf(run);
      if (!existsSync(file)) return '';
      const size = statSync(file).size;
      const len = Math.min(size, maxLog);
      const buf = Buffer.alloc(len);
      const fd = openSync(file, 'r');
      try {
        readSync(fd, buf, 0, len, size - len);
      } finally {
        closeSync(fd);
      }
      return buf.toString('utf8');
    },

    async cleanup(run) {
      // The log stays (the status links to it); the checkout goes.
      rmSync(join(dirOf(run), 'checkout'), { recursive: true, force: true });
    },
  };
}
