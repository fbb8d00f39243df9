import { GOOD_FIRST_ISSUE_LABEL as GFI, guidelineMessage, help, HELP_LABEL as HELP, type HelpConfig } from './help.js';
import { renderAction } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import { formatResponseRaw } from '../core/respond.js';
import type { GithubEvent } from '../core/event.js';
import type { PluginsConfig } from '../config/plugins.schema.js';
import type { PrView } from '../core/model.js';

const cfg = help.config({ plugins: {} } as PluginsConfig, 'org', 'repo');
const URL_ = 'https://git.k8s.io/community/contributors/guide/help-wanted.md';
const issue = (over: Partial<PrView> = {}) => prView({ isPR: false, ...over });
const decide = (event: GithubEvent, state: PrView, config: HelpConfig = cfg) =>
  help.decide({ event, state, config, facts: facts(), botLogin: 'bot', footer: 'FOOTER' });
/** One line per action; a guideline comment shows as `comment[tag]`. */
const run = (...args: Parameters<typeof decide>) => decide(...args).flatMap((a) => (a.type === 'comment' ? [`comment[${a.tag}]`] : renderAction(a).split('\n')));

describe('help', () => {
  it.each([
    { name: '/help adds help wanted with a guideline', body: '/help', labels: [], bot: {}, want: ['comment[help]', `+label ${HELP}`] },
    { name: '/help when already wanted: nothing', body: '/help', labels: [HELP], bot: {}, want: [] },
    { name: '/good-first-issue adds both labels', body: '/good-first-issue', labels: [], bot: {}, want: ['comment[good-first-issue]', `+label ${GFI}`, `+label ${HELP}`] },
    { name: '/good-first-issue with help already there adds one', body: '/good-first-issue', labels: [HELP], bot: {}, want: ['comment[good-first-issue]', `+label ${GFI}`] },
    { name: '/good-first-issue when already there: nothing', body: '/good-first-issue', labels: [GFI, HELP], bot: {}, want: [] },
    { name: '/remove-help removes it and its guideline', body: '/remove-help', labels: [HELP], bot: { help: [7] }, want: [`-label ${HELP}`, 'delete comment 7'] },
    {
      name: '/remove-help removes good first issue too',
      body: '/remove-help',
      labels: [HELP, GFI],
      bot: { help: [7], 'good-first-issue': [8, 9] },
      want: [`-label ${HELP}`, 'delete comment 7', `-label ${GFI}`, 'delete comment 8', 'delete comment 9'],
    },
    { name: '/remove-help without the label: nothing', body: '/remove-help', labels: [], bot: { help: [7] }, want: [] },
    { name: '/remove-good-first-issue keeps help wanted', body: '/remove-good-first-issue', labels: [HELP, GFI], bot: { help: [7], 'good-first-issue': [8] }, want: [`-label ${GFI}`, 'delete comment 8'] },
    { name: 'case-insensitive', body: '/HELP', labels: [], bot: {}, want: ['comment[help]', `+label ${HELP}`] },
    { name: 'words after the command: not a command', body: '/help me', labels: [], bot: {}, want: [] },
    { name: 'labels match case-insensitively', body: '/help', labels: ['Help Wanted'], bot: {}, want: [] },
  ])('$name', ({ body, labels, bot, want }) => {
    expect(run(comment(body), issue({ labels, botComments: bot as Record<string, number[]> }))).toEqual(want);
  });

  it("posts Prow's guideline text, quoting the command and linking the issue", () => {
    const want = `\n\tThis request has been marked as needing help from a contributor.\n\nPlease ensure the request meets the requirements listed [here](${URL_}).\n\nIf this request no longer meets these requirements, the label can be removed\nby commenting with the \`/remove-help\` command.\n`;
    expect(guidelineMessage(cfg, false)).toBe(want);
    expect(decide(comment('/help'), issue())[0]).toEqual({ type: 'comment', tag: 'help', body: formatResponseRaw('/help', 'https://github.com/org/repo/issues/1', 'alice', want, 'FOOTER') });
  });

  it('links the good-first-issue section', () => {
    expect(guidelineMessage(cfg, true)).toBe(
      `\n\tThis request has been marked as suitable for new contributors.\n\nPlease ensure the request meets the requirements listed [here](${URL_}#good-first-issue).\n\nIf this request no longer meets these requirements, the label can be removed\nby commenting with the \`/remove-good-first-issue\` command.\n`,
    );
  });

  it('uses help_guidelines_url and help_guidelines_summary', () => {
    const custom = help.config({ plugins: {}, help: { help_guidelines_url: 'https://x.test/help', help_guidelines_summary: '- be clear' } } as PluginsConfig, 'org', 'repo');
    expect(guidelineMessage(custom, false)).toBe(
      '\n\tThis request has been marked as needing help from a contributor.\n\n### Guidelines\n- be clear\n\nFor more details on the requirements of such an issue, please see [here](https://x.test/help) and ensure that they are met.\n\nIf this request no longer meets these requirements, the label can be removed\nby commenting with the `/remove-help` command.\n',
    );
    expect(guidelineMessage(custom, true)).toContain('please see [here](https://x.test/help#good-first-issue) and ensure');
    expect(guidelineMessage(custom, true)).toContain('marked as suitable for new contributors.\n\n### Guidelines\n- be clear\n');
  });

  it.each([
    { name: 'PRs', event: comment('/help'), state: prView() },
    { name: 'closed issues', event: comment('/help'), state: issue({ state: 'closed' }) },
    { name: 'edited comments', event: comment('/help', 'alice', { action: 'edited' }), state: issue() },
  ])('ignores $name', ({ event, state }) => {
    expect(decide(event, state)).toEqual([]);
  });

  it('reads an issue body on open', () => {
    expect(run(prEvent('opened', { body: 'Needs hands\n/help' }), issue())).toEqual(['comment[help]', `+label ${HELP}`]);
  });
});
