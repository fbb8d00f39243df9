import type { Scenario } from './scenario-schema.js';

// The playground's GitHub: organisation `demo`, repository `demo/hello` with OWNERS files, the
// usual Prow labels, and one open PR by an outside contributor. `coxswain github-sim` loads it
// unless given --seed.

const OWNERS = `approvers:
  - alice
  - bob
reviewers:
  - carol
  - dave
`;

const OWNERS_ALIASES = `aliases:
  hello-maintainers:
    - alice
    - bob
  hello-reviewers:
    - carol
    - dave
  docs-approvers:
    - erin
`;

const DOCS_OWNERS = `approvers:
  - erin
`;

// A tiny Node package, so the playground's presubmit (`npm test`) passes when it really runs on a
// clone: no dependencies, nothing to install.
const PACKAGE_JSON = `{
  "name": "hello",
  "version": "1.0.0",
  "private": true,
  "description": "A small repository to try Coxswain on",
  "main": "index.js",
  "scripts": {
    "test": "node --test"
  }
}
`;

const INDEX_JS = `'use strict';

/** The greeting for someone. */
function greet(name) {
  return \`Hello, \${name}!\`;
}

module.exports = { greet };
`;

const TEST_JS = `'use strict';

const test = require('node:test');
const assert = require('node:assert');
const { greet } = require('../index.js');

test('greets by name', () => {
  assert.strictEqual(greet('world'), 'Hello, world!');
});
`;

const labels: Array<[string, string, string]> = [
  ['lgtm', '15dd18', 'Indicates that a PR is ready to be merged.'],
  ['approved', '0ffa16', 'Indicates a PR has been approved by an approver from all required OWNERS files.'],
  ['do-not-merge/hold', 'e11d21', 'Indicates that a PR should not merge because someone has issued a /hold command.'],
  ['do-not-merge/work-in-progress', 'e11d21', 'Indicates that a PR should not merge because it is a work in progress.'],
  ['needs-ok-to-test', 'e2e2e2', 'Indicates a PR that requires an org member to verify it is safe to test.'],
  ['ok-to-test', '15dd18', 'Indicates a non-member PR verified by an org member that is safe to test.'],
  ['size/XS', '009900', 'Denotes a PR that changes 0-9 lines, ignoring generated files.'],
  ['size/S', '77bb00', 'Denotes a PR that changes 10-29 lines, ignoring generated files.'],
  ['size/M', 'eebb00', 'Denotes a PR that changes 30-99 lines, ignoring generated files.'],
  ['size/L', 'ee9900', 'Denotes a PR that changes 100-499 lines, ignoring generated files.'],
  ['size/XL', 'ee5500', 'Denotes a PR that changes 500-999 lines, ignoring generated files.'],
  ['size/XXL', 'ee0000', 'Denotes a PR that changes 1000+ lines, ignoring generated files.'],
  ['kind/bug', 'e11d21', 'Categorizes issue or PR as related to a bug.'],
  ['kind/feature', 'c7def8', 'Categorizes issue or PR as related to a new feature.'],
  ['lifecycle/frozen', 'd3e2f0', 'Indicates that an issue or PR should not be auto-closed due to staleness.'],
  ['lifecycle/stale', '795548', 'Denotes an issue or PR has remained open with no activity and has become stale.'],
  ['lifecycle/rotten', '604460', 'Denotes an issue or PR that has aged beyond stale and will be auto-closed.'],
  ['lifecycle/active', '8fc951', 'Indicates that an issue or PR is actively being worked on by a contributor.'],
  ['help wanted', '006b75', 'Denotes an issue that needs help from a contributor.'],
  ['good first issue', '7057ff', 'Denotes an issue ready for a new contributor.'],
];

export const demoSeed: Scenario = {
  users: [
    { login: 'alice', name: 'Alice Approver', token: 'alice-token' },
    { login: 'bob', name: 'Bob Approver', token: 'bob-token' },
    { login: 'carol', name: 'Carol Reviewer', token: 'carol-token' },
    { login: 'dave', name: 'Dave Reviewer', token: 'dave-token' },
    { login: 'erin', name: 'Erin Docs', token: 'erin-token' },
    { login: 'frank', name: 'Frank Outsider', token: 'frank-token' },
    { login: 'coxswain-bot', type: 'Bot', name: 'Coxswain', token: 'playground-token' },
  ],
  orgs: [
    {
      login: 'demo',
      name: 'Demo',
      admins: ['alice'],
      members: ['bob', 'carol', 'dave', 'erin', 'coxswain-bot'],
      teams: [
        { slug: 'maintainers', name: 'Maintainers', members: ['alice', 'bob'] },
        { slug: 'reviewers', name: 'Reviewers', members: ['carol', 'dave'] },
      ],
    },
  ],
  repos: [
    {
      name: 'demo/hello',
      description: 'A small repository to try Coxswain on',
      default_branch: 'main',
      collaborators: { alice: 'admin', bob: 'maintain', carol: 'write', dave: 'write', erin: 'write', 'coxswain-bot': 'write' },
      teams: { maintainers: 'maintain', reviewers: 'write' },
      labels: labels.map(([name, color, description]) => ({ name, color, description })),
      files: {
        OWNERS,
        OWNERS_ALIASES,
        'README.md': '# hello\n\nA small repository to try Coxswain on.\n',
        'docs/OWNERS': DOCS_OWNERS,
        'docs/README.md': '# Docs\n',
        'package.json': PACKAGE_JSON,
        'index.js': INDEX_JS,
        'test/hello.test.js': TEST_JS,
      },
      pulls: [
        {
          number: 1,
          title: 'Add a greeting',
          body: 'Says hello to everyone who reads the README.',
          user: 'frank',
          head: 'greeting',
          files: [
            { filename: 'README.md', status: 'modified', additions: 12, deletions: 1 },
            { filename: 'docs/intro.md', status: 'added', additions: 30, deletions: 0 },
          ],
        },
      ],
    },
  ],
};
