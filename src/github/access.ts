import type { GithubClients } from './clients.js';
import type { ReadCache } from './read-cache.js';

/** What GitHub activities need: a client per repository and the cache for reads. */
export interface GithubAccess {
  clients: GithubClients;
  cache: ReadCache;
}
