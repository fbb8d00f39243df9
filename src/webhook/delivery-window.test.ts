import { DeliveryWindow } from './delivery-window.js';

test('remembers deliveries for the window, then forgets them', () => {
  let now = 1_000_000;
  const w = new DeliveryWindow({ ttlMs: 72 * 3600 * 1000, now: () => now });
  w.add('a');
  expect(w.has('a')).toBe(true);
  expect(w.has('b')).toBe(false);
  now += 72 * 3600 * 1000 - 1;
  expect(w.has('a')).toBe(true);
  now += 2;
  expect(w.has('a')).toBe(false);
});

test('is bounded in entries: the oldest are forgotten first', () => {
  const w = new DeliveryWindow({ max: 3 });
  for (const d of ['a', 'b', 'c', 'd']) w.add(d);
  expect(w.size).toBe(3);
  expect(w.has('a')).toBe(false);
  expect(['b', 'c', 'd'].every((d) => w.has(d))).toBe(true);
});
