import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../temporal/ensure-cli.sh', import.meta.url));

/**
 * Path of a Temporal CLI: $TEMPORAL_CLI, `temporal` on PATH, or a pinned build made by
 * temporal/ensure-cli.sh (whose progress is shown on stderr, since the first build takes minutes).
 */
export async function resolveTemporalCli(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('bash', [SCRIPT], { maxBuffer: 1 << 20 }, (err, stdout) => {
      if (err) reject(new Error('could not obtain the Temporal CLI (see the messages above)'));
      else resolve(stdout.trim().split('\n').pop()!);
    });
    child.stderr?.pipe(process.stderr);
  });
}
