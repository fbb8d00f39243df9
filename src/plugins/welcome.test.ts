import { applyPluginDefaults } from '../config/plugins-defaults.js';
import { orgMemberKey } from '../core/trust.js';
import { renderActions } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import type { GithubEvent } from '../core/event.js';
import type { Facts } from '../core/model.js';
import { DEFAULT_WELCOME_TEMPLATE, renderWelcome, welcome, type WelcomeCfg } from './welcome.js';

const cfg = (over: Partial<WelcomeCfg> = {}): WelcomeCfg => ({ messageTemplate: DEFAULT_WELCOME_TEMPLATE, alwaysPost: false, trigger: undefined, ...over });
const base = (event: GithubEvent, config: WelcomeCfg) => ({ event, state: prView(), config, botLogin: 'bot', footer: '' });
const run = (event: GithubEvent, config = cfg(), f: Partial<Facts> = {}) => renderActions(welcome.decide({ ...base(event, config), facts: facts(f) }));
const opened = (author = 'newbie') => prEvent('opened', { author, actor: author });
const DEFAULT_TEXT = 'comment: Welcome @newbie! It looks like this is your first PR to org/repo 🎉';

describe('welcome', () => {
  it.each<{ name: string; config?: WelcomeCfg; f: Partial<Facts>; want: string[] }>([
    { name: 'greets a first-time untrusted author', f: { authorPrCount: { newbie: 1 } }, want: [DEFAULT_TEXT] },
    { name: 'greets when search has not indexed the PR yet', f: { authorPrCount: { newbie: 0 } }, want: [DEFAULT_TEXT] },
    { name: 'no greeting for a second PR', f: { authorPrCount: { newbie: 2 } }, want: [] },
    { name: 'no greeting without the count', f: {}, want: [] },
    { name: 'no greeting for an org member', f: { authorPrCount: { newbie: 1 }, orgMembers: { [orgMemberKey('org', 'newbie')]: true } }, want: [] },
    { name: 'no greeting for a collaborator', f: { authorPrCount: { newbie: 1 }, collaborators: { newbie: true } }, want: [] },
    {
      name: 'a collaborator is greeted with only_org_members',
      config: cfg({ trigger: { only_org_members: true } }),
      f: { authorPrCount: { newbie: 1 }, collaborators: { newbie: true } },
      want: [DEFAULT_TEXT],
    },
    { name: 'always_post greets everyone, trusted or not', config: cfg({ alwaysPost: true }), f: { collaborators: { newbie: true } }, want: [DEFAULT_TEXT] },
    {
      name: 'message_template fields are filled in',
      config: cfg({ messageTemplate: 'Hi {{.AuthorLogin}} ({{.AuthorName}}) in {{ .Org }}/{{.Repo}}!' }),
      f: { authorPrCount: { newbie: 1 } },
      want: ['comment: Hi newbie () in org/repo!'],
    },
    { name: 'a template with an unknown field posts nothing', config: cfg({ messageTemplate: 'Hi {{.Login}}' }), f: { authorPrCount: { newbie: 1 } }, want: [] },
  ])('$name', ({ config, f, want }) => {
    expect(run(opened(), config, f)).toEqual(want);
  });

  it('ignores bots (GitHub search cannot list their PRs)', () => {
    expect(run(opened('renovate[bot]'), cfg({ alwaysPost: true }))).toEqual([]);
    expect(welcome.needs(base(opened('renovate[bot]'), cfg()))).toEqual([]);
  });

  it.each(['reopened', 'synchronize', 'edited'])('ignores PR %s', (action) => {
    expect(run(prEvent(action, { author: 'newbie' }), cfg({ alwaysPost: true }))).toEqual([]);
  });

  it('ignores comments', () => {
    expect(run(comment('hello', 'newbie'), cfg({ alwaysPost: true }))).toEqual([]);
  });

  it('needs the author trust and PR count, or nothing with always_post', () => {
    expect(welcome.needs(base(opened(), cfg({ trigger: { trusted_org: 'friends' } })))).toEqual([
      { kind: 'orgMember', org: 'org', login: 'newbie' },
      { kind: 'collaborator', login: 'newbie' },
      { kind: 'orgMember', org: 'friends', login: 'newbie' },
      { kind: 'authorPrCount', login: 'newbie' },
    ]);
    expect(welcome.needs(base(opened(), cfg({ alwaysPost: true })))).toEqual([]);
  });

  it('reads the welcome and triggers sections for the repo', () => {
    const plugins = applyPluginDefaults({
      welcome: [{ repos: ['org'], message_template: 'org-wide' }, { repos: ['org/repo'], message_template: 'repo', always_post: true }],
      triggers: [{ repos: ['org'], only_org_members: true }],
    });
    expect(welcome.config(plugins, 'org', 'repo')).toEqual({ messageTemplate: 'repo', alwaysPost: true, trigger: expect.objectContaining({ only_org_members: true }) });
    expect(welcome.config(plugins, 'org', 'other')).toMatchObject({ messageTemplate: 'org-wide', alwaysPost: false });
    expect(welcome.config(plugins, 'else', 'repo')).toEqual({ messageTemplate: DEFAULT_WELCOME_TEMPLATE, alwaysPost: false, trigger: undefined });
  });
});

describe('renderWelcome', () => {
  const data = { Org: 'org', Repo: 'repo', AuthorLogin: 'me', AuthorName: 'A & B <x>' };
  it.each([
    { tpl: 'Hi {{.AuthorLogin}}', want: 'Hi me' },
    { tpl: 'Hi   {{- .AuthorLogin -}}  !', want: 'Hime!' },
    { tpl: 'a{{/* note */}}b', want: 'ab' },
    { tpl: '{{.AuthorName}}', want: 'A &amp; B &lt;x&gt;' },
    { tpl: '{{if .Org}}x{{end}}', want: null },
    { tpl: '{{.Nope}}', want: null },
  ])('$tpl', ({ tpl, want }) => {
    expect(renderWelcome(tpl, data)).toBe(want);
  });
});
