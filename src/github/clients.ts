import type { Logger } from 'pino';
import type { GithubMetrics } from './metrics.js';
import { createOctokit, type CoxswainOctokit, type GithubAuth } from './octokit.js';
import { WriteSpacing } from './write-spacing.js';

export interface GithubClientsOptions {
  baseUrl: string;
  auth: GithubAuth;
  log: Logger;
  metrics?: GithubMetrics;
  writeIntervalMs?: number;
}

/**
 * The Octokit to use for a repository: the bot token's one, or (as a GitHub App) the one of the
 * installation that covers the repository, looked up once and kept.
 */
export class GithubClients {
  private readonly base: CoxswainOctokit;
  private readonly installations = new Map<string, Promise<CoxswainOctokit>>();
  /** Write spacing per installation: GitHub counts its limits per installation, not per repo. */
  private readonly spacings = new Map<number, WriteSpacing>();
  private login?: Promise<string>;

  constructor(private readonly opts: GithubClientsOptions) {
    this.base = createOctokit(opts);
  }

  get isApp(): boolean {
    return Boolean(this.opts.auth.appId);
  }

  forRepo(owner: string, repo: string): Promise<CoxswainOctokit> {
    if (!this.isApp) return Promise.resolve(this.base);
    const key = `${owner}/${repo}`.toLowerCase();
    let client = this.installations.get(key);
    if (!client) {
      client = this.base.rest.apps.getRepoInstallation({ owner, repo }).then(({ data }) => {
        let spacing = this.spacings.get(data.id);
        if (!spacing) this.spacings.set(data.id, (spacing = new WriteSpacing(this.opts.writeIntervalMs ?? 1000)));
        const octokit = createOctokit({ ...this.opts, auth: { ...this.opts.auth, installationId: data.id }, spacing });
        // A 401 means the installation's token no longer works (the App was reinstalled, its token
        // revoked): forget this client, so the next call looks the installation up afresh.
        octokit.hook.error('request', (err) => {
          if ((err as { status?: number }).status === 401 && this.installations.get(key) === client) this.installations.delete(key);
          throw err;
        });
        return octokit;
      });
      client.catch(() => this.installations.delete(key));
      this.installations.set(key, client);
    }
    return client;
  }

  /** The bot's own login, read from the server: `GET /user`, or the App's slug + `[bot]`. */
  botLogin(): Promise<string> {
    if (!this.login) {
      this.login = this.isApp
        ? this.base.rest.apps.getAuthenticated().then(({ data }) => `${data?.slug ?? 'app'}[bot]`)
        : this.base.rest.users.getAuthenticated().then(({ data }) => data.login);
      this.login.catch(() => (this.login = undefined));
    }
    return this.login;
  }
}
