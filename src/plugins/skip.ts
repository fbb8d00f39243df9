import { triggerFor } from '../config/plugins.js';
import { commandLine, genericComment, normLogin, type GenericComment } from '../core/commands.js';
import { filterPresubmits, mayNeedChanges, presubmitFilter, presubmitTriggers, type HeadContexts, type PresubmitTrigger } from '../core/job-select.js';
import type { Action, FactRequest, Facts } from '../core/model.js';
import type { DecideInput, Plugin } from './types.js';

// Prow's skip plugin (pkg/plugins/skip): `/skip` on an open PR sets every optional presubmit's
// context that has a status on the head other than success (pending, failure or error) to success
// "Skipped". Required contexts (neither `optional` nor `skip_report`) are left alone, and so is any
// job the same comment runs (`/skip` with `/test foo` tests foo). Anyone may use it.

export const SKIPPED_DESCRIPTION = 'Skipped';
const SKIP_RE = commandLine('skip');

export interface SkipCfg {
  /** triggers.ignore_ok_to_test is not set: `/ok-to-test` in the comment runs jobs. */
  honorOkToTest: boolean;
  presubmits: PresubmitTrigger[];
}

type Input = Omit<DecideInput<SkipCfg>, 'facts'> & { facts?: Facts };

function commentOf({ event, state, botLogin }: Input): GenericComment | null {
  if (!state.isPR || state.state !== 'open') return null;
  const c = genericComment(event, state);
  if (!c || c.action !== 'created' || isSelf(c.author, botLogin) || !SKIP_RE.test(c.body)) return null;
  return c;
}

function isSelf(login: string, botLogin: string): boolean {
  const bare = (l: string) => normLogin(l).replace(/\[bot\]$/, '');
  return botLogin !== '' && bare(login) === bare(botLogin);
}

/** Prow's ContextRequired: a context GitHub's branch protection may wait for. */
function contextRequired(p: PresubmitTrigger): boolean {
  return !p.optional && !p.skip_report;
}

function headContextsOf(facts: Facts | undefined): HeadContexts {
  const failed = new Set<string>();
  const all = new Set<string>();
  for (const [context, st] of Object.entries(facts?.headContexts ?? {})) {
    all.add(context);
    if (st === 'failure' || st === 'error') failed.add(context);
  }
  return { failed, all };
}

export const skip: Plugin<SkipCfg> = {
  name: 'skip',
  help: {
    description: 'The skip plugin allows users to clean up GitHub stale commit statuses for non-blocking jobs on a PR.',
    config: 'triggers: ignore_ok_to_test; presubmits in config.yaml',
    commands: [
      {
        usage: '/skip',
        description: 'Cleans up GitHub stale commit statuses for non-blocking jobs on a PR.',
        whoCanUse: 'Anyone can trigger this command on a PR.',
        examples: ['/skip'],
      },
    ],
  },
  config(plugins, org, repo, prow) {
    return {
      honorOkToTest: !(triggerFor(plugins, org, repo)?.ignore_ok_to_test ?? false),
      presubmits: presubmitTriggers(prow, org, repo),
    };
  },

  needs(input) {
    const c = commentOf(input);
    if (!c || input.config.presubmits.length === 0) return [];
    const out: FactRequest[] = [{ kind: 'headContexts' }];
    // The jobs this comment runs are left alone; which ones may depend on the changed files.
    const anyContexts: HeadContexts = { failed: new Set(input.config.presubmits.map((p) => p.context)), all: new Set() };
    if (mayNeedChanges(presubmitFilter(input.config.honorOkToTest, c.body, anyContexts), input.state.baseRef, input.config.presubmits)) out.push({ kind: 'changedFiles' });
    return out;
  },

  decide(input) {
    const c = commentOf(input);
    if (!c) return [];
    const { state, config, facts } = input;
    const statuses = facts.headContexts ?? {};
    const contexts = headContextsOf(facts);
    const changes = facts.changedFiles?.map((f) => f.filename) ?? [];
    const triggered = filterPresubmits(presubmitFilter(config.honorOkToTest, c.body, contexts), changes, state.baseRef, config.presubmits);
    const willRun = (p: PresubmitTrigger) => triggered.some((t) => t.name === p.name && t.context === p.context);
    const out: Action[] = [];
    const skipped = new Set<string>();
    for (const job of config.presubmits) {
      const st = statuses[job.context];
      if (st === undefined || st === 'success') continue;
      if (willRun(job) || contextRequired(job) || skipped.has(job.context)) continue;
      skipped.add(job.context);
      out.push({ type: 'status', context: job.context, state: 'success', description: SKIPPED_DESCRIPTION });
    }
    return out;
  },
};
