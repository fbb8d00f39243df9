import { compileGoRegexp, type GoRegexp } from '../core/go-regexp.js';
import { formatResponse, webOf } from '../core/respond.js';
import type { PluginsConfig } from '../config/plugins.schema.js';
import type { Plugin } from './types.js';
import type { Action, ChangedFile, PrView } from '../core/model.js';

// Prow's blockade plugin (pkg/plugins/blockade/blockade.go): a PR that changes a file matching a
// blockade's `blockregexps` and none of its `exceptionregexps` (blockades listing this org or
// org/repo, whose optional `branchregexp` matches the base branch) gets do-not-merge/blocked-paths
// and a comment listing the files per explanation; when nothing is blocked any more the label and
// that comment go. PR opened/reopened/synchronize only.

export interface Blockade {
  /** Go regexp sources, as in plugins.yaml. */
  branchRegexp?: string;
  blockRegexps: string[];
  exceptionRegexps: string[];
  explanation: string;
}

export const BLOCKED_PATHS = 'do-not-merge/blocked-paths';
export const BLOCKADE_TAG = 'blockade';
const ACTIONS = new Set(['opened', 'reopened', 'synchronize']);
const BODY = `Adding label: \`${BLOCKED_PATHS}\` because PR changes a protected file.`;

function compile(source: string): GoRegexp | null {
  try {
    return compileGoRegexp(source);
  } catch {
    return null; // Prow logs the bad regexp and goes on without it.
  }
}

interface Compiled {
  block: GoRegexp[];
  except: GoRegexp[];
  explanation: string;
}

function applicable(config: Blockade[], branch: string): Compiled[] {
  return config.flatMap((b) => {
    if (b.branchRegexp !== undefined && compile(b.branchRegexp)?.test(branch) !== true) return [];
    const block = b.blockRegexps.map(compile).filter((r): r is GoRegexp => r !== null);
    if (block.length === 0) return [];
    const except = b.exceptionRegexps.map(compile).filter((r): r is GoRegexp => r !== null);
    return [{ block, except, explanation: b.explanation || 'Files are protected' }];
  });
}

const blobUrl = (state: PrView, f: ChangedFile, web: string) =>
  f.blobUrl ?? `${web}/${state.owner}/${state.repo}/blob/${state.headSha}/${f.filename.split('/').map(encodeURIComponent).join('/')}`;

/** The "Reasons for blocking" text; reasons in the order first met (Prow's map order is random). */
function summary(state: PrView, byReason: Map<string, ChangedFile[]>, web: string): string {
  let out = '#### Reasons for blocking this PR:\n';
  for (const [reason, files] of byReason) {
    out += `[${reason}]\n`;
    for (const f of files) out += `- [${f.filename}](${blobUrl(state, f, web)})\n\n`;
  }
  return out;
}

const hasLabel = (state: PrView) => state.labels.some((l) => l.toLowerCase() === BLOCKED_PATHS);

export const blockade: Plugin<Blockade[]> = {
  name: 'blockade',
  help: {
    description: `The blockade plugin blocks pull requests from merging if they touch specific files. The plugin applies the '${BLOCKED_PATHS}' label to pull requests that touch files that match a blockade's block regular expression and none of the corresponding exception regular expressions.`,
    commands: [],
    config: 'blockades: [{repos, branchregexp, blockregexps, exceptionregexps, explanation}]',
  },
  config(plugins: PluginsConfig, org: string, repo: string): Blockade[] {
    return (plugins.blockades ?? [])
      .filter((b) => (b.repos ?? []).includes(org) || (b.repos ?? []).includes(`${org}/${repo}`))
      .map((b) => ({
        ...(b.branchregexp !== undefined ? { branchRegexp: b.branchregexp } : {}),
        blockRegexps: b.blockregexps ?? [],
        exceptionRegexps: b.exceptionregexps ?? [],
        explanation: b.explanation ?? '',
      }));
  },
  needs({ event, state, config }) {
    if (event.kind !== 'pull_request' || !ACTIONS.has(event.action)) return [];
    return applicable(config, state.baseRef).length > 0 ? [{ kind: 'changedFiles' }] : [];
  },
  decide(input) {
    const { event, state, config, facts, footer } = input;
    if (event.kind !== 'pull_request' || !ACTIONS.has(event.action)) return [];
    const present = hasLabel(state);
    const blockades = applicable(config, state.baseRef);
    if (blockades.length === 0 && !present) return [];
    const byReason = new Map<string, ChangedFile[]>();
    if (blockades.length > 0) {
      if (!facts.changedFiles) return [];
      for (const f of facts.changedFiles) {
        for (const b of blockades) {
          if (b.block.some((r) => r.test(f.filename)) && !b.except.some((r) => r.test(f.filename))) {
            byReason.set(b.explanation, [...(byReason.get(b.explanation) ?? []), f]);
          }
        }
      }
    }
    if (byReason.size > 0 && !present) {
      return [
        { type: 'addLabels', labels: [BLOCKED_PATHS] },
        { type: 'comment', body: formatResponse(state.author, BODY, summary(state, byReason, webOf(input)), footer), tag: BLOCKADE_TAG },
      ];
    }
    if (byReason.size === 0 && present) {
      const prune = (state.botComments[BLOCKADE_TAG] ?? []).map((commentId): Action => ({ type: 'deleteComment', commentId }));
      return [{ type: 'removeLabel', label: BLOCKED_PATHS }, ...prune];
    }
    return [];
  },
};
