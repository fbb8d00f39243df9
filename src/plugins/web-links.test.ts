import { assign } from './assign.js';
import { help } from './help.js';
import { lgtm } from './lgtm.js';
import { cherrypick } from './cherrypick.js';
import { comment, facts, prView, review } from './testing.js';
import type { Action } from '../core/model.js';
import type { PluginsConfig } from '../config/plugins.schema.js';

// On GitHub Enterprise the links in replies point at its web host (Prow's `github.link_url`),
// which the planner hands every plugin as `webUrl`; no link may go to github.com then.
const GHE = 'https://ghe.example.com';
const texts = (actions: Action[]) => JSON.stringify(actions);
// A comment's own link comes with its webhook (GitHub Enterprise's host there too).
const at = { url: `${GHE}/org/repo/pull/1#issuecomment-1` };

test.each([
  ['help on an issue', () => help.decide({ event: comment('/help', 'alice', { on: 'issue' }), state: prView({ isPR: false }), config: help.config({ plugins: {} } as PluginsConfig, 'org', 'repo'), facts: facts(), botLogin: 'bot', footer: 'F', webUrl: GHE })],
  ['an assignment GitHub may refuse', () => assign.decide({ event: comment('/assign @bob\n/cc @carol', 'alice', at), state: prView(), config: null, facts: facts(), botLogin: 'bot', footer: 'F', webUrl: GHE })],
  ['the author approving their own PR by review', () => lgtm.decide({ event: review('approved', 'author', 'looks good'), state: prView(), config: { reviewActsAsLgtm: true, storeTreeHash: false, stickyTeam: '', skipCollaborators: false }, facts: facts({ collaborators: { alice: true } }), botLogin: 'bot', footer: 'F', webUrl: GHE })],
  ['a cherry-pick by a non-member', () => cherrypick.decide({ event: comment('/cherrypick release-1.0', 'mallory', at), state: prView(), config: null, facts: facts({ orgMembers: { 'org/mallory': false } }), botLogin: 'bot', footer: 'F', webUrl: GHE })],
])('%s links to the configured web host', (_name, decide) => {
  const out = texts(decide());
  expect(out).toContain(GHE);
  expect(out).not.toContain('https://github.com/org');
});
