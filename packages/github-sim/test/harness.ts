import { Octokit } from '@octokit/rest';
import type { FastifyInstance } from 'fastify';
import { buildGithubSim, simContext, type GithubSimOptions } from '../src/app.js';
import type { Scenario } from '../src/scenario-schema.js';
import { testScenario } from './scenario.js';

// Starts a simulator on port 0 for a test file, with Octokit clients for the seeded tokens.

export interface Sim {
  app: FastifyInstance;
  url: string;
  octokit(token?: string): Octokit;
  close(): Promise<void>;
}

export async function startSim(scenario: Scenario = testScenario(), opts: Omit<GithubSimOptions, 'store' | 'scenario'> = {}, beforeListen?: (app: FastifyInstance) => void): Promise<Sim> {
  const app = buildGithubSim({ ...opts, scenario });
  beforeListen?.(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const url = `http://127.0.0.1:${addr && typeof addr === 'object' ? addr.port : 0}`;
  return {
    app,
    url,
    // No retries or throttling: the tests look at the simulator's raw answers.
    octokit: (token = 'bot-token') => new Octokit({ baseUrl: url, auth: token, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } }),
    close: () => app.close(),
  };
}

export { simContext };

/** POST a JSON body to the scenario API and return the parsed answer. */
export async function simPost(url: string, path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function simGet<T = unknown>(url: string, path: string): Promise<T> {
  const res = await fetch(`${url}${path}`);
  return (await res.json()) as T;
}
