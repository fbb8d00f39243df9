import { BOL, DOT, EOL, genericComment, goTrimSpace, WS } from '../core/commands.js';
import { formatResponseRaw } from '../core/respond.js';
import { triggerFor } from '../config/plugins.js';
import { trustedUser, trustNeeds, type TrustConfig } from '../core/trust.js';
import type { PluginsConfig } from '../config/plugins.schema.js';
import type { Plugin } from './types.js';

// Prow's retitle plugin (pkg/plugins/retitle/retitle.go): `/retitle <title>` sets the title of a
// PR or issue for trusted users (trigger's TrustedUser: org member, collaborator unless
// only_org_members, a trusted_apps bot, or a trusted_org member). Titles may not be empty or hold
// issue-closing keywords. Closed/merged ones only with retitle.allow_closed_issues. Prow stopped
// refusing @mentions in titles in January 2026 (commit 9e8160a9e), so they pass here too.

export interface RetitleConfig {
  allowClosedIssues: boolean;
  /** The `triggers:` entry for the repo: who counts as trusted. */
  trust: TrustConfig;
}

const retitleRe = new RegExp(`${BOL}\\/retitle${WS}*(${DOT}*)${EOL}`, 'iu');
// invalidcommitmsg.CloseIssueRegex; its (?i) covers the keywords, the rest has no letters.
const closeIssueRe = /(clos(?:e[sd]?)|fix(?:es|ed)?|resolv(?:e[sd]?))[\t\n\f\r :]+(\w+\/\w+)?#(\d+)/i;

export const retitle: Plugin<RetitleConfig> = {
  name: 'retitle',
  help: {
    description: "The retitle plugin allows users to re-title pull requests and issues where GitHub permissions don't allow them to.",
    commands: [
      {
        usage: '/retitle <title>',
        description: 'Edits the pull request or issue title.',
        whoCanUse: 'Collaborators on the repository.',
        examples: ['/retitle New Title'],
      },
    ],
    config: 'retitle: {allow_closed_issues}; who is trusted comes from the triggers section (only_org_members, trusted_apps, trusted_org)',
  },
  config: (plugins: PluginsConfig, org: string, repo: string): RetitleConfig => ({
    allowClosedIssues: plugins.retitle?.allow_closed_issues ?? false,
    trust: triggerFor(plugins, org, repo),
  }),
  needs({ event, state, config, botLogin }) {
    if (!config.allowClosedIssues && state.state !== 'open') return [];
    const c = genericComment(event, state);
    if (!c || c.action !== 'created' || !retitleRe.test(c.body)) return [];
    return trustNeeds(c.author, state.owner, config.trust, botLogin);
  },
  decide({ event, state, config, facts, footer, botLogin }) {
    if (!config.allowClosedIssues && state.state !== 'open') return [];
    const c = genericComment(event, state);
    if (!c || c.action !== 'created') return [];
    const m = retitleRe.exec(c.body);
    if (!m) return [];
    const reply = (msg: string) => [{ type: 'comment' as const, body: formatResponseRaw(c.body, c.url, c.author, msg, footer) }];
    if (!trustedUser(c.author, { org: state.owner, repo: state.repo }, config.trust, facts, botLogin).trusted) {
      return reply('Re-titling can only be requested by trusted users, like repository collaborators.');
    }
    const title = goTrimSpace(m[1] ?? '');
    if (title === '') return reply('Titles may not be empty.');
    if (closeIssueRe.test(title)) {
      return reply('Titles may not contain [keywords](https://help.github.com/articles/closing-issues-using-keywords) which can automatically close issues.');
    }
    return [{ type: 'setTitle', title }];
  },
};
