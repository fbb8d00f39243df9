// Which presubmits a comment or a PR event runs, as Prow decides it (pkg/pjutil/filter.go,
// pkg/config/jobs.go ShouldRun/CouldRun, pkg/pjutil/help.go). Pure; every pattern is Go RE2
// matched by re2js, so a hostile comment costs time linear in its length.
import { shouldRunOnBranch } from './brancher.js';
import { compileGoRegexp } from './go-regexp.js';

/** What trigger needs of a presubmit (the job's spec stays in config; the executor reads it). */
export interface PresubmitTrigger {
  name: string;
  context: string;
  trigger: string;
  rerun_command: string;
  always_run?: boolean;
  run_if_changed?: string;
  skip_if_only_changed?: string;
  optional?: boolean;
  skip_report?: boolean;
  run_before_merge?: boolean;
  branches?: string[];
  skip_branches?: string[];
}

/** The fields of a presubmit's spec in config.yaml that trigger reads (the rest stays in config). */
export type PresubmitSpecFields = Omit<PresubmitTrigger, 'optional' | 'always_run' | 'skip_report' | 'run_before_merge' | 'branches' | 'skip_branches'> & {
  always_run?: boolean | null;
  optional?: boolean | null;
  skip_report?: boolean | null;
  run_before_merge?: boolean | null;
  run_if_changed?: string | null;
  skip_if_only_changed?: string | null;
  branches?: readonly string[] | null;
  skip_branches?: readonly string[] | null;
};

/**
 * The trigger fields of org/repo's presubmits in config.yaml (`presubmits:` keyed by org/repo):
 * what trigger, skip and override decide with; the specs stay in config, the job workflow reads them.
 */
export function presubmitTriggers(prow: { presubmits?: Record<string, readonly PresubmitSpecFields[]> | null } | undefined, org: string, repo: string): PresubmitTrigger[] {
  return (prow?.presubmits?.[`${org}/${repo}`] ?? []).map((j) => ({
    name: j.name,
    context: j.context,
    trigger: j.trigger,
    rerun_command: j.rerun_command,
    ...(j.always_run ? { always_run: true } : {}),
    ...(j.run_if_changed ? { run_if_changed: j.run_if_changed } : {}),
    ...(j.skip_if_only_changed ? { skip_if_only_changed: j.skip_if_only_changed } : {}),
    ...(j.optional ? { optional: true } : {}),
    ...(j.skip_report ? { skip_report: true } : {}),
    ...(j.run_before_merge ? { run_before_merge: true } : {}),
    ...(j.branches?.length ? { branches: [...j.branches] } : {}),
    ...(j.skip_branches?.length ? { skip_branches: [...j.skip_branches] } : {}),
  }));
}

/** The PR's changed file names, or undefined when they were not read (the caller asks for them first). */
export type Changes = string[] | undefined;

export class ChangesNeeded extends Error {
  constructor() {
    super('changed files are needed to decide');
  }
}

const re = (p: string) => compileGoRegexp(p);
export const TEST_ALL_RE = re('(?m)^/test all,?($|\\s.*)');
export const RETEST_RE = re('(?m)^/retest\\s*$');
export const RETEST_REQUIRED_RE = re('(?m)^/retest-required\\s*$');
export const OK_TO_TEST_RE = re('(?m)^/ok-to-test\\s*$');
export const OK_TO_TEST_CANCEL_RE = re('(?m)^/ok-to-test cancel\\s*$');
const TEST_HELP_RE = re('(?m)^/test[ \\t]*\\?\\s*$');
const EMPTY_TEST_RE = re('(?m)^/test\\s*$');
const RETEST_WITH_TARGET_RE = re('(?m)^/retest[ \\t]+\\S+');
const TEST_WITH_ANY_TARGET_RE = re('(?m)^/test[ \\t]+\\S+');

export const TEST_WITHOUT_TARGET_NOTE = 'The `/test` command needs one or more targets.\n';
export const RETEST_WITH_TARGET_NOTE = 'The `/retest` command does not accept any targets.\n';
export const TARGET_NOT_FOUND_NOTE = 'The specified target(s) for `/test` were not found.\n';
export const NO_TEST_ALL_JOBS_NOTE = 'No jobs can be run with `/test all`.\n';

export function needsExplicitTrigger(p: PresubmitTrigger): boolean {
  return !p.always_run && !runsAgainstChanges(p);
}

function runsAgainstChanges(p: PresubmitTrigger): boolean {
  return !!(p.run_if_changed || p.skip_if_only_changed);
}

export function triggerMatches(p: PresubmitTrigger, body: string): boolean {
  return re(p.trigger).test(body);
}

/**
 * Prow's RegexpChangeMatcher: whether the changes decide (a run_if_changed or
 * skip_if_only_changed is set) and, if so, whether the job runs. With no changed files,
 * neither pattern runs the job.
 */
export function changesDecide(p: { run_if_changed?: string; skip_if_only_changed?: string }, changes: Changes): { determined: boolean; run: boolean } {
  if (p.run_if_changed) {
    if (!changes) throw new ChangesNeeded();
    const r = re(p.run_if_changed);
    return { determined: true, run: changes.some((f) => r.test(f)) };
  }
  if (p.skip_if_only_changed) {
    if (!changes) throw new ChangesNeeded();
    const r = re(p.skip_if_only_changed);
    return { determined: true, run: changes.some((f) => !r.test(f)) };
  }
  return { determined: false, run: false };
}

/**
 * Prow's Presubmit.ShouldRun: branches first, then always_run, forced, then `(determined && run) ||
 * defaults` (since Prow's d5c1e88 "/retest should force failed jobs to rerun": a failed
 * run_if_changed job is rerun even when the changes no longer match).
 */
export function presubmitShouldRun(p: PresubmitTrigger, branch: string, changes: Changes, forced: boolean, defaults: boolean): boolean {
  if (!shouldRunOnBranch(p, branch)) return false;
  if (p.always_run || forced || defaults) return true;
  const d = changesDecide(p, changes);
  return d.determined && d.run;
}

/** A filter says whether a presubmit matched, whether it is forced to run, and the default. */
export type Filter = (p: PresubmitTrigger) => [matched: boolean, forced: boolean, defaults: boolean];

export function commandFilter(body: string): Filter {
  return (p) => {
    const m = triggerMatches(p, body);
    return [m, m, true];
  };
}

export const testAllFilter: Filter = (p) => [!needsExplicitTrigger(p), false, false];

/** The contexts on the PR's head: all of them, and those in failure or error. */
export interface HeadContexts {
  failed: Set<string>;
  all: Set<string>;
}

export function retestFilter(ctx: HeadContexts): Filter {
  return (p) => {
    const failed = ctx.failed.has(p.context);
    return [failed || (!needsExplicitTrigger(p) && !ctx.all.has(p.context)), false, failed];
  };
}

export function retestRequiredFilter(ctx: HeadContexts): Filter {
  const retest = retestFilter(ctx);
  return (p) => (p.optional ? [false, false, false] : retest(p));
}

/** The first filter that matches decides (Prow's AggregateFilter). */
export function aggregate(filters: Filter[]): Filter {
  return (p) => {
    for (const f of filters) {
      const r = f(p);
      if (r[0]) return r;
    }
    return [false, false, false];
  };
}

/** Whether the comment needs the head's contexts (it is a /retest or /retest-required). */
export function needsHeadContexts(body: string): boolean {
  return RETEST_RE.test(body) || RETEST_REQUIRED_RE.test(body);
}

/** Prow's PresubmitFilter for a comment, most specific first. */
export function presubmitFilter(honorOkToTest: boolean, body: string, contexts: HeadContexts | undefined): Filter {
  const filters: Filter[] = [commandFilter(body)];
  const ctx = contexts ?? { failed: new Set<string>(), all: new Set<string>() };
  if (RETEST_RE.test(body)) filters.push(retestFilter(ctx));
  if (RETEST_REQUIRED_RE.test(body)) filters.push(retestRequiredFilter(ctx));
  if ((honorOkToTest && OK_TO_TEST_RE.test(body)) || TEST_ALL_RE.test(body)) filters.push(testAllFilter);
  return aggregate(filters);
}

/** Prow's FilterPresubmits: the presubmits the filter matches that should run on `branch`. */
export function filterPresubmits(filter: Filter, changes: Changes, branch: string, presubmits: PresubmitTrigger[]): PresubmitTrigger[] {
  return presubmits.filter((p) => {
    const [matched, forced, defaults] = filter(p);
    return matched && presubmitShouldRun(p, branch, changes, forced, defaults);
  });
}

/** Whether deciding for this filter may need the changed files (a matched job that runs on changes). */
export function mayNeedChanges(filter: Filter, branch: string, presubmits: PresubmitTrigger[]): boolean {
  return presubmits.some((p) => {
    const [matched, forced] = filter(p);
    return matched && !forced && !p.always_run && runsAgainstChanges(p) && shouldRunOnBranch(p, branch);
  });
}

/** Whether trigger has anything to say about this comment (Prow's commentMatchesTrigger). */
export function commentMatchesTrigger(body: string, presubmits: PresubmitTrigger[]): boolean {
  return (
    RETEST_RE.test(body) ||
    RETEST_REQUIRED_RE.test(body) ||
    OK_TO_TEST_RE.test(body) ||
    OK_TO_TEST_CANCEL_RE.test(body) ||
    TEST_ALL_RE.test(body) ||
    mayNeedHelpComment(body) ||
    presubmits.some((p) => triggerMatches(p, body))
  );
}

export function mayNeedHelpComment(body: string): boolean {
  return EMPTY_TEST_RE.test(body) || RETEST_WITH_TARGET_RE.test(body) || TEST_WITH_ANY_TARGET_RE.test(body) || TEST_HELP_RE.test(body);
}

/** Prow's ShouldRespondWithHelp: whether to answer with the list of jobs, and the note above it. */
export function shouldRespondWithHelp(body: string, toRun: number): { help: boolean; note: string } {
  if (TEST_HELP_RE.test(body)) return { help: true, note: '' };
  if (EMPTY_TEST_RE.test(body)) return { help: true, note: TEST_WITHOUT_TARGET_NOTE };
  if (RETEST_WITH_TARGET_RE.test(body)) return { help: true, note: RETEST_WITH_TARGET_NOTE };
  if (toRun === 0 && TEST_ALL_RE.test(body)) return { help: true, note: NO_TEST_ALL_JOBS_NOTE };
  if (toRun === 0 && TEST_WITH_ANY_TARGET_RE.test(body)) return { help: true, note: TARGET_NOT_FOUND_NOTE };
  return { help: false, note: '' };
}

/** Whether a comment's run should prune earlier help replies (it was a /test or /retest). */
export function shouldPruneHelp(body: string): boolean {
  return TEST_WITH_ANY_TARGET_RE.test(body) || RETEST_RE.test(body) || RETEST_REQUIRED_RE.test(body);
}

/** Whether a bot comment is one of trigger's help replies (pruned when a later /test runs). */
export function isHelpComment(body: string): boolean {
  return (
    body.includes('The following commands are available to trigger') ||
    (body.includes('No presubmit jobs available for') && body.includes('@'))
  );
}

/** Prow's AvailablePresubmits: jobs `/test all` runs, and the optional and required `/test` commands. */
export function availablePresubmits(changes: Changes, branch: string, presubmits: PresubmitTrigger[]): { testAll: string[]; optional: string[]; required: string[] } {
  const testAll = filterPresubmits(testAllFilter, changes, branch, presubmits).map((p) => p.name);
  const byTrigger = filterPresubmits(aggregate(presubmits.map((p) => commandFilter(p.rerun_command))), changes, branch, presubmits);
  const optional = new Set<string>();
  const required = new Set<string>();
  for (const p of byTrigger) (p.optional ? optional : required).add(p.rerun_command);
  const sorted = (s: Iterable<string>) => [...new Set(s)].sort();
  return { testAll: sorted(testAll), optional: sorted(optional), required: sorted(required) };
}

/** Prow's HelpMessage, byte for byte. */
export function helpMessage(org: string, repo: string, branch: string, note: string, a: { testAll: string[]; optional: string[]; required: string[] }): string {
  if (a.testAll.length + a.optional.length + a.required.length === 0) return `No presubmit jobs available for ${org}/${repo}@${branch}`;
  const list = (names: string[]) => names.map((n) => `\n\`\`\`\n${n}\n\`\`\``).join('');
  let resp = note;
  if (a.required.length > 0) resp += `The following commands are available to trigger required jobs:${list(a.required)}\n\n`;
  if (a.optional.length > 0) resp += `The following commands are available to trigger optional jobs:${list(a.optional)}\n\n`;
  if (a.testAll.length === a.optional.length + a.required.length) resp += 'Use `/test all` to run all jobs.\n';
  else if (a.testAll.length > 0) resp += `Use \`/test all\` to run the following jobs that were automatically triggered:${list(a.testAll)}\n\n`;
  return resp;
}

/**
 * The comment's text without fenced code blocks, as Prow's markdown.DropCodeBlock removes them
 * (`(?msU)^```.*(\n```\n|\n```$)` and the same for ~~~): a block opens on a line starting with
 * the fence at column 0 and closes at the next line that is exactly the fence; an unclosed block
 * is left as it is. A `/test` shown inside one is an example, not a command. Linear: the next
 * closing line of each kind is found once, from the end.
 */
export function dropCodeBlocks(body: string): string {
  const lines = body.split('\n');
  const FENCES = ['```', '~~~'] as const;
  const nextClose = new Map<string, Int32Array>();
  for (const f of FENCES) {
    const next = new Int32Array(lines.length + 1).fill(-1);
    for (let i = lines.length - 1; i >= 0; i--) next[i] = lines[i] === f ? i : next[i + 1]!;
    nextClose.set(f, next);
  }
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCES.find((f) => line.startsWith(f));
    const close = fence ? nextClose.get(fence)![i + 1]! : -1;
    if (close >= 0) {
      i = close;
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}

/** What deciding a postsubmit needs of it. */
export interface PostsubmitTrigger {
  name: string;
  always_run?: boolean;
  run_if_changed?: string;
  skip_if_only_changed?: string;
  branches?: string[];
  skip_branches?: string[];
}

/** Prow's Postsubmit.ShouldRun: branches, then the changes if a matcher is set, then always_run (default true). */
export function postsubmitShouldRun(p: PostsubmitTrigger, branch: string, changes: string[]): boolean {
  if (!shouldRunOnBranch(p, branch)) return false;
  const d = changesDecide(p, changes);
  if (d.determined) return d.run;
  return p.always_run ?? true;
}
