// Prow's plugin config defaults (Configuration.setDefaults and the *For lookups), applied once at
// load so every plugin sees the effective values. Pure.
import { normalizePlugins } from './plugins.js';
import type { PluginsConfig, RawPluginsConfig } from './plugins.schema.js';

export const DEFAULT_HELP_GUIDELINES_URL = 'https://git.k8s.io/community/contributors/guide/help-wanted.md';
export const DEFAULT_COMMAND_HELP_LINK = 'https://go.k8s.io/bot-commands';
export const DEFAULT_PR_PROCESS_LINK = 'https://git.k8s.io/community/contributors/guide/owners.md#the-code-review-process';
export const DEFAULT_WAIT_FOR_STATUS_DESCRIPTION =
  'Not mergeable. (PullRequest is missing sufficient approving GitHub review\\(s\\)|Needs (lgtm|approved|approved, lgtm) labels?)\\.?';
const DEFAULT_SIGMENTION = '(?m)@kubernetes/sig-([\\w-]*)-(misc|test-failures|bugs|feature-requests|proposals|pr-reviews|api-reviews)';
const DEFAULT_CHERRY_PICK_COMMENT =
  'This PR is not for the master branch but does not have the `cherry-pick-approved`  label. Adding the `do-not-merge/cherry-pick-not-approved`  label.';

function pickerDefaults<T extends { request_count?: number; wait_for_status?: { context?: string; state?: string; description?: string } }>(p: T | undefined): T {
  const out = { ...(p ?? ({} as T)) };
  out.request_count ??= 2;
  if (out.wait_for_status) {
    out.wait_for_status = {
      ...out.wait_for_status,
      context: out.wait_for_status.context || 'tide',
      state: out.wait_for_status.state || 'pending',
      description: out.wait_for_status.description || DEFAULT_WAIT_FOR_STATUS_DESCRIPTION,
    };
  }
  return out;
}

export function applyPluginDefaults(raw: RawPluginsConfig): PluginsConfig {
  const external = Object.fromEntries(
    Object.entries(raw.external_plugins ?? {}).map(([k, list]) => [
      k,
      list.map((p) => ({ ...p, endpoint: p.endpoint || `http://${p.name ?? ''}` })),
    ]),
  );
  return {
    ...raw,
    plugins: normalizePlugins(raw.plugins),
    external_plugins: external,
    help: { ...raw.help, help_guidelines_url: raw.help?.help_guidelines_url || DEFAULT_HELP_GUIDELINES_URL },
    blunderbuss: pickerDefaults(raw.blunderbuss),
    rifle: pickerDefaults(raw.rifle),
    approve: raw.approve?.map((a) => ({
      ...a,
      commandHelpLink: a.commandHelpLink || DEFAULT_COMMAND_HELP_LINK,
      pr_process_link: a.pr_process_link || DEFAULT_PR_PROCESS_LINK,
    })),
    triggers: raw.triggers?.map((t) => ({
      ...t,
      join_org_url: t.join_org_url || (t.trusted_org ? `https://github.com/orgs/${t.trusted_org}/people` : undefined),
    })),
    sigmention: { ...raw.sigmention, regexp: raw.sigmention?.regexp || DEFAULT_SIGMENTION },
    owners: { ...raw.owners, labels_denylist: raw.owners?.labels_denylist ?? ['approved', 'lgtm'] },
    cherry_pick_unapproved: {
      ...raw.cherry_pick_unapproved,
      branchregexp: raw.cherry_pick_unapproved?.branchregexp || '^release-.*$',
      comment: raw.cherry_pick_unapproved?.comment || DEFAULT_CHERRY_PICK_COMMENT,
    },
    cherry_pick_approved: raw.cherry_pick_approved?.map((c) => ({ ...c, branchregexp: c.branchregexp || '^release-.*$' })),
    require_matching_label: raw.require_matching_label?.map((r) => ({ ...r, grace_period: r.grace_period || '5s' })),
    release_note: { ...raw.release_note, guidelines_url: raw.release_note?.guidelines_url || 'https://git.k8s.io/community/contributors/guide/release-notes.md' },
  };
}
