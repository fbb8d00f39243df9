import { NONE_SAID, releaseNote, releaseNoteLabel, RN, RN_ACTION, RN_NEEDED, RN_NONE } from './release-note.js';
import { renderAction } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import type { GithubEvent } from '../core/event.js';
import type { PluginsConfig } from '../config/plugins.schema.js';
import type { Facts, PrView } from '../core/model.js';

const cfg = releaseNote.config({ plugins: {} } as PluginsConfig, 'org', 'repo');
const decide = (event: GithubEvent, state: Partial<PrView> = {}, f: Partial<Facts> = {}) =>
  releaseNote.decide({ event, state: prView(state), config: cfg, facts: facts(f), botLogin: 'bot', footer: 'FOOTER' });
const run = (...args: Parameters<typeof decide>) => decide(...args).map((a) => renderAction(a).split('\n')[0]);
const block = (text: string) => `Some PR\n\n\`\`\`release-note\n${text}\n\`\`\`\n`;
const NEEDED_TEXT =
  'Adding the "do-not-merge/release-note-label-needed" label because no release-note block was detected, please follow our [release note process](https://git.k8s.io/community/contributors/guide/release-notes.md) to remove it.';
const MEMBER = { orgMembers: { 'org/alice': true } };
const STRANGER = { orgMembers: { 'org/alice': false } };

describe('release-note: the body block', () => {
  it.each([
    { body: block('Adds a flag.'), labels: [], want: RN },
    { body: block('NONE'), labels: [], want: RN_NONE },
    { body: block(' no. '), labels: [], want: RN_NONE },
    { body: block('Action required: flags renamed'), labels: [], want: RN_ACTION },
    { body: block(''), labels: [], want: RN_NEEDED },
    { body: 'no block at all', labels: [], want: RN_NEEDED },
    { body: 'no block', labels: [RN_NONE], want: RN_NONE },
    { body: block('none'), labels: ['kind/deprecation'], want: RN_NEEDED },
    { body: 'no block', labels: ['kind/deprecation', RN_NONE], want: RN_NEEDED },
    { body: '**Release note**:\n<!-- write it -->\n```\nFixed a crash.\n```', labels: [], want: RN },
    { body: '**Release note**:\n```release-note\nNone\n```', labels: [], want: RN_NONE },
  ])('$body with $labels → $want', ({ body, labels, want }) => {
    expect(releaseNoteLabel(body, new Set(labels))).toBe(want);
  });
});

describe('release-note: PR events', () => {
  it.each([
    { name: 'no block: label-needed and a comment', body: 'x', labels: [], bot: {}, want: ['comment[release-note]: ' + NEEDED_TEXT, `+label ${RN_NEEDED}`] },
    { name: 'no block, label already there: nothing', body: 'x', labels: [RN_NEEDED], bot: {}, want: [] },
    { name: 'a note replaces label-needed and prunes the comment', body: block('New flag.'), labels: [RN_NEEDED], bot: { 'release-note': [5] }, want: [`+label ${RN}`, `-label ${RN_NEEDED}`, 'delete comment 5'] },
    { name: 'NONE gives release-note-none', body: block('NONE'), labels: [RN], bot: {}, want: [`+label ${RN_NONE}`, `-label ${RN}`] },
    { name: 'action required', body: block('action required: x'), labels: [], bot: {}, want: [`+label ${RN_ACTION}`] },
    { name: 'the right label already: nothing', body: block('x'), labels: [RN], bot: {}, want: [] },
    {
      name: 'kind/deprecation with none: label-needed and its own comment',
      body: block('none'),
      labels: ['kind/deprecation', RN_NONE],
      bot: {},
      want: [
        'comment: Adding the "do-not-merge/release-note-label-needed" label and removing any existing "release-note-none" label because there is a "kind/deprecation" label on the PR.',
        `+label ${RN_NEEDED}`,
        `-label ${RN_NONE}`,
      ],
    },
  ])('$name', ({ body, labels, bot, want }) => {
    expect(run(prEvent('edited', { body }), { body, labels, botComments: bot as Record<string, number[]> })).toEqual(want);
  });

  it('the comment is in Prow\'s simple-response format', () => {
    expect(decide(prEvent('opened', { body: '' }))[0]).toEqual({ type: 'comment', tag: 'release-note', body: `${NEEDED_TEXT}\n\n<details>\n\nFOOTER\n</details>` });
  });

  it('an earlier /release-note-none comment counts for an empty block', () => {
    expect(run(prEvent('opened', { body: '' }), { memory: { [NONE_SAID]: '1' } })).toEqual([`+label ${RN_NONE}`]);
  });

  it('a merged PR without a note is left alone', () => {
    expect(run(prEvent('edited', { body: '' }), { state: 'merged' })).toEqual([]);
  });

  it.each([
    { action: 'opened', label: undefined, want: 2 },
    { action: 'ready_for_review', label: undefined, want: 2 },
    { action: 'labeled', label: RN, want: 2 },
    { action: 'labeled', label: 'lgtm', want: 0 },
    { action: 'synchronize', label: undefined, want: 0 },
  ])('$action $label → $want actions', ({ action, label, want }) => {
    expect(decide(prEvent(action, { body: '', label }))).toHaveLength(want);
  });

  it('uses release_note.guidelines_url', () => {
    const c = releaseNote.config({ plugins: {}, release_note: { guidelines_url: 'https://x.test/rn' } } as PluginsConfig, 'org', 'repo');
    const out = releaseNote.decide({ event: prEvent('opened', { body: '' }), state: prView(), config: c, facts: facts(), botLogin: 'bot', footer: '' });
    expect(out[0]).toMatchObject({ body: expect.stringContaining('[release note process](https://x.test/rn)') });
  });
});

describe('release-note: /release-note-none', () => {
  const onPr = (body: string, actor = 'alice') => comment(body, actor, { on: 'pull_request' });
  const REMEMBER = `remember ${NONE_SAID}=1`;
  it.each([
    { name: 'an org member sets none', actor: 'alice', state: {}, f: MEMBER, want: [REMEMBER, `+label ${RN_NONE}`] },
    { name: 'the author sets none', actor: 'author', state: { labels: [RN_NEEDED] }, f: {}, want: [REMEMBER, `+label ${RN_NONE}`, `-label ${RN_NEEDED}`] },
    { name: 'already none: only remembered', actor: 'alice', state: { labels: [RN_NONE] }, f: MEMBER, want: [REMEMBER] },
    { name: 'a stranger is refused', actor: 'alice', state: {}, f: STRANGER, want: [REMEMBER, `comment: @alice: you can only set the release note label to ${RN_NONE} if you are the PR author or an org member.`] },
    {
      name: 'not with a note in the body',
      actor: 'alice',
      state: { body: block('A real note') },
      f: MEMBER,
      want: [REMEMBER, `comment: @alice: you can only set the release note label to ${RN_NONE} if the release-note block in the PR body text is empty or "none".`],
    },
    {
      name: 'not with kind/deprecation',
      actor: 'alice',
      state: { labels: ['kind/deprecation'] },
      f: MEMBER,
      want: [REMEMBER, `comment: @alice: you can not set the release note label to "${RN_NONE}" because the PR has the label "kind/deprecation".`],
    },
    { name: 'remembered only once', actor: 'alice', state: { memory: { [NONE_SAID]: '1' } }, f: MEMBER, want: [`+label ${RN_NONE}`] },
  ])('$name', ({ actor, state, f, want }) => {
    expect(run(onPr('/release-note-none', actor), state, f)).toEqual(want);
  });

  it.each(['/release-note', '/release-note-action-required'])('%s gets the deprecation reply', (cmd) => {
    expect(run(onPr(cmd))).toEqual(['comment: @alice: the `/release-note` and `/release-note-action-required` commands have been deprecated.']);
  });

  it.each([
    { name: 'issues', event: comment('/release-note-none'), state: { isPR: false } },
    { name: 'review comments', event: comment('/release-note-none', 'alice', { on: 'review_thread' }), state: {} },
    { name: 'edited comments', event: comment('/release-note-none', 'alice', { on: 'pull_request', action: 'edited' }), state: {} },
    { name: 'the PR body', event: prEvent('opened', { body: '/release-note-none\n' + block('x') }), state: { labels: [RN] } },
  ])('ignores $name', ({ event, state }) => {
    expect(decide(event, state, MEMBER)).toEqual([]);
  });

  it('asks about org membership only for a non-author /release-note-none', () => {
    const needs = (event: GithubEvent) => releaseNote.needs({ event, state: prView(), config: cfg, botLogin: 'bot', footer: '' });
    expect(needs(onPr('/release-note-none'))).toEqual([{ kind: 'orgMember', org: 'org', login: 'alice' }]);
    expect(needs(onPr('/release-note-none', 'author'))).toEqual([]);
    expect(needs(onPr('/release-note'))).toEqual([]);
    expect(needs(prEvent('opened'))).toEqual([]);
  });
});
