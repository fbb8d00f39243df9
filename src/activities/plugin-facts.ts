import { ApplicationFailure } from '@temporalio/common';
import { parseAliases, parseOwners, ownersPathsFor } from '../core/owners.js';
import type { ChangedFile, FactRequest, Facts, OwnersData } from '../core/model.js';
import { emptyFacts, mergeFacts } from '../core/model.js';
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

/** Facts gathered one request at a time: what GitHub refused is named, not thrown. */
export interface GatheredFacts {
  facts: Facts;
  /** factKey(request) → why it could not be read (a 4xx, a file too large to use). */
  failed: Record<string, string>;
}

/** The identity of a fact request (logins and orgs are case-insensitive on GitHub). */
export function factKey(r: FactRequest): string {
  return JSON.stringify(r).toLowerCase();
}

/** Files larger than this are not read into a decision (an author can push megabytes of OWNERS). */
export const MAX_FACT_FILE_BYTES = 512 * 1024;

/**
 * Gathers the facts plugins asked for, through the cached GitHub reads: one activity per event,
 * however many plugins need the same fact.
 */
export function createFactActivities({ github, catImage, dogImage }: FactDeps) {
  const gatherFacts = async (ctx: FactContext, requests: FactRequest[]): Promise<Facts> => {
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
          case 'botComments':
            facts.botComments = await github.botComments(pr);
            break;
          case 'headContexts':
            facts.headContexts = await github.headContexts(r, ctx.headSha);
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
  };

  return {
    /** All requests in one go; any refusal fails the call (kept for histories recorded before the sandbox). */
    gatherFacts,

    /**
     * Each request on its own, so one refused read costs only the plugins that needed it. Errors
     * worth retrying (rate limits, 5xx, network) still throw: the whole read is retried later.
     */
    async gatherFactsIsolated(ctx: FactContext, requests: FactRequest[]): Promise<GatheredFacts> {
      const out: GatheredFacts = { facts: emptyFacts(), failed: {} };
      const results = await Promise.all(
        dedupe(requests).map(async (req) => {
          try {
            return { req, facts: bounded(req, await gatherFacts(ctx, [req])) };
          } catch (err) {
            if (err instanceof ApplicationFailure && err.nonRetryable) return { req, error: err.message };
            if (err instanceof FactTooLarge) return { req, error: err.message };
            throw err;
          }
        }),
      );
      for (const r of results) {
        if ('error' in r) out.failed[factKey(r.req)] = r.error ?? 'failed';
        else out.facts = mergeFacts(out.facts, r.facts);
      }
      return out;
    },
  };
}

async function readOwners(github: GithubActivities, r: { owner: string; repo: string }, ref: string, files: string[]): Promise<OwnersData> {
  const paths = ownersPathsFor(files);
  const texts = await Promise.all(paths.map((p) => github.readFile(r, p, ref)));
  const owners: OwnersData = { files: [], aliases: {} };
  paths.forEach((p, i) => {
    const text = texts[i];
    if (text != null && text.length > MAX_FACT_FILE_BYTES) {
      throw new FactTooLarge(`${p} is ${text.length} bytes, more than the ${MAX_FACT_FILE_BYTES} Coxswain reads for a decision`);
    }
    if (text != null) owners.files.push(parseOwners(p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '', text));
  });
  const aliases = await github.readFile(r, 'OWNERS_ALIASES', ref);
  if (aliases && aliases.length > MAX_FACT_FILE_BYTES) throw new FactTooLarge(`OWNERS_ALIASES is ${aliases.length} bytes, more than the ${MAX_FACT_FILE_BYTES} Coxswain reads for a decision`);
  if (aliases) owners.aliases = parseAliases(aliases);
  return owners;
}

class FactTooLarge extends Error {}

/** Refuses facts too large to decide on, naming what and how large. */
function bounded(req: FactRequest, facts: Facts): Facts {
  const tooBig = (what: string, bytes: number) => {
    throw new FactTooLarge(`${what} is ${bytes} bytes, more than the ${MAX_FACT_FILE_BYTES} Coxswain reads for a decision`);
  };
  for (const [k, text] of Object.entries(facts.files)) if (text && text.length > MAX_FACT_FILE_BYTES) tooBig(`file ${k}`, text.length);
  for (const f of facts.owners?.files ?? []) {
    const size = JSON.stringify(f).length;
    if (size > MAX_FACT_FILE_BYTES) tooBig(`OWNERS in ${f.dir || 'the repository root'}`, size);
  }
  if (req.kind === 'commits') {
    const size = JSON.stringify(facts.commits ?? []).length;
    if (size > 4 * MAX_FACT_FILE_BYTES) tooBig('the commit messages of this PR', size);
  }
  return facts;
}

function dedupe(requests: FactRequest[]): FactRequest[] {
  const seen = new Set<string>();
  return requests.filter((q) => {
    const k = factKey(q);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
