// A slash command given from a script or the CLI (a Temporal Update on the PR's workflow) instead
// of a GitHub comment: checked here before it is accepted, then handled exactly as a comment by
// the same person would be (same plugins, same authorization), and answered with what changed.
// Pure.
import type { CommentEvent } from './event.js';
import type { EntityState } from './pr-state.js';

export interface CommandRequest {
  /** The command text, e.g. `/hold` or `/assign @bob` (several lines allowed, as in a comment). */
  body: string;
  /** The GitHub login the command is given as: the plugins check what this person may do. */
  as: string;
}

export interface CommandOutcome {
  /** The event's delivery ID in the PR's history (`cli/<update id>`). */
  deliveryId: string;
  labelsAdded: string[];
  labelsRemoved: string[];
  assigneesAdded: string[];
  assigneesRemoved: string[];
  state?: { from: string; to: string };
  /** What the bot answered on the PR (refusals say why). */
  replies: string[];
  /** Plugins that could not decide, and why. */
  failures: Array<{ plugin: string; reason: string }>;
  /** Accepted, but the workflow continued as new before handling it: the next run will. */
  queued?: boolean;
}

/** Characters (workflow code has no Buffer; GitHub's own comment limit is 65,536). */
export const MAX_COMMAND_CHARS = 16 * 1024;
// GitHub logins: alphanumerics and single hyphens, at most 39 characters (bots end in [bot]).
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\[bot\])?$/;

/** Why a command is refused before it reaches the plugins, or undefined when it is well-formed. */
export function commandProblem(req: unknown): string | undefined {
  if (typeof req !== 'object' || req === null) return 'a command needs { body, as }';
  const { body, as } = req as Partial<CommandRequest>;
  if (typeof as !== 'string' || !LOGIN.test(as)) return `"as" must be a GitHub login (got ${JSON.stringify(as)?.slice(0, 60)})`;
  if (typeof body !== 'string' || body.trim() === '') return 'the command is empty';
  if (body.length > MAX_COMMAND_CHARS) return `the command is over ${MAX_COMMAND_CHARS} characters`;
  if (!/^\/[a-z]/im.test(body)) return 'no command in it: each command is a line starting with "/" (e.g. /hold)';
  return undefined;
}

/** The command as the comment event the plugins handle, marked as coming from a script. */
export function commandEvent(req: CommandRequest, updateId: string): CommentEvent {
  return { kind: 'comment', action: 'created', deliveryId: `cli/${updateId}`, actor: req.as, commentId: 0, body: req.body, on: 'issue', via: 'cli' };
}

const added = (a: string[], b: string[]) => b.filter((x) => !a.includes(x));

export function commandOutcome(before: EntityState, after: EntityState, deliveryId: string): CommandOutcome {
  return {
    deliveryId,
    labelsAdded: added(before.labels, after.labels),
    labelsRemoved: added(after.labels, before.labels),
    assigneesAdded: added(before.assignees, after.assignees),
    assigneesRemoved: added(after.assignees, before.assignees),
    ...(before.state !== after.state ? { state: { from: before.state, to: after.state } } : {}),
    replies: after.cliReplies?.deliveryId === deliveryId ? after.cliReplies.bodies : [],
    failures: after.failures.filter((f) => f.deliveryId === deliveryId).map(({ plugin, reason }) => ({ plugin, reason })),
  };
}
