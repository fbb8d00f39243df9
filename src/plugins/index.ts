// The explicit registry: a plugin exists for Coxswain when it is listed here. index.test.ts checks
// that every plugin file in this folder is registered and has help.
import { approve } from './approve/index.js';
import { assign } from './assign.js';
import { blockade } from './blockade.js';
import { blunderbuss } from './blunderbuss.js';
import { branchcleaner } from './branchcleaner.js';
import { cat } from './cat.js';
import { cherrypick } from './cherrypick.js';
import { configUpdater } from './config-updater.js';
import { dco } from './dco.js';
import { dog } from './dog.js';
import { heart } from './heart.js';
import { help } from './help.js';
import { hold } from './hold.js';
import { invalidcommitmsg } from './invalidcommitmsg.js';
import { label } from './label.js';
import { lgtm } from './lgtm.js';
import { lifecycle } from './lifecycle.js';
import { milestone } from './milestone.js';
import { needsRebase } from './needs-rebase.js';
import { override } from './override.js';
import { ownersLabel } from './owners-label.js';
import { releaseNote } from './release-note.js';
import { requireMatchingLabel } from './require-matching-label.js';
import { retitle } from './retitle.js';
import { shrug } from './shrug.js';
import { size } from './size.js';
import { skip } from './skip.js';
import { stage } from './stage.js';
import type { PluginsConfig } from '../config/plugins.schema.js';
import type { Plugin } from './types.js';
import { verifyOwners } from './verify-owners.js';
import { trigger } from './trigger.js';
import { welcome } from './welcome.js';
import { wip } from './wip.js';

// Plugins have different config types; the registry only needs the common shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPlugin = Plugin<any>;

export const PLUGINS: readonly AnyPlugin[] = [
  approve, assign, blockade, blunderbuss, branchcleaner, cat, cherrypick, configUpdater, dco, dog, heart, help, hold,
  invalidcommitmsg, label, lgtm, lifecycle, milestone, needsRebase, override, ownersLabel, releaseNote,
  requireMatchingLabel, retitle, shrug, size, skip, stage, trigger, verifyOwners, welcome, wip,
];

/** Prow runs these as external plugins; Coxswain runs them itself when they are listed there. */
export const NATIVE_EXTERNAL_PLUGINS = ['needs-rebase', 'cherrypicker'] as const;

export function pluginByName(name: string): AnyPlugin | undefined {
  return PLUGINS.find((p) => p.name === name);
}

/** Plugin names enabled anywhere in plugins.yaml that Coxswain does not implement. */
export function unsupportedPlugins(plugins: Pick<PluginsConfig, 'plugins'>): string[] {
  const names = Object.values(plugins.plugins).flatMap((entry) => entry.plugins ?? []);
  return [...new Set(names)].filter((n) => !pluginByName(n)).sort();
}
