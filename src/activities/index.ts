// Activities are the only place workflow decisions touch the outside world. Each external system
// gets its own factory with injected dependencies; this file assembles them for the worker.
import type { LoadedConfig } from '../config/load.js';
import { createCherryPickActivities } from './cherry-pick.js';
import { createCatImageFetcher, createDogImageFetcher } from './image-services.js';
import { createGithubActivities, type GithubActivityDeps } from './github.js';
import { createFactActivities } from './plugin-facts.js';
import { createPluginSetupActivities } from './plugin-setup.js';

export interface ActivityDeps {
  github: GithubActivityDeps;
  /** Prow-format configuration as loaded now. */
  config: () => LoadedConfig;
  /** Reply footer (Prow's "Instructions for interacting with me…" unless configured). */
  footer?: string;
  /** How long a closed PR/issue's workflow waits for another event before it ends. */
  closedQuietMs?: number;
  /** Image services for /meow and /woof. */
  catApiUrl?: string;
  dogApiUrl?: string;
}

export const DEFAULT_CAT_API_URL = 'https://api.thecatapi.com/v1/images/search';
export const DEFAULT_DOG_API_URL = 'https://random.dog/woof.json';

export function createActivities(deps: ActivityDeps) {
  const github = createGithubActivities(deps.github);
  return {
    ...github,
    ...createCherryPickActivities(deps.github),
    ...createFactActivities({
      github,
      catImage: createCatImageFetcher(deps.catApiUrl ?? DEFAULT_CAT_API_URL),
      dogImage: createDogImageFetcher(deps.dogApiUrl ?? DEFAULT_DOG_API_URL),
    }),
    ...createPluginSetupActivities({
      config: deps.config,
      ...(deps.footer ? { footer: deps.footer } : {}),
      ...(deps.closedQuietMs !== undefined ? { closedQuietMs: deps.closedQuietMs } : {}),
    }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
