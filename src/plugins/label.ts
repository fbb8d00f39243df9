import { genericComment, goTrimSpace, lineCommands, stripHtmlComments } from '../core/commands.js';
import { formatResponseRaw } from '../core/respond.js';
import { orgMemberKey } from '../core/trust.js';
import type { PluginsConfig } from '../config/plugins.schema.js';
import type { Plugin } from './types.js';
import type { Action, FactRequest, Facts } from '../core/model.js';

// Prow's label plugin (pkg/plugins/label/label.go): `/kind bug`, `/remove-sig node`, `/label foo`
// (configured labels only) on new comments and PR/issue bodies, HTML comments stripped first.
// Labels must exist in the repository; `triage/accepted` is for org members; restricted labels
// for their allowed teams/users, who are assigned when an `assign_on` label lands on a PR.

export interface RestrictedLabel {
  label: string;
  allowedTeams: string[];
  allowedUsers: string[];
  assignOn: string[];
}

export interface LabelConfig {
  additionalLabels: string[];
  /** Lower-cased label → rule, merged over "*", org and org/repo as Prow's RestrictedLabelsFor. */
  restricted: Record<string, RestrictedLabel>;
}

const TRIAGE_ACCEPTED = 'triage/accepted';
// One event does at most 100 things (the planner drops the rest): more refusals are never posted.
const MAX_REFUSALS = 100;
const NEEDS_CATEGORIES = ['kind', 'priority', 'sig', 'triage'];
const PREFIXES = 'area|committee|kind|language|priority|sig|triage|wg';
// Prow's `(?m)^/(prefixes)\s*(.*?)\s*$`, `(?m)^/remove-(prefixes)\s*(.*?)\s*$`,
// `(?m)^/label\s*(.*?)\s*$` and `(?m)^/remove-label\s*(.*?)\s*$`, matched in linear time.
const labelHead = `\\/(${PREFIXES})`;
const removeHead = `\\/remove-(${PREFIXES})`;
const customHead = '\\/label';
const customRemoveHead = '\\/remove-label';

const sortedUnion = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();

export function labelConfig(plugins: PluginsConfig, org: string, repo: string): LabelConfig {
  const restricted: Record<string, RestrictedLabel> = {};
  for (const key of ['*', org, `${org}/${repo}`]) {
    for (const r of plugins.label?.restricted_labels?.[key] ?? []) {
      const rule: RestrictedLabel = {
        label: r.label ?? '',
        allowedTeams: r.allowed_teams ?? [],
        allowedUsers: r.allowed_users ?? [],
        assignOn: (r.assign_on ?? []).map((a) => a.label ?? ''),
      };
      const k = rule.label.toLowerCase();
      const had = restricted[k];
      restricted[k] = !had
        ? rule
        : {
            ...had,
            allowedUsers: sortedUnion(had.allowedUsers, rule.allowedUsers),
            allowedTeams: sortedUnion(had.allowedTeams, rule.allowedTeams),
            assignOn: [...new Set([...had.assignOn, ...rule.assignOn])],
          };
    }
  }
  return { additionalLabels: plugins.label?.additional_labels ?? [], restricted };
}

/** One label named `n` times in a row (`/kind a<many spaces>b` names `kind/` once per space). */
interface Run {
  label: string;
  n: number;
}

interface Parsed {
  any: boolean;
  add: Run[];
  remove: Run[];
  /** `/label x` lines naming a label that is neither additional nor restricted. */
  unsupported: string[];
}

/** Appends `label` to `runs`, extending the last run when it names the same label. */
function pushRun(runs: Run[], label: string): void {
  const last = runs[runs.length - 1];
  if (last?.label === label) last.n++;
  else runs.push({ label, n: 1 });
}

const labelsOf = (runs: Run[]) => [...new Set(runs.map((r) => r.label))];

function parse(body: string, cfg: LabelConfig): Parsed {
  // Prow's getLabelsFromREMatches: every space-separated word after the command is a value, so
  // `/kind a<many spaces>b` names `kind/` once per space. Repeats are kept as runs (Prow lists
  // each one in its reply) so a 64 KiB comment costs one entry, not tens of thousands.
  const built = new Map<string, string>();
  const fromPrefix = (head: string, out: Run[]) => {
    for (const m of lineCommands(body, head)) {
      const parts = goTrimSpace(m[0]!).split(' ');
      for (let i = 1; i < parts.length; i++) {
        const key = `${m[1]}/${parts[i]}`;
        let l = built.get(key);
        if (l === undefined) built.set(key, (l = `${m[1]}/${goTrimSpace(parts[i]!)}`.toLowerCase()));
        pushRun(out, l);
      }
    }
  };
  const additional = new Set(cfg.additionalLabels.map((l) => l.toLowerCase()));
  const unsupported: string[] = [];
  const fromCustom = (head: string, out: Run[]) => {
    for (const m of lineCommands(body, head)) {
      const parts = goTrimSpace(m[0]!).split(' ');
      if ((parts[0] !== '/label' && parts[0] !== '/remove-label') || parts.length !== 2) continue;
      const l = parts[1]!.toLowerCase();
      if (cfg.restricted[l] || additional.has(l)) pushRun(out, l);
      else unsupported.push(m[0]!);
    }
  };
  const any = [labelHead, removeHead, customHead, customRemoveHead].some((head) => lineCommands(body, head, { first: true }).length > 0);
  const add: Run[] = [];
  fromPrefix(labelHead, add);
  fromCustom(customHead, add);
  const remove: Run[] = [];
  fromPrefix(removeHead, remove);
  fromCustom(customRemoveHead, remove);
  return { any, add, remove, unsupported };
}

/** `l, l, …, l` (n times): the way Prow's reply lists a label named n times. */
const repeated = ({ label, n }: Run) => `${label}, `.repeat(n - 1) + label;

const inCategory = (labels: string[], cat: string) => {
  const prefix = `${cat}/`;
  return labels.filter((l) => l.startsWith(prefix));
};
/**
 * The issue's label named `l` (lower-cased, as parse() gives them) in any case, if it has one.
 * Built once per event: a comment may name tens of thousands of labels.
 */
function labelFinder(labels: string[]): (l: string) => string | undefined {
  const byLower = new Map<string, string>();
  for (const x of labels) if (!byLower.has(x.toLowerCase())) byLower.set(x.toLowerCase(), x);
  return (l) => byLower.get(l);
}

/** Prow's canUserSetLabel: undefined when a team lookup is missing (Prow skips the label). */
function refusal(cfg: LabelConfig, facts: Facts, org: string, user: string, label: string): string | null | undefined {
  const rule = cfg.restricted[label];
  if (!rule || rule.allowedUsers.some((u) => u.toLowerCase() === user.toLowerCase())) return null;
  for (const team of rule.allowedTeams) {
    const members = facts.teams[`${org}/${team}`.toLowerCase()];
    if (!members) return undefined;
    if (members.some((m) => m.toLowerCase() === user.toLowerCase())) return null;
  }
  let msg = `The label(s) \`${label}\` cannot be applied or removed, because you are not in one of the allowed teams and are not an allowed user.`;
  if (rule.allowedTeams.length > 0) msg += ` Must be a member of one of these teams: ${rule.allowedTeams.join(', ')}`;
  else if (rule.allowedUsers.length > 0) msg += ` Consider assigning one of the following members: ${rule.allowedUsers.slice(0, 20).join(',')}`;
  return msg;
}

export const label: Plugin<LabelConfig> = {
  name: 'label',
  help: {
    description:
      "The label plugin provides commands that add or remove certain types of labels. Labels of the following types can be manipulated: 'area/*', 'committee/*', 'kind/*', 'language/*', 'priority/*', 'sig/*', 'triage/*', and 'wg/*'. More labels can be configured to be used via the /label command. Restricted labels are only able to be added by the teams and users present in their configuration, and those users can be automatically assigned when another label is added using the assign_on config.",
    commands: [
      {
        usage: '/[remove-](area|committee|kind|language|priority|sig|triage|wg|label) <target>',
        description: 'Applies or removes a label from one of the recognized types of labels.',
        whoCanUse:
          'Anyone can trigger this command on issues and PRs. `triage/accepted` can only be added by org members. Restricted labels are only able to be added by teams and users in their configuration.',
        examples: ['/kind bug', '/remove-area prow', '/sig testing', '/language zh', '/label foo-bar-baz'],
      },
    ],
    config: 'label: {additional_labels, restricted_labels: {"*"|org|org/repo: [{label, allowed_teams, allowed_users, assign_on: [{label}]}]}}',
  },
  config: labelConfig,
  needs({ event, state, config }) {
    const c = genericComment(event, state);
    if (!c || c.action !== 'created') return [];
    const p = parse(stripHtmlComments(c.body), config);
    if (!p.any) return [];
    const reqs: FactRequest[] = [{ kind: 'repoLabels' }];
    const hasLabel = labelFinder(state.labels);
    const adds = labelsOf(p.add).filter((l) => !hasLabel(l));
    const removes = labelsOf(p.remove).filter((l) => hasLabel(l));
    if (adds.includes(TRIAGE_ACCEPTED)) reqs.push({ kind: 'orgMember', org: state.owner, login: c.author });
    const needsLabels = NEEDS_CATEGORIES.filter((cat) => inCategory(labelsOf(p.remove), cat).length > 0).map((cat) => `needs-${cat}`);
    for (const l of new Set([...adds, ...removes, ...needsLabels])) {
      const rule = config.restricted[l];
      if (!rule || rule.allowedUsers.some((u) => u.toLowerCase() === c.author.toLowerCase())) continue;
      for (const slug of rule.allowedTeams) reqs.push({ kind: 'team', org: state.owner, slug });
    }
    return reqs;
  },
  decide({ event, state, config, facts, footer }) {
    if (event.kind === 'pull_request' && event.action === 'labeled' && event.label) {
      const on = event.label.toLowerCase();
      return Object.values(config.restricted)
        .filter((r) => r.allowedUsers.length > 0 && r.assignOn.some((a) => a.toLowerCase() === on))
        .map((r): Action => ({ type: 'assign', logins: r.allowedUsers }));
    }
    const c = genericComment(event, state);
    if (!c || c.action !== 'created' || !facts.repoLabels) return [];
    const body = stripHtmlComments(c.body);
    const p = parse(body, config);
    if (!p.any) return [];
    const reply = (msg: string): Action => ({ type: 'comment', body: formatResponseRaw(body, c.url, c.author, msg, footer) });
    const repo = new Set(facts.repoLabels.map((l) => l.toLowerCase()));
    const adds = p.add;
    const distinctAdds = labelsOf(p.add);
    const distinctRemoves = labelsOf(p.remove);
    for (const cat of NEEDS_CATEGORIES) {
      const needs = `needs-${cat}`;
      const removed = new Set(inCategory(distinctRemoves, cat));
      if (!repo.has(needs) || removed.size === 0 || inCategory(distinctAdds, cat).length > 0) continue;
      if (inCategory(state.labels, cat).every((l) => removed.has(l))) adds.push({ label: needs, n: 1 });
    }

    const hasLabel = labelFinder(state.labels);
    const toAdd: string[] = [];
    const adding = new Set<string>();
    const toRemove: string[] = [];
    const refusals: Action[] = [];
    const missingInRepo: string[] = [];
    const notOnIssue: string[] = [];
    let triageRefused = false;
    // The same refusal is the same reply: built once, however often the label is named.
    const replies = new Map<string, Action>();
    const allowed = (l: string, n: number) => {
      const why = refusal(config, facts, state.owner, c.author, l);
      if (typeof why === 'string') {
        let r = replies.get(why);
        if (!r) replies.set(why, (r = reply(why)));
        for (let i = 0; i < n && refusals.length < MAX_REFUSALS; i++) refusals.push(r);
      }
      return why === null;
    };
    // Each occurrence as Prow sees it; the repeats of a run meet the same state as its first.
    for (const run of adds) {
      const l = run.label;
      if (hasLabel(l) || adding.has(l)) continue;
      if (!repo.has(l)) missingInRepo.push(repeated(run));
      else if (l === TRIAGE_ACCEPTED && facts.orgMembers[orgMemberKey(state.owner, c.author)] !== true) {
        // A failed membership lookup skips the label without a reply, as Prow does on an error.
        triageRefused ||= facts.orgMembers[orgMemberKey(state.owner, c.author)] === false;
      } else if (allowed(l, run.n)) {
        toAdd.push(l);
        adding.add(l);
      }
    }
    for (const run of p.remove) {
      const l = run.label;
      const present = hasLabel(l);
      if (!present) notOnIssue.push(repeated(run));
      else if (repo.has(l) && !toRemove.includes(present) && allowed(l, run.n)) toRemove.push(present);
    }

    const actions: Action[] = [];
    if (toAdd.length > 0) actions.push({ type: 'addLabels', labels: toAdd });
    actions.push(...toRemove.map((l): Action => ({ type: 'removeLabel', label: l })), ...refusals);
    if (p.unsupported.length > 0) {
      const supported = [...config.additionalLabels, ...Object.keys(config.restricted).sort()];
      actions.push(
        reply(
          `The label(s) \`${p.unsupported.join(', ')}\` cannot be applied. These labels are supported: \`${supported.join(', ')}\`. Is this label configured under \`labels -> additional_labels\` or \`labels -> restricted_labels\` in \`plugin.yaml\`?`,
        ),
      );
    } else if (missingInRepo.length > 0) {
      actions.push(reply(`The label(s) \`${missingInRepo.join(', ')}\` cannot be applied, because the repository doesn't have them.`));
    } else if (notOnIssue.length > 0) {
      actions.push(reply(`Those labels are not set on the issue: \`${notOnIssue.join(', ')}\``));
    } else if (triageRefused) {
      actions.push(reply(`The label \`${TRIAGE_ACCEPTED}\` cannot be applied. Only GitHub organization members can add the label.`));
    }
    return actions;
  },
};
