import { BOL, commandLine, EOL, genericComment, normLogin, WS } from '../core/commands.js';
import { compileGoRegexp, type GoRegexp } from '../core/go-regexp.js';
import { RepoOwners, skipsCollaborators } from '../core/owners.js';
import { rng, type Rng } from '../core/prng.js';
import type { DecideInput, Plugin } from './types.js';
import type { FactRequest } from '../core/model.js';

// Prow's blunderbuss plugin (pkg/plugins/blunderbuss, pkg/reviewer): requests reviews from OWNERS
// reviewers when a PR is opened or ready for review, on `/auto-cc`, or when the wait_for_status
// context reaches the configured state (prow.md §2.5). Prow picks at random; here the picks come
// from a generator seeded with the PR number, so a replayed workflow picks the same people.
// `use_status_availability` (a GraphQL call per candidate) is not supported: everyone is available.

export interface BlunderbussConfig {
  requestCount: number;
  maxRequestCount: number;
  excludeApprovers: boolean;
  ignoreDrafts: boolean;
  ignoreAuthors: string[];
  waitForStatus?: { context: string; state: string; description: string };
  skipCollaborators: boolean;
}

const autoCcRe = commandLine('auto-cc');
/** assign's /cc regexp: a PR body that requests reviewers itself is left alone. */
const ccRe = new RegExp(`${BOL}\\/(un)?cc(( +@?[-/\\w]+?)*)${WS}*${EOL}`, 'i');

type In = Omit<DecideInput<BlunderbussConfig>, 'facts'>;

function triggered({ event, state, config }: In): boolean {
  if (!state.isPR || state.state !== 'open') return false;
  const ignored = (state.draft && config.ignoreDrafts) || config.ignoreAuthors.some((a) => normLogin(a) === normLogin(state.author));
  const c = genericComment(event, state);
  if (c && c.action === 'created' && autoCcRe.test(c.body)) return true;
  if (event.kind === 'pull_request') {
    return (event.action === 'opened' || event.action === 'ready_for_review') && !ccRe.test(state.body) && !config.waitForStatus && !ignored;
  }
  if (event.kind === 'status' && config.waitForStatus) {
    const w = config.waitForStatus;
    if (event.context !== w.context || event.state !== w.state || event.sha !== state.headSha) return false;
    let re: GoRegexp;
    try {
      re = compileGoRegexp(w.description);
    } catch {
      return false;
    }
    return re.test(event.description) && !ignored && state.requestedReviewers.length === 0;
  }
  return false;
}

/** Prow's layeredsets.String: an item lives in one layer; picks come from the lowest layer. */
class Layered {
  constructor(readonly layers: Array<Set<string>> = []) {}
  static of(layers: string[][]): Layered {
    const l = new Layered();
    layers.forEach((items, i) => items.forEach((x) => l.insert(i, x)));
    return l;
  }
  has(x: string): boolean {
    return this.layers.some((s) => s.has(x));
  }
  insert(layer: number, x: string): void {
    while (this.layers.length <= layer) this.layers.push(new Set());
    if (!this.has(x)) this.layers[layer]!.add(x);
  }
  get size(): number {
    return this.layers.reduce((n, s) => n + s.size, 0);
  }
  all(): Set<string> {
    return new Set(this.list());
  }
  without(drop: Set<string>): Layered {
    return Layered.of(this.layers.map((s) => [...s].filter((x) => !drop.has(x))));
  }
  union(other: Layered): Layered {
    const l = Layered.of(this.layers.map((s) => [...s].sort()));
    other.layers.forEach((s, i) => [...s].sort().forEach((x) => l.insert(i, x)));
    return l;
  }
  popRandom(r: Rng): string {
    for (const s of this.layers) {
      if (s.size === 0) continue;
      const pick = [...s].sort()[r.intn(s.size)]!;
      s.delete(pick);
      return pick;
    }
    return '';
  }
  list(): string[] {
    return this.layers.flatMap((s) => [...s].sort());
  }
}

interface Source {
  nearest(file: string): string;
  leaves(file: string): Set<string>;
  layers(file: string): string[][];
  required(file: string): Set<string>;
}

/** Prow's getReviewers: one leaf per OWNERS file, then more leaves, then ancestors. */
function pick(src: Source, author: string, files: string[], min: number, r: Rng): { reviewers: string[]; required: string[] } {
  const me = new Set([normLogin(author)]);
  const chosen = new Layered();
  const required = new Set<string>();
  let leaves = new Layered();
  const seen = new Set<string>();
  if (min === 0) return { reviewers: [], required: [] };
  for (const f of files) {
    const owners = src.nearest(f);
    if (seen.has(owners)) continue;
    seen.add(owners);
    src.required(f).forEach((x) => required.add(x));
    const unused = Layered.of([[...src.leaves(f)].sort()]).without(chosen.all()).without(me);
    if (unused.size === 0) continue;
    leaves = leaves.union(unused);
    const who = unused.popRandom(r);
    if (who) chosen.insert(0, who);
  }
  const unusedLeaves = leaves.without(chosen.all());
  while (chosen.size < min && unusedLeaves.size > 0) {
    const who = unusedLeaves.popRandom(r);
    if (who) chosen.insert(1, who);
  }
  for (const f of files) {
    if (chosen.size >= min) break;
    const all = Layered.of(src.layers(f)).without(me);
    while (chosen.size < min && all.size > 0) {
      const who = all.popRandom(r);
      if (who) chosen.insert(2, who);
    }
  }
  return { reviewers: chosen.list(), required: [...required].sort() };
}

export const blunderbuss: Plugin<BlunderbussConfig> = {
  name: 'blunderbuss',
  help: {
    description:
      'The blunderbuss plugin automatically requests reviews from reviewers when a new PR is created. The reviewers are selected based on the reviewers specified in the OWNERS files that apply to the files modified by the PR.',
    commands: [
      {
        usage: '/auto-cc',
        description: 'Manually request reviews from reviewers for a PR. Useful if OWNERS file were updated since the PR was opened.',
        whoCanUse: 'Anyone',
        examples: ['/auto-cc'],
      },
    ],
    config: 'blunderbuss: {request_count, max_request_count, exclude_approvers, ignore_drafts, ignore_authors, wait_for_status}, owners.skip_collaborators',
  },
  config(plugins, org, repo) {
    const b = plugins.blunderbuss ?? {};
    const w = b.wait_for_status;
    return {
      requestCount: b.request_count ?? 2,
      maxRequestCount: b.max_request_count ?? 0,
      excludeApprovers: b.exclude_approvers ?? false,
      ignoreDrafts: b.ignore_drafts ?? false,
      ignoreAuthors: b.ignore_authors ?? [],
      waitForStatus: w ? { context: w.context ?? 'tide', state: w.state ?? 'pending', description: w.description ?? '' } : undefined,
      skipCollaborators: skipsCollaborators(plugins.owners?.skip_collaborators, org, repo),
    };
  },
  needs(input) {
    if (!triggered(input)) return [];
    const facts: FactRequest[] = [{ kind: 'changedFiles' }, { kind: 'owners' }];
    return input.config.skipCollaborators ? facts : [...facts, { kind: 'collaboratorList' }];
  },
  decide(input) {
    const { state, config, facts } = input;
    if (!triggered(input) || !facts.owners) return [];
    const repo = new RepoOwners(facts.owners, config.skipCollaborators ? undefined : facts.collaboratorList);
    const files = (facts.changedFiles ?? []).map((f) => f.filename);
    const r = rng(state.number);
    const reviewersOf: Source = {
      nearest: (f) => repo.findReviewersOwnersForFile(f),
      leaves: (f) => repo.leafReviewers(f),
      layers: (f) => repo.reviewerLayers(f),
      required: (f) => repo.requiredReviewers(f),
    };
    const { reviewers, required } = pick(reviewersOf, state.author, files, config.requestCount, r);
    if (reviewers.length < config.requestCount && !config.excludeApprovers) {
      // Approvers stand in for missing reviewers; Prow asks for a full count of them, then adds the new ones.
      const approversOf: Source = {
        nearest: (f) => repo.findApproverOwnersForFile(f),
        leaves: (f) => repo.leafApprovers(f),
        layers: (f) => repo.approverLayers(f),
        required: (f) => repo.requiredReviewers(f),
      };
      for (const a of pick(approversOf, state.author, files, config.requestCount, r).reviewers) if (!reviewers.includes(a)) reviewers.push(a);
    }
    const capped = config.maxRequestCount > 0 ? reviewers.slice(0, config.maxRequestCount) : reviewers;
    const logins = [...new Set([...capped, ...required])];
    return logins.length > 0 ? [{ type: 'requestReview', logins }] : [];
  },
};
