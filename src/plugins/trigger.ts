import { triggerFor } from '../config/plugins.js';
import type { TriggerConfig } from '../config/plugins.schema.js';
import { genericComment, normLogin } from '../core/commands.js';
import {
  availablePresubmits,
  commentMatchesTrigger,
  dropCodeBlocks,
  filterPresubmits,
  helpMessage,
  isHelpComment,
  mayNeedChanges,
  needsHeadContexts,
  OK_TO_TEST_CANCEL_RE,
  OK_TO_TEST_RE,
  presubmitFilter,
  presubmitTriggers,
  RETEST_RE,
  RETEST_REQUIRED_RE,
  shouldPruneHelp,
  shouldRespondWithHelp,
  testAllFilter,
  type Filter,
  type PresubmitTrigger,
} from '../core/job-select.js';
import type { Action, FactRequest, Facts } from '../core/model.js';
import { formatResponseRaw, GITHUB_WEB } from '../core/respond.js';
import { TERMINAL_STATES } from '../core/job.js';
import { reportActions, type FinishedJob } from '../core/test-report.js';
import { OK_TO_TEST_LABEL, prTrusted, prTrustNeeds, trustedUser, trustNeeds, type TrustConfig } from '../core/trust.js';
import type { DecideInput, Plugin } from './types.js';

// Prow's trigger plugin (pkg/plugins/trigger): which presubmits run on a PR event or a comment
// (`/test`, `/retest`, `/retest-required`, `/test all`, `/ok-to-test`, `/test ?`), who may ask
// (org members, collaborators, trusted apps and orgs; untrusted authors wait for `/ok-to-test`),
// Prow's help replies and welcome text, and aborting a PR's running presubmits on a push, a close
// or a conversion to draft. It decides; the PR workflow starts and aborts the job workflows.

export const NEEDS_OK_TO_TEST_LABEL = 'needs-ok-to-test';
export const LGTM_LABEL = 'lgtm';
export const ABORTED_DESCRIPTION = 'Aborted by trigger plugin.';
export const UNTRUSTED_COMMENT_REPLY = 'Cannot trigger testing until a trusted user reviews the PR and leaves an `/ok-to-test` message.';
export const UNTRUSTED_IGNORE_OK_TO_TEST_REPLY =
  'PRs from untrusted users cannot be marked as trusted with `/ok-to-test` in this repo meaning untrusted PR authors can never trigger tests themselves. Collaborators can still trigger tests on the PR using `/test`.';
export const REVOKE_REFUSED_REPLY = 'Only trusted users can revoke `/ok-to-test`.';
export const DRAFT_MESSAGE =
  'Skipping CI for Draft Pull Request.\nIf you want CI signal for your change, please convert it to an actual PR.\nYou can still manually trigger a test run with `/test all`';

export interface TriggerCfg {
  trust: TrustConfig;
  ignoreOkToTest: boolean;
  joinOrgUrl?: string;
  presubmits: PresubmitTrigger[];
}

function honorOkToTest(cfg: TriggerCfg): boolean {
  return !cfg.ignoreOkToTest;
}

type Input = Omit<DecideInput<TriggerCfg>, 'facts'> & { facts?: Facts };

/** What the event asks of trigger, before any fact is read. */
type Intent =
  | { kind: 'none' }
  | { kind: 'comment'; text: string; body: string; url: string; author: string }
  | { kind: 'opened' }
  | { kind: 'buildIfTrusted' }
  | { kind: 'abort'; thenBuild: boolean }
  | { kind: 'lgtm' }
  | { kind: 'okToTestLabel' }
  | { kind: 'jobFinished'; job: FinishedJob };

function intentOf({ event, state, config, botLogin }: Input): Intent {
  if (!state.isPR || config.presubmits.length === 0) return { kind: 'none' };
  if (event.kind === 'job') {
    // Crier's report on the PR: the latest run of a presubmit, once finished, unless superseded.
    const p = config.presubmits.find((j) => j.name === event.job);
    const latest = state.jobs?.[event.job]?.buildId === event.buildId;
    if (!p || p.skip_report || event.unreported || !latest || !TERMINAL_STATES.includes(event.action)) return { kind: 'none' };
    return {
      kind: 'jobFinished',
      job: { context: p.context, state: event.action, sha: event.sha, ...(event.url ? { url: event.url } : {}), required: String(!p.optional), rerunCommand: p.rerun_command },
    };
  }
  if (event.kind === 'comment') {
    const c = genericComment(event, state);
    if (!c || c.action !== 'created' || state.state !== 'open' || isSelf(c.author, botLogin)) return { kind: 'none' };
    const text = dropCodeBlocks(c.body);
    if (!commentMatchesTrigger(text, config.presubmits)) return { kind: 'none' };
    return { kind: 'comment', text, body: c.body, url: c.url, author: c.author };
  }
  if (event.kind !== 'pull_request') return { kind: 'none' };
  switch (event.action) {
    case 'opened':
      return { kind: 'opened' };
    case 'reopened':
    case 'ready_for_review':
      return { kind: 'buildIfTrusted' };
    case 'edited':
      return event.baseChanged ? { kind: 'buildIfTrusted' } : { kind: 'none' };
    case 'synchronize':
      return { kind: 'abort', thenBuild: true };
    case 'closed':
    case 'converted_to_draft':
      return { kind: 'abort', thenBuild: false };
    case 'labeled':
      if (event.label === LGTM_LABEL) return { kind: 'lgtm' };
      if (event.label === OK_TO_TEST_LABEL && !isSelf(event.actor, botLogin)) return { kind: 'okToTestLabel' };
      return { kind: 'none' };
    default:
      return { kind: 'none' };
  }
}

/**
 * Prow's BotUserChecker: the bot itself (as a GitHub App, its login with or without `[bot]`).
 * Other Apps are users like any other: their `/retest` on a trusted PR counts, and their
 * `ok-to-test` label runs the jobs.
 */
function isSelf(login: string, botLogin: string): boolean {
  const bare = (l: string) => normLogin(l).replace(/\[bot\]$/, '');
  return botLogin !== '' && bare(login) === bare(botLogin);
}

/** Changed files, when a job that may run depends on them. */
function changesNeeds(filter: Filter, input: Input): FactRequest[] {
  return mayNeedChanges(filter, input.state.baseRef, input.config.presubmits) ? [{ kind: 'changedFiles' }] : [];
}

function changesOf(facts: Facts): string[] | undefined {
  return facts.changedFiles?.map((f) => f.filename);
}

export const trigger: Plugin<TriggerCfg> = {
  name: 'trigger',
  help: {
    description: 'The trigger plugin starts tests in reaction to commands and pull request events. It is responsible for ensuring that test jobs are only run on trusted PRs. A PR is considered trusted if the author is a member of the trusted organization for the repository or if such a member has left an `/ok-to-test` command on the PR.',
    config: 'triggers: trusted_apps, trusted_org, join_org_url, only_org_members, ignore_ok_to_test; presubmits in config.yaml',
    commands: [
      {
        usage: '/ok-to-test',
        description: 'Marks a PR as \'trusted\' and starts tests.',
        whoCanUse: 'Members of the trusted organization for the repo.',
        examples: ['/ok-to-test'],
      },
      {
        usage: '/test (<job name>|all)',
        description: 'Manually starts a/all automatically triggered test job(s). Lists all possible job(s) when no jobs/an invalid job are specified.',
        whoCanUse: 'Anyone can trigger this command on a trusted PR.',
        examples: ['/test all', '/test pull-bazel-test'],
      },
      {
        usage: '/retest',
        description: 'Rerun test jobs that have failed.',
        whoCanUse: 'Anyone can trigger this command on a trusted PR.',
        examples: ['/retest'],
      },
      {
        usage: '/retest-required',
        description: 'Rerun non-optional test jobs that have failed.',
        whoCanUse: 'Anyone can trigger this command on a trusted PR.',
        examples: ['/retest-required'],
      },
    ],
  },
  config(plugins, org, repo, prow) {
    const t: TriggerConfig | undefined = triggerFor(plugins, org, repo);
    return {
      trust: t ? { only_org_members: t.only_org_members ?? false, trusted_apps: t.trusted_apps ?? [], ...(t.trusted_org ? { trusted_org: t.trusted_org } : {}) } : undefined,
      ignoreOkToTest: t?.ignore_ok_to_test ?? false,
      ...(t?.join_org_url ? { joinOrgUrl: t.join_org_url } : {}),
      presubmits: presubmitTriggers(prow, org, repo),
    };
  },

  needs(input) {
    const { state, config, botLogin } = input;
    const intent = intentOf(input);
    const authorTrust = () => trustNeeds(state.author, state.owner, config.trust, botLogin);
    const prTrust = () => prTrustNeeds(state, config.trust, botLogin);
    switch (intent.kind) {
      case 'none':
        return [];
      case 'comment': {
        const out: FactRequest[] = [...trustNeeds(intent.author, state.owner, config.trust, botLogin), ...prTrust()];
        const contexts = needsHeadContexts(intent.text);
        if (contexts) out.push({ kind: 'headContexts' });
        // Changed files for the jobs the comment may run, and for the help reply's list.
        // Without contexts the jobs a comment runs are known before the files when no matched job
        // depends on them; the files are then read only if the reply is the help list.
        const filter = presubmitFilter(honorOkToTest(config), intent.text, undefined);
        const anyJob: Filter = () => [true, false, false];
        if (contexts) out.push(...changesNeeds(anyJob, input));
        else if (mayNeedChanges(filter, state.baseRef, config.presubmits)) out.push({ kind: 'changedFiles' });
        else if (shouldRespondWithHelp(intent.text, filterPresubmits(filter, undefined, state.baseRef, config.presubmits).length).help) out.push(...changesNeeds(anyJob, input));
        if (shouldPruneHelp(intent.text)) out.push({ kind: 'botComments' });
        return out;
      }
      case 'opened':
        return [...authorTrust(), ...changesNeeds(testAllFilter, input)];
      case 'buildIfTrusted':
      case 'lgtm':
        return [...prTrust(), ...changesNeeds(testAllFilter, input)];
      case 'abort':
        return intent.thenBuild ? [...prTrust(), ...changesNeeds(testAllFilter, input)] : [];
      case 'okToTestLabel':
        return changesNeeds(testAllFilter, input);
      case 'jobFinished':
        return [{ kind: 'botComments' }];
    }
  },

  decide(input) {
    const { state, config, facts, botLogin, footer } = input;
    const intent = intentOf(input);
    const where = { org: state.owner, repo: state.repo };
    const prIsTrusted = () => prTrusted(state, config.trust, facts, botLogin).trusted;
    // Asked for in needs() whenever a job may depend on them; none read (a refusal): no file matches.
    const changes = changesOf(facts) ?? [];
    const buildAll = (): Action[] => {
      if (state.draft) return [];
      const jobs = filterPresubmits(testAllFilter, changes, state.baseRef, config.presubmits).map((p) => p.name);
      return jobs.length > 0 ? [{ type: 'runJobs', jobs }] : [];
    };
    const buildAllIfTrusted = (): Action[] => {
      if (!prIsTrusted()) return [];
      const out: Action[] = [];
      if (state.labels.includes(NEEDS_OK_TO_TEST_LABEL)) out.push({ type: 'removeLabel', label: NEEDS_OK_TO_TEST_LABEL });
      return [...out, ...buildAll()];
    };
    switch (intent.kind) {
      case 'none':
        return [];
      case 'opened': {
        if (trustedUser(state.author, where, config.trust, facts, botLogin).trusted) {
          if (state.draft) return [{ type: 'comment', body: DRAFT_MESSAGE }];
          return buildAll();
        }
        const out: Action[] = [];
        if (!config.ignoreOkToTest && !state.labels.includes(OK_TO_TEST_LABEL)) out.push({ type: 'addLabels', labels: [NEEDS_OK_TO_TEST_LABEL] });
        out.push({ type: 'comment', body: welcomeMessage(state.owner, state.repo, state.author, config, footer) });
        return out;
      }
      case 'buildIfTrusted':
        return buildAllIfTrusted();
      case 'abort':
        return [{ type: 'abortJobs', description: ABORTED_DESCRIPTION }, ...(intent.thenBuild ? buildAllIfTrusted() : [])];
      case 'lgtm':
        return prIsTrusted() ? [] : buildAll();
      case 'okToTestLabel':
        return buildAll();
      case 'jobFinished':
        return reportActions(state.author, intent.job, facts.botComments ?? [], footer);
      case 'comment':
        return decideComment(input, intent);
    }
  },
};

function decideComment(input: DecideInput<TriggerCfg>, c: { text: string; body: string; url: string; author: string }): Action[] {
  const { state, config, facts, botLogin, footer } = input;
  const reply = (text: string, tag?: string): Action => ({ type: 'comment', body: formatResponseRaw(c.body, c.url, c.author, text, footer), ...(tag ? { tag } : {}) });
  const commenter = trustedUser(c.author, { org: state.owner, repo: state.repo }, config.trust, facts, botLogin);
  if (!commenter.trusted && !prTrusted(state, config.trust, facts, botLogin).trusted) {
    return [reply(config.ignoreOkToTest ? UNTRUSTED_IGNORE_OK_TO_TEST_REPLY : UNTRUSTED_COMMENT_REPLY)];
  }
  const out: Action[] = [];
  const labels = new Set(state.labels);
  const okToTest = honorOkToTest(config) && OK_TO_TEST_RE.test(c.text);
  if (okToTest && !labels.has(OK_TO_TEST_LABEL)) out.push({ type: 'addLabels', labels: [OK_TO_TEST_LABEL] });
  if ((okToTest || labels.has(OK_TO_TEST_LABEL)) && labels.has(NEEDS_OK_TO_TEST_LABEL)) out.push({ type: 'removeLabel', label: NEEDS_OK_TO_TEST_LABEL });

  if (honorOkToTest(config) && OK_TO_TEST_CANCEL_RE.test(c.text)) {
    if (!commenter.trusted) return [...out, reply(REVOKE_REFUSED_REPLY)];
    if (labels.has(OK_TO_TEST_LABEL)) out.push({ type: 'removeLabel', label: OK_TO_TEST_LABEL });
    if (!labels.has(NEEDS_OK_TO_TEST_LABEL)) out.push({ type: 'addLabels', labels: [NEEDS_OK_TO_TEST_LABEL] });
    return out;
  }

  const changes = changesOf(facts) ?? [];
  const contexts = headContextsOf(facts);
  const toTest = filterPresubmits(presubmitFilter(honorOkToTest(config), c.text, contexts), changes, state.baseRef, config.presubmits);
  const help = shouldRespondWithHelp(c.text, toTest.length);
  if (help.help) {
    const available = availablePresubmits(changes, state.baseRef, config.presubmits);
    return [...out, reply(helpMessage(state.owner, state.repo, state.baseRef, help.note, available), 'trigger-help')];
  }
  if (shouldPruneHelp(c.text)) {
    for (const bc of facts.botComments ?? []) if (isHelpComment(bc.body)) out.push({ type: 'deleteComment', commentId: bc.id });
  }
  if (toTest.length > 0) {
    const retest = RETEST_RE.test(c.text) || RETEST_REQUIRED_RE.test(c.text);
    out.push({ type: 'runJobs', jobs: toTest.map((p) => p.name), ...(retest ? { retest: true } : {}) });
  }
  return out;
}

function headContextsOf(facts: Facts): { failed: Set<string>; all: Set<string> } {
  const failed = new Set<string>();
  const all = new Set<string>();
  for (const [context, st] of Object.entries(facts.headContexts ?? {})) {
    all.add(context);
    if (st === 'failure' || st === 'error') failed.add(context);
  }
  return { failed, all };
}

/** Prow's welcomeMsg for an untrusted author's new PR. */
export function welcomeMessage(org: string, repo: string, author: string, cfg: TriggerCfg, footer: string): string {
  const host = GITHUB_WEB.replace(/^https?:\/\//, '');
  const encoded = encodeURIComponent(`${org}/${repo}`);
  if (cfg.ignoreOkToTest) {
    return `Hi @${author}. Thanks for your PR.\n\nPRs from untrusted users cannot be marked as trusted with \`/ok-to-test\` in this repo meaning untrusted PR authors can never trigger tests themselves. Collaborators can still trigger tests on the PR using \`/test all\`.\n\nI understand the commands that are listed [here](https://go.k8s.io/bot-commands?repo=${encoded}).\n\n<details>\n\n${footer}\n</details>\n`;
  }
  const trustedOrg = cfg.trust?.trusted_org;
  const more = trustedOrg && trustedOrg !== org ? `or [${trustedOrg}](https://${host}/orgs/${trustedOrg}/people) ` : '';
  const joinOrgUrl = cfg.joinOrgUrl || `https://${host}/orgs/${org}/people`;
  return `Hi @${author}. Thanks for your PR.\n\nI'm waiting for a [${org}](https://${host}/orgs/${org}/people) ${more}member to verify that this patch is reasonable to test. If it is, they should reply with \`/ok-to-test\` on its own line. Until that is done, I will not automatically test new commits in this PR, but the usual testing commands by org members will still work.\n\nRegular contributors should [join the org](${joinOrgUrl}) to skip this step.\n\nOnce the patch is verified, the new status will be reflected by the \`${OK_TO_TEST_LABEL}\` label.\n\nI understand the commands that are listed [here](https://go.k8s.io/bot-commands?repo=${encoded}).\n\n<details>\n\n${footer}\n</details>\n`;
}
