import type { Scenario } from '../src/scenario-schema.js';

// A small but complete scenario for the simulator's tests: an organisation with teams, one
// repository with OWNERS files, labels, milestones, three PRs (plain, unmergeable, draft) and an
// issue. The clock is fixed so timestamps are predictable.

export const CLOCK = '2024-05-01T12:00:00Z';

export function testScenario(): Scenario {
  return {
    clock: CLOCK,
    users: [
      { login: 'alice', name: 'Alice', email: 'alice@example.com', token: 'alice-token' },
      { login: 'bob', token: 'bob-token' },
      'carol',
      'dave',
      { login: 'erin', token: 'erin-token' },
      { login: 'frank', token: 'frank-token' },
      { login: 'bot', type: 'Bot', token: 'bot-token' },
      'outsider',
    ],
    orgs: [
      {
        login: 'acme',
        admins: ['alice'],
        members: ['bob', 'carol', 'bot'],
        teams: [
          { slug: 'core', name: 'Core', members: ['bob'], maintainers: ['alice'] },
          { slug: 'docs', name: 'Docs', members: ['carol'] },
        ],
      },
    ],
    repos: [
      {
        name: 'acme/widgets',
        collaborators: { dave: 'write', erin: 'triage', bot: 'write' },
        teams: { core: 'maintain' },
        labels: ['lgtm', { name: 'approved', color: '00ff00', description: 'Approved by an approver' }, 'do-not-merge/hold', 'help wanted', 'kind/bug'],
        milestones: ['v1.0', { title: 'v0.9', state: 'closed' }],
        branches: { feature: 'fea7000000000000000000000000000000000001' },
        trees: { feature: { OWNERS: 'approvers:\n  - alice\n', 'src/feature.go': 'package main\n' } },
        files: {
          OWNERS: 'approvers:\n  - alice\nreviewers:\n  - dave\n',
          OWNERS_ALIASES: 'aliases:\n  core:\n    - alice\n    - bob\n',
          'docs/OWNERS': 'approvers:\n  - carol\n',
          'src/main.go': 'package main\n',
        },
        pulls: [
          {
            number: 1,
            title: 'Add widgets',
            body: 'Widgets for everyone.',
            user: 'frank',
            head: 'widgets',
            labels: ['kind/bug'],
            assignees: ['bob'],
            milestone: 'v1.0',
            requested_reviewers: ['dave'],
            requested_teams: ['docs'],
            files: [
              { filename: 'src/widget.go', content: 'package main\n\nfunc widget() {}\n' },
              { filename: 'docs/widgets.md', status: 'added', additions: 30, deletions: 0 },
            ],
            comments: [{ user: 'alice', body: 'Looks good' }],
            reviews: [{ user: 'carol', state: 'COMMENTED', body: 'A thought' }],
            statuses: [{ context: 'ci/test', state: 'success', creator: 'bot', target_url: 'https://ci.example.com/1' }],
            check_runs: [{ name: 'build', conclusion: 'success', creator: 'bot' }],
          },
          { number: 2, title: 'Conflicting change', user: 'bob', head: 'conflict', mergeable: false, files: ['src/main.go:3:1'] },
          { number: 3, title: 'Work in progress', user: 'carol', head: 'wip', draft: true },
        ],
        issues: [{ number: 4, title: 'Widgets crash', body: 'They crash.', user: 'frank', labels: ['kind/bug'], comments: [{ user: 'frank', body: 'Still crashing' }] }],
      },
    ],
  };
}
