import { addedNotice, NOTIFIER_TAG, readBotNotices, REMOVED_NOTICE, REMOVED_TAG, TREE_HASH_KEY, TREE_HASH_TAG } from './bot-notices.js';

test('the bot’s earlier comments are filed by what they say; the newest tree hash is remembered', () => {
  const read = readBotNotices([
    { id: 1, body: '[APPROVALNOTIFIER] This PR is **NOT APPROVED**' },
    { id: 2, body: addedNotice('aaa111') },
    { id: 3, body: REMOVED_NOTICE },
    { id: 4, body: addedNotice('bbb222') },
    { id: 5, body: 'LGTM label has been added. (some other text)' },
    { id: 6, body: '@alice: you cannot LGTM your own PR.' },
  ]);
  expect(read.botComments).toEqual({ [NOTIFIER_TAG]: [1], [TREE_HASH_TAG]: [2, 4], [REMOVED_TAG]: [3] });
  expect(read.memory).toEqual({ [TREE_HASH_KEY]: 'bbb222' });
});

test('no notices: nothing filed, nothing remembered', () => {
  expect(readBotNotices([{ id: 9, body: 'hello' }])).toEqual({ botComments: {}, memory: {} });
});
