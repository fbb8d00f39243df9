import { genericComment, lineCommands, normLogin } from '../core/commands.js';
import { formatResponseRaw, webOf } from '../core/respond.js';
import type { PluginsConfig } from '../config/plugins.schema.js';
import type { Plugin } from './types.js';

// Prow's milestone plugin (pkg/plugins/milestone/milestone.go): `/milestone <title>` sets, and
// `/milestone clear` clears, the milestone of a PR or issue, for members of the repo's
// `repo_milestone` maintainers team (the "org/repo" entry, else the "" one). Titles must name one
// of the repository's open milestones, exactly.

export interface MilestoneConfig {
  /** Team slug; '' when not configured (or only the deprecated maintainers_id is). */
  team: string;
  friendlyName: string;
}

// Prow's `(?m)^/milestone\s+(.+?)\s*$`: case-sensitive, first match only; matched in linear time.
const command = (body: string) => lineCommands(body, '\\/milestone', { required: true, first: true })[0];
const CLEAR = 'clear';

export const milestone: Plugin<MilestoneConfig> = {
  name: 'milestone',
  help: {
    description: 'The milestone plugin allows members of a configurable GitHub team to set the milestone on an issue or pull request.',
    commands: [
      {
        usage: '/milestone <version> or /milestone clear',
        description: 'Updates the milestone for an issue or PR',
        whoCanUse: "Members of the milestone maintainers GitHub team can use the '/milestone' command.",
        examples: ['/milestone v1.10', '/milestone v1.9', '/milestone clear'],
      },
    ],
    config: 'repo_milestone: {"org/repo" | "": {maintainers_team, maintainers_friendly_name}}',
  },
  config(plugins: PluginsConfig, org: string, repo: string): MilestoneConfig {
    const all = plugins.repo_milestone ?? {};
    const m = all[`${org}/${repo}`] ?? all[''] ?? {};
    // Prow's default friendly name ("SIG Chairs/TLs") is set on a copy and never applies.
    return { team: m.maintainers_team ?? '', friendlyName: m.maintainers_friendly_name ?? '' };
  },
  needs({ event, state, config }) {
    const c = genericComment(event, state);
    if (!c || c.action !== 'created' || !config.team || !command(c.body)) return [];
    return [{ kind: 'team', org: state.owner, slug: config.team }, { kind: 'milestones' }];
  },
  decide(input) {
    const { event, state, config, facts, footer } = input;
    const c = genericComment(event, state);
    if (!c || c.action !== 'created' || !config.team) return [];
    const m = command(c.body);
    const members = facts.teams[`${state.owner}/${config.team}`.toLowerCase()];
    if (!m || !members || !facts.milestones) return [];
    const reply = (msg: string) => [{ type: 'comment' as const, body: formatResponseRaw(c.body, c.url, c.author, msg, footer) }];
    const org = state.owner;
    if (!members.some((login) => normLogin(login) === normLogin(c.author))) {
      return reply(
        `You must be a member of the [${org}/${config.team}](${webOf(input)}/orgs/${org}/teams/${config.team}/members) GitHub team to set the milestone. If you believe you should be able to issue the /milestone command, please contact your ${config.friendlyName} and have them propose you as an additional delegate for this responsibility.`,
      );
    }
    const wanted = m[1]!;
    if (wanted === CLEAR) return [{ type: 'setMilestone', milestone: null }];
    // GitHub's milestone list (as Prow reads it) holds only open milestones.
    const open = facts.milestones.filter((ms) => ms.state === 'open');
    const found = open.find((ms) => ms.title === wanted);
    if (!found) {
      const titles = [...new Set(open.map((ms) => `\`${ms.title}\``))].sort();
      return reply(`The provided milestone is not valid for this repository. Milestones in this repository: [${titles.join(', ')}]\n\nUse \`/milestone ${CLEAR}\` to clear the milestone.`);
    }
    return [{ type: 'setMilestone', milestone: found.number }];
  },
};
