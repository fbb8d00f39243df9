import { normLogin } from '../core/commands.js';
import { compileGoRegexp } from '../core/go-regexp.js';
import { rng } from '../core/prng.js';
import type { Plugin } from './types.js';
import type { Action } from '../core/model.js';

// Prow's heart plugin (pkg/plugins/heart): a reaction (+1, heart or hooray) on new PR
// conversation comments by an `adoree` that match `commentregexp`, and on a newly opened PR that
// adds lines to an OWNERS or OWNERS_ALIASES file (names from `owners.filenames`). Prow picks the
// reaction at random; here a PRNG seeded with the comment ID (or PR number) picks it.

export const REACTIONS = ['+1', 'heart', 'hooray'] as const;

export interface HeartCfg {
  adorees: string[];
  /** Go regexp from plugins.yaml; '' = no comment reactions. */
  commentRegexp: string;
  ownersFile: string;
  aliasesFile: string;
}

/** The reaction for a seed (the comment ID, or the PR number), the same on every replay. */
export function pickReaction(seed: number): (typeof REACTIONS)[number] {
  return REACTIONS[rng(seed).intn(REACTIONS.length)] ?? '+1';
}

function matches(pattern: string, body: string): boolean {
  try {
    return compileGoRegexp(pattern).test(body);
  } catch {
    return false; // plugins.yaml checks report bad regexps; Prow would not have loaded it
  }
}

const basename = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const isOpened = (input: { event: { kind: string; action: string }; state: { isPR: boolean } }) =>
  input.event.kind === 'pull_request' && input.event.action === 'opened' && input.state.isPR;

export const heart: Plugin<HeartCfg> = {
  name: 'heart',
  help: {
    description:
      'The heart plugin celebrates certain GitHub actions with the reaction emojis. Emojis are added to pull requests that make additions to OWNERS or OWNERS_ALIASES files and to comments left by specified "adorees".',
    commands: [],
    config: 'heart: {adorees, commentregexp}; owners.filenames',
  },
  config(plugins, org, repo) {
    const names = plugins.owners?.filenames?.[`${org}/${repo}`] ?? plugins.owners?.filenames?.[org];
    return {
      adorees: plugins.heart?.adorees ?? [],
      commentRegexp: plugins.heart?.commentregexp ?? '',
      ownersFile: names?.owners || 'OWNERS',
      aliasesFile: names?.owners_aliases || 'OWNERS_ALIASES',
    };
  },
  needs(input) {
    return isOpened(input) ? [{ kind: 'changedFiles' }] : [];
  },
  decide(input) {
    const { event, state, config, facts } = input;
    if (isOpened(input)) {
      const added = (facts.changedFiles ?? []).some(
        (f) => (basename(f.filename) === config.ownersFile || basename(f.filename) === config.aliasesFile) && f.additions > 0,
      );
      return added ? [{ type: 'react', content: pickReaction(state.number) }] : [];
    }
    // Issue comments on PRs only (not review comments, not PR bodies), new ones only.
    if (event.kind !== 'comment' || event.on === 'review_thread' || event.action !== 'created' || !state.isPR) return [];
    if (config.adorees.length === 0 || config.commentRegexp === '') return [];
    if (!config.adorees.some((a) => normLogin(a) === normLogin(event.actor))) return [];
    if (!matches(config.commentRegexp, event.body)) return [];
    const react: Action = { type: 'react', content: pickReaction(event.commentId), commentId: event.commentId };
    return [react];
  },
};
