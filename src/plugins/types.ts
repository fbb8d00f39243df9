// The contract every plugin follows (the model it decides with is core/model.ts): pure decisions
// over a PR/issue's state, an event and facts the workflow fetched beforehand. Plugins never do I/O; the workflow gathers `needs()` through
// activities, calls `decide()`, and carries out the returned actions through activities.
import type { GithubEvent } from '../core/event.js';
import type { PluginsConfig } from '../config/plugins.schema.js';
import type { ProwConfig } from '../config/load.js';
import type { Action, FactRequest, Facts, PrView } from '../core/model.js';

/** Help shown by /help pages and the command-help page. Examples are also test inputs. */
export interface PluginHelp {
  description: string;
  commands: Array<{ usage: string; description: string; whoCanUse: string; examples: string[] }>;
  /** Config keys this plugin reads from plugins.yaml, for the help page. */
  config?: string;
}

export interface DecideInput<C> {
  event: GithubEvent;
  /** The PR/issue after the event was folded in (labels from a labeled event are already there). */
  state: PrView;
  config: C;
  facts: Facts;
  /** The bot's own login: its comments are never commands. */
  botLogin: string;
  /** Footer text for replies (Prow's "Instructions for interacting with me…"), configurable. */
  footer: string;
  /** The command list to link to (the deployment's own page); Prow's go.k8s.io/bot-commands when absent. */
  commandHelpUrl?: string;
  /** GitHub's web address for links (Prow's `github.link_url`); core/respond.ts webOf() reads it. */
  webUrl?: string;
}

export interface Plugin<C = unknown> {
  /** The name used in plugins.yaml's `plugins:` lists. */
  name: string;
  help: PluginHelp;
  /** This plugin's settings for org/repo, from the loaded plugins.yaml (defaults applied). */
  config(plugins: PluginsConfig, org: string, repo: string, prow?: ProwConfig): C;
  /**
   * Facts decide() needs for this event; return [] for events the plugin ignores. `facts`, when
   * given, holds what earlier rounds gathered: a fact that depends on another (size's
   * `paths-from-repo` files named inside `.generated_files`) is asked for once that one is known,
   * so the workflow calls needs() again until it returns nothing new.
   */
  needs(input: Omit<DecideInput<C>, 'facts'> & { facts?: Facts }): FactRequest[];
  decide(input: DecideInput<C>): Action[];
  /**
   * Called instead of decide() when a fact this plugin asked for could not be read (GitHub
   * refused it, or it was too large to use). Without it the plugin does nothing on this event; with
   * it, the plugin does what is safe without the fact (lgtm removes its label on a push when it
   * cannot tell whether the tree changed, as Prow does). `failed` describes the missing facts.
   */
  failSafe?(input: DecideInput<C> & { failed: string[] }): Action[];
}
