import { aboutThisBot, fillTemplate, formatResponseRaw, PROW_FOOTER } from './respond.js';

test('a reply quotes the command line by line, as Prow does', () => {
  expect(formatResponseRaw('/lgtm\nthanks', 'https://github.com/o/r/pull/1#issuecomment-9', 'alice', 'you cannot LGTM your own PR.')).toBe(
    '@alice: you cannot LGTM your own PR.\n\n<details>\n\nIn response to [this](https://github.com/o/r/pull/1#issuecomment-9):\n\n>/lgtm\n>thanks\n\n\n' +
      PROW_FOOTER +
      '\n</details>',
  );
});


test('a comment written with CRLF is quoted line by line, split on \\n only as Prow\'s Go code splits it', () => {
  const out = formatResponseRaw('/lgtm\r\nthanks', 'u', 'alice', 'ok');
  expect(out).toContain('>/lgtm\r\n>thanks\n');
});

describe('fillTemplate', () => {
  it('puts each value where its name stands, once, taking values literally', () => {
    expect(fillTemplate('users: {{logins}}. Again: {{logins}}', { logins: 'a, b' })).toBe('users: a, b. Again: a, b');
    expect(fillTemplate('#{{number}}', { number: '{{number}}' })).toBe('#{{number}}');
    expect(fillTemplate('{{unknown}} stays', {})).toBe('{{unknown}} stays');
  });
});

test("AboutThisBot links to Prow's command list unless the deployment has its own", () => {
  expect(aboutThisBot('Footer.')).toBe('Footer. I understand the commands that are listed [here](https://go.k8s.io/bot-commands).');
  expect(aboutThisBot('Footer.', 'https://coxswain.example/command-help')).toBe('Footer. I understand the commands that are listed [here](https://coxswain.example/command-help).');
});
