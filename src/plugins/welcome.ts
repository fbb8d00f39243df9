import { sectionFor } from '../config/plugins.js';
import type { TriggerConfig } from '../config/plugins.schema.js';
import { isAppAccount, normLogin } from '../core/commands.js';
import { triggerFor } from '../config/plugins.js';
import { trustedUser, trustNeeds } from '../core/trust.js';
import type { Plugin } from './types.js';

// Prow's welcome plugin (pkg/plugins/welcome): when a human opens their first PR in a repository
// and is not trusted (trigger's rules), post the `message_template` of the `welcome:` entry for the
// repo (or org), a Go template over Org, Repo, AuthorLogin and AuthorName. `always_post` greets
// every PR. Prow reads the author's name from the webhook's user object, which GitHub sends without
// a name, so {{.AuthorName}} renders empty there and here.

export const DEFAULT_WELCOME_TEMPLATE = 'Welcome @{{.AuthorLogin}}! It looks like this is your first PR to {{.Org}}/{{.Repo}} 🎉';

export interface WelcomeCfg {
  messageTemplate: string;
  alwaysPost: boolean;
  trigger: TriggerConfig | undefined;
}

interface TemplateData {
  Org: string;
  Repo: string;
  AuthorLogin: string;
  AuthorName: string;
}

/** html/template's escaping of a value in HTML text (Prow renders with html/template). */
function htmlEscape(v: string): string {
  const table: Record<string, string> = { '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;', '+': '&#43;', '\0': '\uFFFD' };
  return v.replace(/[&'<>"+\0]/g, (ch) => table[ch] ?? ch);
}

/**
 * Renders a Go template's `{{.Field}}` actions, template comments and `{{-`/`-}}` trim
 * markers. Returns null for any other action, which Coxswain does not evaluate (Prow fails on an
 * unknown field the same way and posts nothing).
 */
export function renderWelcome(template: string, data: TemplateData): string | null {
  const action = /\{\{(-[ \t\r\n])?\s*([\s\S]*?)\s*([ \t\r\n]-)?\}\}/g;
  let out = '';
  let last = 0;
  let trimNext = false;
  for (const m of template.matchAll(action)) {
    let text = template.slice(last, m.index);
    if (trimNext) text = text.replace(/^\s+/, '');
    out += text;
    if (m[1]) out = out.replace(/\s+$/, '');
    trimNext = !!m[3];
    last = m.index + m[0].length;
    const expr = m[2] ?? '';
    if (/^\/\*[\s\S]*\*\/$/.test(expr)) continue;
    const field = /^\.(\w+)$/.exec(expr)?.[1];
    if (!field || !Object.hasOwn(data, field)) return null;
    out += htmlEscape(data[field as keyof TemplateData]);
  }
  let rest = template.slice(last);
  if (trimNext) rest = rest.replace(/^\s+/, '');
  return out + rest;
}

export const welcome: Plugin<WelcomeCfg> = {
  name: 'welcome',
  help: {
    description: 'The welcome plugin greets incoming PRs with a welcoming message.',
    commands: [],
    config: 'welcome: [{repos, message_template, always_post}]; trust from triggers: [{repos, trusted_org, trusted_apps, only_org_members}]',
  },
  config(plugins, org, repo) {
    const entry = sectionFor(plugins.welcome, org, repo);
    return {
      messageTemplate: entry?.message_template || DEFAULT_WELCOME_TEMPLATE,
      alwaysPost: entry?.always_post ?? false,
      trigger: triggerFor(plugins, org, repo),
    };
  },
  needs({ event, state, config, botLogin }) {
    if (event.kind !== 'pull_request' || event.action !== 'opened' || isAppAccount(event.author)) return [];
    if (config.alwaysPost) return [];
    return [...trustNeeds(event.author, state.owner, config.trigger, botLogin), { kind: 'authorPrCount', login: event.author }];
  },
  decide({ event, state, config, facts, botLogin }) {
    if (event.kind !== 'pull_request' || event.action !== 'opened' || isAppAccount(event.author)) return [];
    const author = event.author;
    if (!config.alwaysPost) {
      if (trustedUser(author, { org: state.owner, repo: state.repo }, config.trigger, facts, botLogin).trusted) return [];
      // The count includes the PR just opened (GitHub search: is:pr repo:org/repo author:login).
      const count = facts.authorPrCount[normLogin(author)];
      if (count === undefined || count > 1) return [];
    }
    const body = renderWelcome(config.messageTemplate, { Org: state.owner, Repo: state.repo, AuthorLogin: author, AuthorName: '' });
    return body === null ? [] : [{ type: 'comment', body }];
  },
};
