import { addedNotice, fileBotComments, isAddedNotice, isBotUser, lastTreeHash, NOTIFIER_TAG, REMOVED_NOTICE, REMOVED_TAG } from './bot-notices.js';

test('the bot’s earlier comments that plugins prune or edit are filed by what they say', () => {
  expect(
    fileBotComments([
      { id: 1, body: '[APPROVALNOTIFIER] This PR is **NOT APPROVED**' },
      { id: 2, body: addedNotice('aaa111') },
      { id: 3, body: REMOVED_NOTICE },
      { id: 4, body: `Heads up.\n${REMOVED_NOTICE}` },
      { id: 6, body: '@alice: you cannot LGTM your own PR.' },
    ]),
  ).toEqual({ [NOTIFIER_TAG]: [1], [REMOVED_TAG]: [3, 4] });
  expect(fileBotComments([{ id: 9, body: 'hello' }])).toEqual({});
});

test('the recorded tree is the newest unedited notice’s, as Prow reads it', () => {
  const c = (id: number, body: string, edited = false) => ({ id, body, edited });
  expect(lastTreeHash([c(1, addedNotice('aaa')), c(2, addedNotice('bbb')), c(3, REMOVED_NOTICE)])).toBe('bbb');
  // An edited notice no longer counts; the one before it does.
  expect(lastTreeHash([c(1, addedNotice('aaa')), c(2, addedNotice('bbb'), true)])).toBe('aaa');
  // Prow's regular expression is not anchored.
  expect(lastTreeHash([c(1, `Note: ${addedNotice('ccc')}`)])).toBe('ccc');
  expect(lastTreeHash([c(1, 'LGTM label has been added.'), c(2, 'hello')])).toBeUndefined();
  expect(isAddedNotice(addedNotice(''))).toBe(true);
});

test('the bot is recognised by its login, in any case', () => {
  expect(isBotUser('Coxswain-Bot', 'coxswain-bot')).toBe(true);
  expect(isBotUser('my-app[bot]', 'my-app[bot]')).toBe(true);
  expect(isBotUser('alice', 'coxswain-bot')).toBe(false);
  expect(isBotUser('', '')).toBe(false);
});
