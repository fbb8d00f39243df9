import { defaultRerunCommandFor, defaultTriggerFor } from '../config/job-config.js';
import {
  availablePresubmits,
  ChangesNeeded,
  commentMatchesTrigger,
  dropCodeBlocks,
  filterPresubmits,
  helpMessage,
  presubmitFilter,
  shouldRespondWithHelp,
  testAllFilter,
  type HeadContexts,
  type PresubmitTrigger,
} from './job-select.js';

// Expectations follow Prow (pkg/pjutil/filter.go, help.go, pkg/config/jobs.go ShouldRun), not the code.

/** A presubmit as config/job-config.ts defaults it: context = name, Prow's default trigger and rerun command. */
const ps = (name: string, over: Partial<PresubmitTrigger> = {}): PresubmitTrigger => ({
  name,
  context: name,
  trigger: defaultTriggerFor(name),
  rerun_command: defaultRerunCommandFor(name),
  ...over,
});

const JOBS: PresubmitTrigger[] = [
  ps('unit', { always_run: true }),
  ps('e2e', { run_if_changed: '^src/' }),
  ps('lint', { skip_if_only_changed: '\\.md$' }),
  ps('manual'),
  ps('opt-auto', { always_run: true, optional: true }),
  ps('opt-manual', { optional: true }),
  ps('release-only', { always_run: true, branches: ['^release-.*$'] }),
  ps('not-on-main', { skip_branches: ['^main$'] }),
];

const ctx = (failed: string[], passed: string[] = []): HeadContexts => ({ failed: new Set(failed), all: new Set([...failed, ...passed]) });

function select(body: string, o: { changes?: string[]; branch?: string; contexts?: HeadContexts; jobs?: PresubmitTrigger[]; honorOkToTest?: boolean } = {}): string[] {
  const filter = presubmitFilter(o.honorOkToTest ?? true, body, o.contexts);
  return filterPresubmits(filter, 'changes' in o ? o.changes : ['src/a.go'], o.branch ?? 'main', o.jobs ?? JOBS).map((p) => p.name);
}

describe('filterPresubmits with presubmitFilter', () => {
  it.each<{ name: string; body: string; changes?: string[]; branch?: string; contexts?: HeadContexts; want: string[] }>([
    // /test <name>: the trigger matches, the job is forced (run_if_changed ignored), branches still apply.
    { name: '/test of a manual job runs it', body: '/test manual', want: ['manual'] },
    { name: '/test ignores run_if_changed that does not match', body: '/test e2e', changes: ['README.md'], want: ['e2e'] },
    { name: '/test ignores skip_if_only_changed when all files match', body: '/test lint', changes: ['README.md'], want: ['lint'] },
    { name: '/test honours branches', body: '/test release-only', branch: 'main', want: [] },
    { name: '/test on a listed branch runs it', body: '/test release-only', branch: 'release-1.0', want: ['release-only'] },
    { name: '/test honours skip_branches', body: '/test not-on-main', branch: 'main', want: [] },
    { name: '/test with skip_branches elsewhere runs it', body: '/test not-on-main', branch: 'dev', want: ['not-on-main'] },
    { name: '/test of an optional manual job runs it', body: '/test opt-manual', want: ['opt-manual'] },
    { name: '/test of an unknown job runs nothing', body: '/test nope', want: [] },

    // /test all: always_run plus matching run_if_changed / skip_if_only_changed; manual jobs never.
    { name: '/test all with code changes', body: '/test all', changes: ['src/a.go'], want: ['unit', 'e2e', 'lint', 'opt-auto'] },
    { name: '/test all with docs only: run_if_changed false, skip_if_only_changed all match → skipped', body: '/test all', changes: ['README.md', 'docs/x.md'], want: ['unit', 'opt-auto'] },
    { name: '/test all: one file outside skip_if_only_changed runs it', body: '/test all', changes: ['README.md', 'Makefile'], want: ['unit', 'lint', 'opt-auto'] },
    { name: '/test all with no changed files: neither matcher runs', body: '/test all', changes: [], want: ['unit', 'opt-auto'] },
    { name: '/test all on a release branch', body: '/test all', changes: [], branch: 'release-1.0', want: ['unit', 'opt-auto', 'release-only'] },
    { name: '/test all, (comma) is /test all', body: '/test all,', changes: [], want: ['unit', 'opt-auto'] },
    { name: '/test all followed by words', body: '/test all please', changes: [], want: ['unit', 'opt-auto'] },
    { name: '/test allx is not /test all', body: '/test allx', changes: [], want: [] },
    { name: '/ok-to-test runs what /test all runs', body: '/ok-to-test', changes: ['src/a.go'], want: ['unit', 'e2e', 'lint', 'opt-auto'] },

    // /retest: failed contexts (forced since Prow's d5c1e88) + automatic jobs with no status yet.
    {
      name: '/retest: failed manual job reruns, passed and unreported-manual do not',
      body: '/retest',
      contexts: ctx(['manual'], ['unit', 'e2e', 'lint', 'opt-auto']),
      want: ['manual'],
    },
    {
      name: '/retest: automatic jobs without a status run',
      body: '/retest',
      changes: ['src/a.go'],
      contexts: ctx(['manual'], ['unit']),
      want: ['e2e', 'lint', 'manual', 'opt-auto'],
    },
    {
      name: '/retest: an automatic job without a status still honours run_if_changed',
      body: '/retest',
      changes: ['README.md'],
      contexts: ctx([], ['unit', 'opt-auto']),
      want: [],
    },
    {
      name: '/retest: a failed run_if_changed job reruns even when the changes do not match',
      body: '/retest',
      changes: ['README.md'],
      contexts: ctx(['e2e'], ['unit', 'lint', 'opt-auto']),
      want: ['e2e'],
    },
    { name: '/retest: nothing failed, everything reported → nothing', body: '/retest', contexts: ctx([], ['unit', 'e2e', 'lint', 'opt-auto']), want: [] },
    { name: '/retest: failed job on a skipped branch does not run', body: '/retest', branch: 'main', contexts: ctx(['not-on-main'], ['unit', 'e2e', 'lint', 'opt-auto']), want: [] },
    { name: '/retest with trailing spaces', body: '/retest  ', contexts: ctx(['manual'], ['unit', 'e2e', 'lint', 'opt-auto']), want: ['manual'] },
    { name: '/retest mid-line is no command', body: 'please /retest', contexts: ctx(['manual'], ['unit', 'e2e', 'lint', 'opt-auto']), want: [] },

    // /retest-required: as /retest without optional jobs.
    {
      name: '/retest-required skips failed optional jobs',
      body: '/retest-required',
      contexts: ctx(['manual', 'opt-manual', 'opt-auto'], ['unit', 'e2e', 'lint']),
      want: ['manual'],
    },
    { name: '/retest-required skips optional jobs with no status', body: '/retest-required', changes: ['src/a.go'], contexts: ctx([], ['unit']), want: ['e2e', 'lint'] },
    { name: '/retest reruns failed optional jobs', body: '/retest', contexts: ctx(['manual', 'opt-manual', 'opt-auto'], ['unit', 'e2e', 'lint']), want: ['manual', 'opt-auto', 'opt-manual'] },

    // Several commands in one comment: the union.
    { name: '/test manual + /test all', body: '/test manual\n/test all', changes: [], want: ['unit', 'manual', 'opt-auto'] },
    { name: '/test opt-manual + /retest', body: '/test opt-manual\n/retest', contexts: ctx(['manual'], ['unit', 'e2e', 'lint', 'opt-auto']), want: ['manual', 'opt-manual'] },
    { name: 'two /test lines', body: 'first\n/test manual\nthen\n/test opt-manual', want: ['manual', 'opt-manual'] },
  ])('$name', ({ body, changes, branch, contexts, want }) => {
    expect(select(body, { changes: changes ?? ['src/a.go'], ...(branch ? { branch } : {}), ...(contexts ? { contexts } : {}) })).toEqual(want);
  });

  it('/ok-to-test runs nothing when ok-to-test is not honoured (ignore_ok_to_test)', () => {
    expect(select('/ok-to-test', { honorOkToTest: false })).toEqual([]);
    expect(select('/test all', { honorOkToTest: false, changes: [] })).toEqual(['unit', 'opt-auto']);
  });

  const TRIO = [ps('a'), ps('b'), ps('a-b')];
  it.each<{ body: string; want: string[] }>([
    { body: '/test a', want: ['a'] },
    { body: '/test a b', want: ['a', 'b'] },
    { body: '/test a,', want: ['a'] },
    { body: '/test a, b', want: ['a', 'b'] },
    { body: '/test a,b', want: [] }, // `a,` must be followed by whitespace or the end
    { body: '/test a-b', want: ['a-b'] },
    { body: '/test  a', want: ['a'] },
    { body: '/test a\tmore', want: ['a'] },
    { body: '/testa', want: [] },
    { body: '/test xa', want: [] },
    { body: '/TEST a', want: [] },
    { body: 'please /test a', want: [] },
    { body: 'hello\n/test b\nbye', want: ['b'] },
    { body: '/test all', want: [] }, // no automatic job among these
  ])('default trigger (?m)^/test( | .* )NAME,?($|\\s.*): $body', ({ body, want }) => {
    expect(select(body, { jobs: TRIO })).toEqual(want);
  });

  it('a custom trigger replaces /test NAME', () => {
    const jobs = [ps('custom', { trigger: '(?m)^/run-custom\\s*$', rerun_command: '/run-custom' }), ps('plain')];
    expect(select('/run-custom', { jobs })).toEqual(['custom']);
    expect(select('/test custom', { jobs })).toEqual([]);
    expect(select('/run-custom\n/test plain', { jobs })).toEqual(['custom', 'plain']);
    expect(commentMatchesTrigger('/run-custom', jobs)).toBe(true);
    expect(commentMatchesTrigger('/run-customer', jobs)).toBe(false);
  });

  it('a custom trigger that also matches /test all is run by it (a command filter, forced)', () => {
    const jobs = [ps('manual-all', { trigger: '(?m)^/test (all|manual-all)\\s*$' })];
    expect(select('/test all', { jobs, changes: [] })).toEqual(['manual-all']);
  });

  it.each<{ name: string; body: string; jobs: PresubmitTrigger[]; throws: boolean }>([
    { name: '/test all with a run_if_changed job', body: '/test all', jobs: [ps('e2e', { run_if_changed: '^src/' })], throws: true },
    { name: '/test all with a skip_if_only_changed job', body: '/test all', jobs: [ps('lint', { skip_if_only_changed: '\\.md$' })], throws: true },
    { name: '/test of the run_if_changed job (forced)', body: '/test e2e', jobs: [ps('e2e', { run_if_changed: '^src/' })], throws: false },
    { name: 'always_run only', body: '/test all', jobs: [ps('unit', { always_run: true })], throws: false },
    { name: 'a run_if_changed job on another branch only', body: '/test all', jobs: [ps('e2e', { run_if_changed: '^src/', branches: ['^release$'] })], throws: false },
    { name: 'a comment that matches no job', body: '/test nope', jobs: [ps('e2e', { run_if_changed: '^src/' })], throws: false },
  ])('ChangesNeeded when changes are undefined: $name → $throws', ({ body, jobs, throws }) => {
    const run = () => filterPresubmits(presubmitFilter(true, body, undefined), undefined, 'main', jobs);
    if (throws) expect(run).toThrow(ChangesNeeded);
    else expect(run).not.toThrow();
  });

  it('testAllFilter never selects manual jobs, whatever the changes', () => {
    expect(filterPresubmits(testAllFilter, ['src/a.go', 'x'], 'main', [ps('manual'), ps('opt-manual', { optional: true })])).toEqual([]);
  });
});

describe('shouldRespondWithHelp (Prow help.go)', () => {
  it.each<{ body: string; toRun: number; help: boolean; note: string }>([
    { body: '/test ?', toRun: 0, help: true, note: '' },
    { body: '/test ?', toRun: 3, help: true, note: '' },
    { body: '/test?', toRun: 0, help: true, note: '' },
    { body: '/test \t?  ', toRun: 0, help: true, note: '' },
    { body: '/test', toRun: 0, help: true, note: 'The `/test` command needs one or more targets.\n' },
    { body: 'hi\n/test  \nbye', toRun: 0, help: true, note: 'The `/test` command needs one or more targets.\n' },
    { body: '/retest foo', toRun: 0, help: true, note: 'The `/retest` command does not accept any targets.\n' },
    { body: '/retest foo', toRun: 2, help: true, note: 'The `/retest` command does not accept any targets.\n' },
    { body: '/test all', toRun: 0, help: true, note: 'No jobs can be run with `/test all`.\n' },
    { body: '/test all', toRun: 2, help: false, note: '' },
    { body: '/test nope', toRun: 0, help: true, note: 'The specified target(s) for `/test` were not found.\n' },
    { body: '/test nope', toRun: 1, help: false, note: '' },
    { body: '/retest', toRun: 0, help: false, note: '' },
    { body: '/retest-required', toRun: 0, help: false, note: '' },
    { body: '/ok-to-test', toRun: 0, help: false, note: '' },
    { body: 'please /test ?', toRun: 0, help: false, note: '' },
  ])('$body with $toRun to run → $help', ({ body, toRun, help, note }) => {
    expect(shouldRespondWithHelp(body, toRun)).toEqual({ help, note });
  });
});

describe('helpMessage (Prow HelpMessage, byte for byte)', () => {
  const fence = (s: string) => `\n\`\`\`\n${s}\n\`\`\``;

  it('no jobs at all', () => {
    expect(helpMessage('o', 'r', 'main', 'NOTE\n', { testAll: [], optional: [], required: [] })).toBe('No presubmit jobs available for o/r@main');
  });

  it('required and optional lists; test all runs as many jobs as there are commands', () => {
    const got = helpMessage('o', 'r', 'main', 'The specified target(s) for `/test` were not found.\n', {
      testAll: ['a', 'b', 'c'],
      required: ['/test a', '/test b'],
      optional: ['/test c'],
    });
    expect(got).toBe(
      'The specified target(s) for `/test` were not found.\n' +
        `The following commands are available to trigger required jobs:${fence('/test a')}${fence('/test b')}\n\n` +
        `The following commands are available to trigger optional jobs:${fence('/test c')}\n\n` +
        'Use `/test all` to run all jobs.\n',
    );
  });

  it('fewer test-all jobs than commands: the listed variant', () => {
    const got = helpMessage('o', 'r', 'main', '', { testAll: ['a'], required: ['/test a', '/test m'], optional: [] });
    expect(got).toBe(
      `The following commands are available to trigger required jobs:${fence('/test a')}${fence('/test m')}\n\n` +
        `Use \`/test all\` to run the following jobs that were automatically triggered:${fence('a')}\n\n`,
    );
  });

  it('no test-all jobs but commands: no /test all line', () => {
    expect(helpMessage('o', 'r', 'main', '', { testAll: [], required: [], optional: ['/test m'] })).toBe(
      `The following commands are available to trigger optional jobs:${fence('/test m')}\n\n`,
    );
  });

  it('availablePresubmits: sorted names and rerun commands of the jobs that can run on the branch', () => {
    expect(availablePresubmits(['src/a.go'], 'main', JOBS)).toEqual({
      testAll: ['e2e', 'lint', 'opt-auto', 'unit'],
      optional: ['/test opt-auto', '/test opt-manual'],
      required: ['/test e2e', '/test lint', '/test manual', '/test unit'],
    });
    expect(availablePresubmits([], 'release-1', JOBS)).toEqual({
      testAll: ['opt-auto', 'release-only', 'unit'],
      optional: ['/test opt-auto', '/test opt-manual'],
      required: ['/test e2e', '/test lint', '/test manual', '/test not-on-main', '/test release-only', '/test unit'],
    });
  });

  it('the whole reply for JOBS on main with code changes', () => {
    const a = availablePresubmits(['src/a.go'], 'main', JOBS);
    expect(helpMessage('org', 'repo', 'main', '', a)).toBe(
      `The following commands are available to trigger required jobs:${fence('/test e2e')}${fence('/test lint')}${fence('/test manual')}${fence('/test unit')}\n\n` +
        `The following commands are available to trigger optional jobs:${fence('/test opt-auto')}${fence('/test opt-manual')}\n\n` +
        `Use \`/test all\` to run the following jobs that were automatically triggered:${fence('e2e')}${fence('lint')}${fence('opt-auto')}${fence('unit')}\n\n`,
    );
  });
});

describe('dropCodeBlocks (Prow markdown.DropCodeBlock)', () => {
  it.each<{ name: string; body: string; matches: boolean }>([
    { name: '/test all inside ``` is an example', body: 'Try:\n```\n/test all\n```\n', matches: false },
    { name: '/test all inside ```shell', body: '```shell\n/test all\n```', matches: false },
    { name: '/test all inside ~~~', body: '~~~\n/test all\n~~~\n', matches: false },
    { name: '/test all after the block counts', body: '```\nexample\n```\n/test all', matches: true },
    { name: '/test all before the block counts', body: '/test all\n```\nexample\n```', matches: true },
    { name: 'a ~~~ line does not close a ``` block', body: '```\n~~~\n/test all\n```', matches: false },
    { name: 'an unclosed block is left as it is (Prow)', body: '```\n/test all', matches: true },
    { name: 'a closing line with extra text closes nothing (Prow)', body: '```\n/test all\n``` extra text\n', matches: true },
    { name: 'an indented fence is no fence (Prow anchors ^```)', body: '  ```\n/test all\n  ```', matches: true },
    { name: 'a later unclosed block after a closed one stays', body: '```\nx\n```\n```\n/test all', matches: true },
  ])('$name', ({ body, matches }) => {
    const text = dropCodeBlocks(body);
    expect(commentMatchesTrigger(text, JOBS)).toBe(matches);
    expect(select(text, { changes: [] }).length > 0).toBe(matches);
  });

  // Prow's own cases (pkg/markdown/code_block_test.go), modulo a trailing newline.
  const STAY = 'should stay\nthis one should stay as well\nand this one too\n';
  const BLOCK = '```\nshould be filtered out\nthis one should be filtered out as well\nand this one too\n```\n';
  const LANG = BLOCK.replace('```\n', '```shell\n');
  it.each<{ name: string; body: string; want: string }>([
    { name: 'no block', body: STAY, want: STAY },
    { name: 'one single-line block', body: '```\nshould be filtered out\n```', want: '' },
    { name: 'one multi-line block', body: BLOCK, want: '' },
    { name: 'a tilde block', body: BLOCK.replaceAll('```', '~~~'), want: '' },
    { name: 'a block wrapped in text', body: STAY + BLOCK + STAY, want: STAY + STAY },
    { name: 'several blocks, no newline at the end', body: BLOCK + BLOCK + BLOCK.slice(0, -1), want: '' },
    { name: 'blocks with a language', body: `should stay\n${BLOCK}${LANG}${STAY}${BLOCK}${STAY}${LANG}`, want: `should stay\n${STAY}${STAY}` },
    { name: 'extra text after the closing fence', body: '```\nthis one is here to stay\n``` extra text\n', want: '```\nthis one is here to stay\n``` extra text\n' },
    { name: 'not closed', body: '```\nthis one is here to stay', want: '```\nthis one is here to stay' },
  ])('Prow case: $name', ({ body, want }) => {
    expect(dropCodeBlocks(body)).toBe(want);
  });
});

describe('linear time on hostile comments', () => {
  it('filters a 64 KiB comment of spaces and /test lines quickly', () => {
    const chunk = `/test${' '.repeat(200)}\n/test ${' '.repeat(200)}x\n/test all${' '.repeat(100)}\n`;
    let body = '';
    while (body.length < 64 * 1024) body += chunk;
    const jobs = [...JOBS, ...Array.from({ length: 20 }, (_, i) => ps(`job-${i}`))];
    const text = dropCodeBlocks(body);
    expect(commentMatchesTrigger(text, jobs)).toBe(true);
    expect(select(text, { jobs, contexts: ctx([]) })).toEqual(['unit', 'e2e', 'lint', 'opt-auto']);
    expect(shouldRespondWithHelp(text, 4).help).toBe(true); // a bare `/test` line asks for targets
    const spaces = `/test ${' '.repeat(64 * 1024)}`;
    expect(select(spaces, { jobs })).toEqual([]);
  });
});
