// Prow's failed-tests comment (crier's pkg/github/report ReportComment): one bot comment tagged
// `<!-- test report -->` keeps a table of the PR's failed jobs; a finished job replaces its own
// row (a failure adds it back, anything else drops it), older report comments are deleted, the
// newest is edited in place or made again when a new failure arrives, and deleted when no row is
// left. The rows are read back from the comments on GitHub, so a report Prow wrote is carried on.
import type { Action, BotComment } from './model.js';
import { aboutThisBot } from './respond.js';

export const TEST_REPORT_TAG = '<!-- test report -->';

export interface FinishedJob {
  context: string;
  state: string;
  sha: string;
  url?: string;
  /** 'true', 'false' or 'unknown' (Prow writes whether the job is required). */
  required: string;
  rerunCommand: string;
}

/** The rows to keep, the comments to delete, and the comment to edit (0: make a new one). */
export function parseReports(job: FinishedJob, comments: BotComment[]): { deletes: number[]; entries: string[]; updateId: number } {
  const previous: number[] = [];
  let latest = 0;
  const entries: string[] = [];
  for (const c of comments) {
    if (!c.body.includes(TEST_REPORT_TAG)) continue;
    if (latest !== 0) previous.push(latest);
    latest = c.id;
    let tracking = false;
    for (const raw of c.body.split('\n')) {
      const line = raw.trim();
      if (line.startsWith('---')) tracking = true;
      else if (line.length === 0) tracking = false;
      else if (tracking) entries.push(line);
    }
  }
  const kept: string[] = [];
  entries.forEach((e, i) => {
    const name = e.split(' | ')[0];
    // The newest row per job wins, and the job just finished replaces its row.
    const newer = entries.some((f, j) => j > i && f.split(' | ')[0] === name);
    if (!newer && name !== job.context) kept.push(e);
  });
  let fresh = false;
  if (job.state === 'failure') {
    kept.push(entryFor(job));
    fresh = true;
  }
  const deletes = [...previous];
  if ((fresh || kept.length === 0) && latest !== 0) {
    deletes.push(latest);
    latest = 0;
  }
  return { deletes, entries: kept, updateId: latest };
}

function entryFor(job: FinishedJob): string {
  return [job.context, job.sha, `[link](${job.url ?? ''})`, job.required, `\`${job.rerunCommand}\``].join(' | ');
}

/** Prow's report comment for `author` listing `entries`. */
export function reportBody(author: string, entries: string[], footer: string, reportTemplate?: string): string {
  const plural = entries.length > 1 ? 's' : '';
  const lines = [
    `@${author}: The following test${plural} **failed**, say \`/retest\` to rerun all failed tests or \`/retest-required\` to rerun all mandatory failed tests:`,
    '',
    'Test name | Commit | Details | Required | Rerun command',
    '--- | --- | --- | --- | ---',
    ...entries,
  ];
  if (reportTemplate !== undefined) lines.push('', reportTemplate);
  lines.push('', '<details>', '', aboutThisBot(footer), '</details>', TEST_REPORT_TAG);
  return lines.join('\n');
}

/** What to do on GitHub when `job` finished. */
export function reportActions(author: string, job: FinishedJob, comments: BotComment[], footer: string, reportTemplate?: string): Action[] {
  const { deletes, entries, updateId } = parseReports(job, comments);
  const out: Action[] = deletes.map((commentId) => ({ type: 'deleteComment', commentId }));
  if (entries.length === 0) return out;
  const body = reportBody(author, entries, footer, reportTemplate);
  out.push(updateId === 0 ? { type: 'comment', body } : { type: 'editComment', commentId: updateId, body });
  return out;
}
