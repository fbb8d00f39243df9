// Prow's reply layouts, written out here from the reference (prow.md §1, pkg/plugins/respond.go)
// rather than imported from src/, so the e2e tests check Coxswain's texts against an independent
// copy.

export const FOOTER =
  'Instructions for interacting with me using PR comments are available [here](https://git.k8s.io/community/contributors/guide/pull-requests.md).  If you have questions or suggestions related to my behavior, please file an issue against the [kubernetes-sigs/prow](https://github.com/kubernetes-sigs/prow/issues/new?title=Prow%20issue:) repository.';

/** FormatResponseRaw: `@login: reply`, the quoted command in <details>, the footer. */
export function reply(login: string, text: string, quoted: string, url: string): string {
  const quote = quoted
    .split('\n')
    .map((l) => `>${l}`)
    .join('\n');
  return `@${login}: ${text}\n\n<details>\n\nIn response to [this](${url}):\n\n${quote}\n\n\n${FOOTER}\n</details>`;
}

/** FormatSimpleResponse: the message and the footer in <details>, nobody addressed. */
export function simple(text: string): string {
  return `${text}\n\n<details>\n\n${FOOTER}\n</details>`;
}

/** The link Prow quotes for a comment on PR/issue `n`. */
export function commentUrl(repo: string, n: number, commentId: number, kind: 'pull' | 'issues' = 'pull'): string {
  return `https://github.com/${repo}/${kind}/${n}#issuecomment-${commentId}`;
}
