import { parseRef } from './coxswain-client.js';

test('parseRef reads owner/repo#N', () => {
  expect(parseRef('demo/hello#12')).toEqual({ owner: 'demo', repo: 'hello', number: 12 });
  expect(parseRef(' kubernetes-sigs/prow.io#1 ')).toEqual({ owner: 'kubernetes-sigs', repo: 'prow.io', number: 1 });
});

test('parseRef says how to write a reference it cannot read', () => {
  expect(() => parseRef('demo/hello/12')).toThrow('write it as owner/repo#123');
  expect(() => parseRef('hello#12')).toThrow('owner/repo#123');
});
