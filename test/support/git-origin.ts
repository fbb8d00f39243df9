import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A real bare git repository in `dir` for jobs to check out as clonerefs does: `main` with a
 * README, and for each pull request number a head under `refs/pull/N/head` adding the given files.
 * Returns the repository's path (use it as `clone_uri: file://<path>`).
 */
export function makeGitOrigin(dir: string, pulls: Record<number, Record<string, string>> = {}): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe', env });
  const origin = join(dir, 'origin.git');
  const src = join(dir, 'src');
  mkdirSync(src, { recursive: true });
  git(dir, 'init', '-q', '--bare', origin);
  git(src, 'init', '-q', '-b', 'main');
  writeFileSync(join(src, 'README.md'), '# hello\n');
  git(src, 'add', '.');
  git(src, 'commit', '-q', '-m', 'base');
  git(src, 'push', '-q', origin, 'main');
  for (const [n, files] of Object.entries(pulls)) {
    git(src, 'checkout', '-q', '-b', `pull-${n}`, 'main');
    for (const [name, text] of Object.entries(files)) writeFileSync(join(src, name), text);
    git(src, 'add', '.');
    git(src, 'commit', '-q', '-m', `pull ${n}`);
    git(src, 'push', '-q', origin, `pull-${n}:refs/pull/${n}/head`);
  }
  return origin;
}
