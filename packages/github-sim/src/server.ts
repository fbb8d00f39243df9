import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { buildGithubSim, type GithubSimOptions } from './app.js';
import { demoSeed } from './demo-seed.js';
import { parseScenarioText } from './seed.js';

// Starts the simulator on a port (0 = any free one) and returns its URL. Used by
// `coxswain github-sim` and by test suites that want a running GitHub.

export interface StartOptions extends Omit<GithubSimOptions, 'store' | 'scenario'> {
  port?: number;
  host?: string;
  /** A scenario: a YAML/JSON file path, or the document itself. Default: the demo seed. */
  seed?: string | object | null;
}

export interface RunningSim {
  app: FastifyInstance;
  /** e.g. http://127.0.0.1:3000: use it as GITHUB_API_URL. */
  url: string;
  close(): Promise<void>;
}

export async function startGithubSim(opts: StartOptions = {}): Promise<RunningSim> {
  const doc = typeof opts.seed === 'string' ? parseScenarioText(await readFile(opts.seed, 'utf8')) : opts.seed === null ? {} : (opts.seed ?? demoSeed);
  const app = buildGithubSim({ ...opts, scenario: doc });
  const host = opts.host ?? '127.0.0.1';
  await app.listen({ port: opts.port ?? 0, host });
  const addr = app.server.address();
  const port = addr && typeof addr === 'object' ? addr.port : opts.port;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return { app, url: `http://${shown}:${port}`, close: () => app.close() };
}
