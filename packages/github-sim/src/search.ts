import { combinedState, latestPerContext } from './shapes-commits.js';
import type { SimIssue, SimRepo } from './types.js';

// GitHub's issue search syntax (the part Tide-style merge pools and lifecycle jobs use): qualifiers
// `is:pr|issue|open|closed|merged|unmerged|draft`, `type:`, `state:`, `repo:o/r`, `org:`, `user:`,
// `label:a` (repeat: all of them; `label:a,b`: either), `-label:x` (any qualifier can be negated
// with `-`), `no:label|assignee|milestone`, `base:`, `head:`, `author:`, `assignee:`, `milestone:`,
// `review:approved|changes_requested|none`, `status:success|failure|pending`, `draft:true|false`,
// `archived:`, `created:`/`updated:` with `>`, `>=`, `<`, `<=` or `a..b`, `sort:field-order`,
// and free words matched in the title and body. Values may be quoted ("do-not-merge/hold").

export interface Term {
  negated: boolean;
  key: string | null;
  value: string;
}

export interface ParsedQuery {
  terms: Term[];
  sort?: { field: string; order: 'asc' | 'desc' };
}

export function tokenize(q: string): string[] {
  const out: string[] = [];
  const re = /(-?[\w-]+:"[^"]*"|-?[\w-]+:\S+|"[^"]*"|\S+)/g;
  for (const m of q.matchAll(re)) out.push(m[0]);
  return out;
}

export function parseQuery(q: string): ParsedQuery {
  const parsed: ParsedQuery = { terms: [] };
  for (const token of tokenize(q)) {
    const m = /^(-?)([\w-]+):(.*)$/.exec(token);
    if (!m) {
      parsed.terms.push({ negated: false, key: null, value: token.replace(/^"|"$/g, '') });
      continue;
    }
    const [, neg = '', key = '', raw = ''] = m;
    const value = raw.replace(/^"|"$/g, '');
    if (key.toLowerCase() === 'sort') {
      const [field = 'created', order = 'desc'] = value.split('-');
      parsed.sort = { field, order: order === 'asc' ? 'asc' : 'desc' };
      continue;
    }
    parsed.terms.push({ negated: neg === '-', key: key.toLowerCase(), value });
  }
  return parsed;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function compareTime(at: string, spec: string): boolean {
  const t = Date.parse(at);
  const range = /^(.+)\.\.(.+)$/.exec(spec);
  if (range) {
    const lo = range[1] === '*' ? -Infinity : Date.parse(range[1] ?? '');
    const hi = range[2] === '*' ? Infinity : Date.parse(range[2] ?? '');
    return t >= lo && t <= hi;
  }
  const m = /^(>=|<=|>|<)?(.+)$/.exec(spec);
  const when = Date.parse(m?.[2] ?? '');
  switch (m?.[1]) {
    case '>':
      return t > when;
    case '>=':
      return t >= when;
    case '<':
      return t < when;
    case '<=':
      return t <= when;
    default:
      return new Date(t).toISOString().slice(0, 10) === (m?.[2] ?? '').slice(0, 10);
  }
}

function reviewDecision(issue: SimIssue): 'approved' | 'changes_requested' | 'none' | 'required' {
  const reviews = issue.pull?.reviews ?? [];
  const latest = new Map<string, string>();
  for (const r of reviews) if (r.state !== 'COMMENTED' && r.state !== 'PENDING') latest.set(r.user.toLowerCase(), r.state);
  const states = [...latest.values()];
  if (states.includes('CHANGES_REQUESTED')) return 'changes_requested';
  if (states.includes('APPROVED')) return 'approved';
  return reviews.length === 0 ? 'none' : 'required';
}

function matchTerm(repo: SimRepo, issue: SimIssue, t: Term): boolean {
  const v = t.value;
  const pull = issue.pull;
  switch (t.key) {
    case null:
      return `${issue.title}\n${issue.body ?? ''}`.toLowerCase().includes(v.toLowerCase());
    case 'is':
    case 'type':
    case 'state':
      switch (v.toLowerCase()) {
        case 'pr':
        case 'pull-request':
          return !!pull;
        case 'issue':
          return !pull;
        case 'open':
        case 'closed':
          return issue.state === v.toLowerCase();
        case 'merged':
          return !!pull?.merged;
        case 'unmerged':
          return !!pull && !pull.merged && issue.state === 'closed';
        case 'draft':
          return !!pull?.draft;
        case 'locked':
          return issue.locked;
        case 'unlocked':
          return !issue.locked;
        default:
          return false;
      }
    case 'repo':
      return same(`${repo.owner}/${repo.name}`, v);
    case 'org':
    case 'user':
    case 'owner':
      return same(repo.owner, v);
    case 'label':
      return v.split(',').some((name) => issue.labels.some((l) => same(l, name)));
    case 'no':
      if (v === 'label') return issue.labels.length === 0;
      if (v === 'assignee') return issue.assignees.length === 0;
      if (v === 'milestone') return issue.milestone === null;
      return false;
    case 'base':
      return !!pull && pull.base.ref === v;
    case 'head':
      return !!pull && pull.head.ref === v;
    case 'author':
      return same(issue.user, v);
    case 'assignee':
      return issue.assignees.some((a) => same(a, v));
    case 'milestone':
      return issue.milestone !== null && same(issue.milestone, v);
    case 'review':
      return !!pull && reviewDecision(issue) === v.toLowerCase();
    case 'status':
      return !!pull && combinedState(latestPerContext(repo.statuses[pull.head.sha] ?? [])) === v.toLowerCase();
    case 'draft':
      return !!pull && pull.draft === (v === 'true');
    case 'archived':
      return v === 'false';
    case 'created':
      return compareTime(issue.created_at, v);
    case 'updated':
      return compareTime(issue.updated_at, v);
    case 'closed':
      return issue.closed_at !== null && compareTime(issue.closed_at, v);
    case 'merged':
      return !!pull?.merged_at && compareTime(pull.merged_at, v);
    case 'in':
      return true;
    default:
      return `${issue.title}\n${issue.body ?? ''}`.toLowerCase().includes(`${t.key}:${v}`.toLowerCase());
  }
}

const SCOPE = new Set(['repo', 'org', 'user', 'owner']);

/** Scope qualifiers (repo:, org:, user:) widen the search (any of them); all other terms must hold. */
export function matches(repo: SimRepo, issue: SimIssue, q: ParsedQuery): boolean {
  const scope = q.terms.filter((t) => !t.negated && SCOPE.has(t.key ?? ''));
  const rest = q.terms.filter((t) => !scope.includes(t));
  return (scope.length === 0 || scope.some((t) => matchTerm(repo, issue, t))) && rest.every((t) => matchTerm(repo, issue, t) !== t.negated);
}

/** Search results in GitHub's order: `sort` (created, updated, comments) and `order` (desc by default). */
export function searchIssues(repos: SimRepo[], q: ParsedQuery, sortParam?: string, orderParam?: string): Array<{ repo: SimRepo; issue: SimIssue }> {
  const hits = repos.flatMap((repo) => repo.issues.filter((issue) => matches(repo, issue, q)).map((issue) => ({ repo, issue })));
  const field = sortParam ?? q.sort?.field ?? 'created';
  const order = (orderParam ?? q.sort?.order ?? 'desc') === 'asc' ? 1 : -1;
  const key = ({ issue }: { issue: SimIssue }): string | number =>
    field === 'updated' ? issue.updated_at : field === 'comments' ? issue.comments.length : issue.created_at;
  return hits.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return (ka < kb ? -1 : ka > kb ? 1 : a.issue.id - b.issue.id) * order;
  });
}
