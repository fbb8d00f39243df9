// Prow's reply layout (pkg/plugins/respond.go), byte for byte, with the footer configurable.

export const PROW_FOOTER =
  'Instructions for interacting with me using PR comments are available [here](https://git.k8s.io/community/contributors/guide/pull-requests.md).  If you have questions or suggestions related to my behavior, please file an issue against the [kubernetes-sigs/prow](https://github.com/kubernetes-sigs/prow/issues/new?title=Prow%20issue:) repository.';

/** `@login: reply`, then the quoted command in a <details> block, then the footer. */
export function formatResponseRaw(body: string, url: string, login: string, reply: string, footer = PROW_FOOTER): string {
  const quoted = body
    .split('\n')
    .map((l) => `>${l}`)
    .join('\n');
  return formatResponse(login, reply, `In response to [this](${url}):\n\n${quoted}\n`, footer);
}

export function formatResponse(to: string, message: string, reason: string, footer = PROW_FOOTER): string {
  return `@${to}: ${message}\n\n<details>\n\n${reason}\n\n${footer}\n</details>`;
}


/** Prow's AboutThisBot: the footer followed by the link to the command list. */
export function aboutThisBot(footer: string, commandHelpUrl = 'https://go.k8s.io/bot-commands'): string {
  return `${footer} I understand the commands that are listed [here](${commandHelpUrl}).`;
}

/** Prow's MarkdownSHAList: `- [short sha](commit url) subject` per commit. */
export function markdownShaList(org: string, repo: string, commits: Array<{ sha: string; message: string }>, web = GITHUB_WEB): string {
  return commits
    .map((c) => (c.sha ? `- [${c.sha.slice(0, 7)}](${web}/${org}/${repo}/commits/${c.sha}) ${c.message.split('\n')[0] ?? ''}` : ''))
    .join('\n');
}

/** GitHub's web address, for links in replies (Prow's `github.link_url`; GitHub Enterprise has its own). */
export const GITHUB_WEB = 'https://github.com';

/** The web address a plugin links to: the configured one, without a trailing slash. */
export function webOf(input: { webUrl?: string }): string {
  return (input.webUrl ?? GITHUB_WEB).replace(/\/+$/, '');
}

/**
 * A reply a plugin wrote before the outcome was known, with `{{name}}` where the outcome goes
 * (the logins GitHub refused, the new PR's number): filled in one pass, values taken literally.
 */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}
