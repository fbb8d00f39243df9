import { parseAliases, parseOwners, ownersPathsFor } from '../core/owners.js';
import type { EntityState } from '../core/pr-state.js';
import type { ChangedFile, FactRequest, Facts, OwnersData } from '../plugins/types.js';
import { emptyFacts } from '../plugins/types.js';
import type { GithubActivities } from './github.js';

export interface FactContext {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  baseRef: string;
  baseSha: string;
}

export interface FactDeps {
  github: GithubActivities;
  /** Fetches a random cat picture URL (the `cat` plugin's image service). */
  catImage(category: string, movie: boolean): Promise<string>;
  /** Fetches a random dog picture URL (the `dog` plugin). */
  dogImage(): Promise<string>;
}

/**
 * Gathers the facts plugins asked for, through the cached GitHub reads: one activity per event,
 * however many plugins need the same fact.
 */
export function createFactActivities({ github, catImage, dogImage }: FactDeps) {
  return {
    async gatherFacts(ctx: FactContext, requests: FactRequest[]): Promise<Facts> {
      const facts = emptyFacts();
      const r = { owner: ctx.owner, repo: ctx.repo };
      const pr = { ...r, number: ctx.number };
      let changed: Promise<ChangedFile[]> | undefined;
      const changedFiles = () => (changed ??= github.changedFiles(pr, ctx.headSha));
      // The base SHA pins OWNERS to what the PR merges into; the branch name is the fallback.
      const baseRef = ctx.baseSha || ctx.baseRef;

      for (const req of dedupe(requests)) {
        switch (req.kind) {
          case 'collaborator':
            facts.collaborators[req.login.toLowerCase()] = await github.isCollaborator(r, req.login);
            break;
          case 'orgMember':
            facts.orgMembers[`${req.org}/${req.login}`.toLowerCase()] = await github.isOrgMember(r, req.org, req.login);
            break;
          case 'permission':
            facts.permissions[req.login.toLowerCase()] = await github.permission(r, req.login);
            break;
          case 'team':
            facts.teams[`${req.org}/${req.slug}`.toLowerCase()] = await github.teamMembers(r, req.org, req.slug);
            break;
          case 'repoLabels':
            facts.repoLabels = await github.repoLabels(r);
            break;
          case 'changedFiles':
            facts.changedFiles = await changedFiles();
            break;
          case 'owners':
            facts.owners = await readOwners(github, r, baseRef, (await changedFiles()).map((f) => f.filename));
            break;
          case 'file':
            facts.files[`${req.ref}:${req.path}`] = await github.readFile(r, req.path, req.ref);
            break;
          case 'catImage':
            try {
              facts.catImage = { url: await catImage(req.category, req.movie) };
            } catch (err) {
              facts.catImage = { error: (err as Error).message };
            }
            break;
          case 'dogImage':
            try {
              facts.dogImage = { url: await dogImage() };
            } catch (err) {
              facts.dogImage = { error: (err as Error).message };
            }
            break;
          case 'collaboratorList':
            facts.collaboratorList = await github.collaboratorList(r);
            break;
          case 'commitTree':
            facts.commitTrees = { ...facts.commitTrees, [req.sha]: await github.commitTree(r, req.sha) };
            break;
          case 'commits':
            facts.commits = await github.commits(pr);
            break;
          case 'authorPrCount':
            facts.authorPrCount[req.login.toLowerCase()] = await github.authorPrCount(r, req.login);
            break;
          case 'mergeable':
            facts.mergeable = await github.pullMergeable(pr);
            break;
          case 'milestones':
            facts.milestones = await github.milestones(r);
            break;
        }
      }
      return facts;
    },

    /** The PR or issue as GitHub has it now, for a workflow switched on for an existing PR. */
    async loadEntity(ctx: { owner: string; repo: string; number: number; kind: 'pr' | 'issue' }): Promise<Partial<EntityState>> {
      return github.loadEntity(ctx);
    },
  };
}

async function readOwners(github: GithubActivities, r: { owner: string; repo: string }, ref: string, files: string[]): Promise<OwnersData> {
  const paths = ownersPathsFor(files);
  const texts = await Promise.all(paths.map((p) => github.readFile(r, p, ref)));
  const owners: OwnersData = { files: [], aliases: {} };
  paths.forEach((p, i) => {
    const text = texts[i];
    if (text != null) owners.files.push(parseOwners(p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '', text));
  });
  const aliases = await github.readFile(r, 'OWNERS_ALIASES', ref);
  if (aliases) owners.aliases = parseAliases(aliases);
  return owners;
}

function dedupe(requests: FactRequest[]): FactRequest[] {
  const seen = new Set<string>();
  return requests.filter((q) => {
    const k = JSON.stringify(q).toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
