import { commandLine, genericComment } from '../core/commands.js';
import type { GithubEvent } from '../core/event.js';
import { ownersFilenames, parentDir, parseAliasesStrict, parseOwnersStrict } from '../core/owners.js';
import { formatResponseRaw, webOf } from '../core/respond.js';
import type { Plugin } from './types.js';
import type { Action, ChangedFile, FactRequest, PrView } from '../core/model.js';

// Prow's verify-owners plugin (pkg/plugins/verify-owners), the checks that need no extra lookups:
// when a PR changes OWNERS files (or OWNERS_ALIASES), or on `/verify-owners`, each changed OWNERS
// file must parse, carry no banned label, and the root one must name approvers; OWNERS_ALIASES
// must parse. Bad files get a review comment and the do-not-merge/invalid-owners-file label;
// when all is well the label goes. Not ported: the check that newly added owners are trusted
// users (one membership lookup per added login).

export const INVALID_OWNERS_LABEL = 'do-not-merge/invalid-owners-file';

export interface VerifyOwnersConfig {
  labelsDenylist: string[];
  owners: string;
  ownersAliases: string;
}

const verifyRe = commandLine('verify-owners');
const PR_ACTIONS = ['opened', 'reopened', 'synchronize'];
const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

function triggered(event: GithubEvent, state: PrView): boolean {
  if (!state.isPR) return false;
  if (event.kind === 'pull_request') return PR_ACTIONS.includes(event.action);
  const c = genericComment(event, state);
  return !!c && c.action === 'created' && state.state === 'open' && verifyRe.test(c.body);
}

/** The changed OWNERS files (not removed) and whether OWNERS_ALIASES changed; null: nothing to do. */
function work(files: ChangedFile[], state: PrView, config: VerifyOwnersConfig): { owners: string[] } | null {
  const owners = files.filter((f) => baseName(f.filename) === config.owners && f.status !== 'removed').map((f) => f.filename);
  const aliases = files.some((f) => f.filename === config.ownersAliases);
  return owners.length > 0 || aliases || state.labels.includes(INVALID_OWNERS_LABEL) ? { owners } : null;
}

const key = (state: PrView, path: string) => `${state.headSha}:${path}`;

function checkOwners(path: string, text: string, banned: string[]): string | null {
  const r = parseOwnersStrict(parentDir(path), text);
  if ('error' in r) return `Cannot parse file: ${r.error}.`;
  const f = r.file;
  const labels = new Set([...f.labels, ...f.filters.flatMap((x) => x.labels)]);
  const bad = [...new Set(banned)].filter((l) => labels.has(l)).sort();
  if (bad.length > 0) return `File contains banned labels: [${bad.join(' ')}].`;
  const approvers = [...f.approvers, ...f.filters.flatMap((x) => x.approvers)];
  if (parentDir(path) === '' && approvers.length === 0) return `No approvers defined in this root directory ${baseName(path)} file.`;
  return null;
}

export const verifyOwners: Plugin<VerifyOwnersConfig> = {
  name: 'verify-owners',
  help: {
    description:
      "The verify-owners plugin validates OWNERS and OWNERS_ALIASES files (by default) and ensures that they always contain collaborators of the org, if they are modified in a PR. On validation failure it automatically adds the 'do-not-merge/invalid-owners-file' label to the PR, and a review comment on the incriminating file(s). Per-repo configuration for filenames is possible.",
    commands: [{ usage: '/verify-owners', description: INVALID_OWNERS_LABEL, whoCanUse: 'Anyone', examples: ['/verify-owners'] }],
    config: 'owners: {labels_denylist, filenames}',
  },
  config(plugins, org, repo) {
    const names = ownersFilenames(plugins.owners?.filenames, org, repo);
    return { labelsDenylist: plugins.owners?.labels_denylist ?? [], owners: names.owners, ownersAliases: names.ownersAliases };
  },
  needs({ event, state, config, facts }) {
    if (!triggered(event, state)) return [];
    if (!facts?.changedFiles) return [{ kind: 'changedFiles' }];
    const w = work(facts.changedFiles, state, config);
    if (!w) return [];
    return [...w.owners, config.ownersAliases].map((path): FactRequest => ({ kind: 'file', path, ref: state.headSha }));
  },
  decide(input) {
    const { event, state, config, facts, footer } = input;
    if (!triggered(event, state) || !facts.changedFiles) return [];
    const w = work(facts.changedFiles, state, config);
    // Without the files' contents there is nothing to judge by (and no reason to drop the label).
    if (!w || ![...w.owners, config.ownersAliases].every((p) => key(state, p) in facts.files)) return [];
    const has = state.labels.includes(INVALID_OWNERS_LABEL);
    const label: Action[] = has ? [] : [{ type: 'addLabels', labels: [INVALID_OWNERS_LABEL] }];
    const out: Action[] = [];
    const aliasesText = facts.files[key(state, config.ownersAliases)];
    if (aliasesText != null) {
      const parsed = parseAliasesStrict(aliasesText);
      if ('error' in parsed) return [...label, { type: 'comment', body: 'The content of OWNERS_ALIASES is invalid.' }];
      if (Object.values(parsed.aliases).some((m) => m.length === 0)) {
        out.push({ type: 'comment', body: 'There are empty aliases in OWNER_ALIASES, cleanup is advised.' });
      }
    }
    const wrong = w.owners
      .sort()
      .flatMap((path) => {
        const text = facts.files[key(state, path)];
        const msg = text == null ? null : checkOwners(path, text, config.labelsDenylist);
        return msg ? [{ path, position: 1, body: msg }] : [];
      });
    if (wrong.length === 0) return [...out, ...(has ? [{ type: 'removeLabel', label: INVALID_OWNERS_LABEL } as const] : [])];
    const s = wrong.length === 1 ? '' : 's';
    const prUrl = `${webOf(input)}/${state.owner}/${state.repo}/pull/${state.number}`;
    const body = formatResponseRaw(state.body, prUrl, state.author, `${wrong.length} invalid ${config.owners} file${s}`, footer);
    return [...out, ...label, { type: 'review', body, comments: wrong }];
  },
};
