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

/** A message that addresses nobody and quotes nothing (Prow's FormatSimpleResponse). */
export function formatSimpleResponse(message: string, footer = PROW_FOOTER): string {
  return `${message}\n\n<details>\n\n${footer}\n</details>`;
}
