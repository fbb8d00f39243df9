import { parseReports, reportActions, reportBody, TEST_REPORT_TAG } from './test-report.js';

const footer = 'FOOTER';
const failed = (context: string, sha = 'abc') => ({ context, state: 'failure', sha, url: `https://ci/${context}`, required: 'true', rerunCommand: `/test ${context}` });
const passed = (context: string) => ({ ...failed(context), state: 'success' });
const row = (context: string, sha = 'abc') => `${context} | ${sha} | [link](https://ci/${context}) | true | \`/test ${context}\``;
const report = (id: number, rows: string[]) => ({ id, body: reportBody('frank', rows, footer), edited: false });

describe("Prow's failed-tests comment", () => {
  it('writes a new comment for the first failure, in Prow words', () => {
    const actions = reportActions('frank', failed('unit'), [], footer);
    expect(actions).toEqual([
      {
        type: 'comment',
        body: [
          '@frank: The following test **failed**, say `/retest` to rerun all failed tests or `/retest-required` to rerun all mandatory failed tests:',
          '',
          'Test name | Commit | Details | Required | Rerun command',
          '--- | --- | --- | --- | ---',
          row('unit'),
          '',
          '<details>',
          '',
          'FOOTER I understand the commands that are listed [here](https://go.k8s.io/bot-commands).',
          '</details>',
          TEST_REPORT_TAG,
        ].join('\n'),
      },
    ]);
  });

  it('a second failure re-creates the comment with both rows ("tests", plural) and deletes the old one', () => {
    const actions = reportActions('frank', failed('lint'), [report(7, [row('unit')])], footer);
    expect(actions[0]).toEqual({ type: 'deleteComment', commentId: 7 });
    expect(actions[1]).toMatchObject({ type: 'comment' });
    const body = (actions[1] as { body: string }).body;
    expect(body).toContain('The following tests **failed**');
    expect(body).toContain(`${row('unit')}\n${row('lint')}`);
  });

  it('a job that passes later drops its row and the comment is edited; the last row gone deletes it', () => {
    const two = report(9, [row('unit'), row('lint')]);
    expect(reportActions('frank', passed('lint'), [two], footer)).toEqual([{ type: 'editComment', commentId: 9, body: reportBody('frank', [row('unit')], footer) }]);
    expect(reportActions('frank', passed('unit'), [report(9, [row('unit')])], footer)).toEqual([{ type: 'deleteComment', commentId: 9 }]);
  });

  it('older report comments (Prow’s, or an earlier workflow’s) are deleted and their rows carried on, newest row per job', () => {
    const old = report(3, [row('unit', 'old'), row('e2e')]);
    const newer = report(5, [row('unit', 'new')]);
    const { deletes, entries, updateId } = parseReports(passed('other'), [old, newer, { id: 6, body: 'not a report', edited: false }]);
    expect(deletes).toEqual([3]);
    expect(entries).toEqual([row('e2e'), row('unit', 'new')]);
    expect(updateId).toBe(5);
  });

  it('an aborted or errored job drops its row without adding one', () => {
    expect(parseReports({ ...failed('unit'), state: 'aborted' }, [report(4, [row('unit'), row('lint')])]).entries).toEqual([row('lint')]);
    expect(reportActions('frank', { ...failed('unit'), state: 'error' }, [], footer)).toEqual([]);
  });
});
