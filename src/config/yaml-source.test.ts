import { parseYaml, readYamlFile } from './yaml-source.js';

const yaml = (lines: string[]) => `${lines.join('\n')}\n`;

describe('parseYaml reads YAML as Prow (Go, YAML 1.1) does', () => {
  it('expands <<: *anchor merge keys, explicit keys winning', () => {
    const src = parseYaml(yaml([
      'base: &base',
      '  agent: kubernetes',
      '  always_run: true',
      'job:',
      '  <<: *base',
      '  always_run: false',
    ]), 'f.yaml');
    expect(src.value).toEqual({ base: { agent: 'kubernetes', always_run: true }, job: { agent: 'kubernetes', always_run: false } });
  });

  it('merges a list of anchors, earlier ones winning', () => {
    const src = parseYaml(yaml(['a: &a {p: 1}', 'b: &b {p: 2, q: 2}', 'c:', '  <<: [*a, *b]']), 'f.yaml');
    expect((src.value as { c: unknown }).c).toEqual({ p: 1, q: 2 });
  });

  it('does not limit the number of aliases (real files use hundreds)', () => {
    const lines = ['base: &b {a: 1}', 'list:', ...Array.from({ length: 300 }, () => '- <<: *b')];
    expect((parseYaml(yaml(lines), 'f.yaml').value as { list: unknown[] }).list).toHaveLength(300);
  });

  it('reads 0400 as octal, yes/no/on/off as booleans, keeps timestamps and 1:20 as strings', () => {
    const src = parseYaml(yaml(['mode: 0400', 'hex: 0x1F', 'a: yes', 'b: off', 'c: On', 'd: n', 'date: 2001-12-14', 'time: 1:20', 'oct: 0o17']), 'f.yaml');
    expect(src.value).toEqual({ mode: 256, hex: 31, a: true, b: false, c: true, d: false, date: '2001-12-14', time: '1:20', oct: '0o17' });
  });

  it('keeps the last value of a repeated key and warns about it', () => {
    const src = parseYaml(yaml(['name: first', 'name: second']), 'f.yaml');
    expect(src.value).toEqual({ name: 'second' });
    expect(src.problems).toEqual([
      expect.objectContaining({ severity: 'warning', line: 2, column: 1, message: expect.stringContaining('key "name" is repeated (first on line 1)') }),
    ]);
  });

  it('treats an empty file, or one with only comments, as an empty config', () => {
    expect(parseYaml('', 'e.yaml')).toMatchObject({ value: {}, problems: [] });
    expect(parseYaml('# nothing here\n', 'e.yaml')).toMatchObject({ value: {}, problems: [] });
  });

  it('reports syntax errors with file, line and column', () => {
    const src = parseYaml(yaml(['tide:', '  queries:', '  - repos: [a/b', 'plank: {}']), 'cfg/config.yaml');
    expect(src.problems[0]).toMatchObject({ severity: 'error', file: 'cfg/config.yaml', line: 4, column: 1 });
    expect(src.problems[0]!.message).toMatch(/^YAML syntax error: Flow sequence/);
    const tabs = parseYaml('a:\n\tb: 1\n', 'tabs.yaml');
    expect(tabs.problems[0]).toMatchObject({ severity: 'error', line: 2, column: 1, message: expect.stringContaining('Tabs') });
  });

  it('reads only the first document, with a warning', () => {
    const src = parseYaml('a: 1\n---\nb: 2\n', 'multi.yaml');
    expect(src.value).toEqual({ a: 1 });
    expect(src.problems).toEqual([expect.objectContaining({ severity: 'warning', line: 3 })]);
  });

  it('locates a path: keys, list items, the nearest parent, and keys inherited through a merge key', () => {
    const src = parseYaml(yaml([
      'presubmits:',           // 1
      '  org/repo:',           // 2
      '  - name: a',           // 3
      '    trigger: x',        // 4
      'defaults: &d',          // 5
      '  agent: jenkins',      // 6
      'periodics:',            // 7
      '- <<: *d',              // 8
      '  name: p',             // 9
    ]), 'f.yaml');
    expect(src.locate(['presubmits', 'org/repo', 0, 'trigger'])).toEqual({ line: 4, column: 5 });
    expect(src.locate(['presubmits', 'org/repo', 0])).toEqual({ line: 3, column: 5 });
    expect(src.locate(['presubmits', 'org/repo', 0, 'missing'])).toEqual({ line: 3, column: 5 });
    expect(src.locate(['periodics', 0, 'agent'])).toEqual({ line: 6, column: 3 });
    expect(src.locate([])).toEqual({ line: 1, column: 1 });
  });
});

describe('readYamlFile', () => {
  it('turns a missing file into an error naming the path and the hint', () => {
    const src = readYamlFile('no/such/config.yaml', ' (set COXSWAIN_CONFIG or --config)');
    expect(src.value).toEqual({});
    expect(src.problems).toEqual([{ severity: 'error', file: 'no/such/config.yaml', message: 'file not found: no/such/config.yaml (set COXSWAIN_CONFIG or --config)' }]);
  });
});
