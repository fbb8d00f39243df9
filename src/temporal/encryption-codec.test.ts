import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { EncryptionCodec, EncryptionKeyError, parseKeys } from './encryption-codec.js';

const key = () => randomBytes(32).toString('base64');
const payload = (text: string): Payload => ({ metadata: { encoding: new TextEncoder().encode('json/plain') }, data: new TextEncoder().encode(JSON.stringify(text)) });

test('round trip: ciphertext hides the text; decoding gives back metadata and data', async () => {
  const codec = new EncryptionCodec(parseKeys(key()));
  const [sealed] = await codec.encode([payload('/lgtm from alice: secret plan')]);
  expect(Buffer.from(sealed!.metadata!.encoding!).toString()).toBe('binary/encrypted');
  expect(Buffer.from(sealed!.data!).toString('latin1')).not.toContain('secret plan');
  const [open] = await codec.decode([sealed!]);
  expect(Buffer.from(open!.data!).toString()).toBe('"/lgtm from alice: secret plan"');
  expect(Buffer.from(open!.metadata!.encoding!).toString()).toBe('json/plain');
});

test('keys rotate: the first encrypts, any configured key decrypts what it encrypted', async () => {
  const [oldKey, newKey] = [key(), key()];
  const [sealedOld] = await new EncryptionCodec(parseKeys(oldKey)).encode([payload('old')]);
  const rotated = new EncryptionCodec(parseKeys(`${newKey},${oldKey}`));
  expect(Buffer.from((await rotated.decode([sealedOld!]))[0]!.data!).toString()).toBe('"old"');
  const [sealedNew] = await rotated.encode([payload('new')]);
  await expect(new EncryptionCodec(parseKeys(oldKey)).decode([sealedNew!])).rejects.toThrow(/encrypted with key [0-9a-f]{16}, which is not among the configured payload keys/);
});

test('a changed byte fails authentication with a clear error; unencrypted payloads pass through', async () => {
  const codec = new EncryptionCodec(parseKeys(key()));
  const [sealed] = await codec.encode([payload('x')]);
  const data = Buffer.from(sealed!.data!);
  data[20] = data[20]! ^ 1;
  await expect(codec.decode([{ ...sealed!, data }])).rejects.toThrow(EncryptionKeyError);
  await expect(codec.decode([{ ...sealed!, data }])).rejects.toThrow('failed authentication');
  const plain = payload('plain');
  expect(await codec.decode([plain])).toEqual([plain]);
});
