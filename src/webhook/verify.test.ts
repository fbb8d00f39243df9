import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { verifySignature } from './verify.js';

const SECRET = 'sekret';
const sign = (body: Buffer, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

test('accepts the signature GitHub computes over the bytes, in either hex case', () => {
  const body = Buffer.from('{"zen":"hi"}');
  expect(verifySignature(SECRET, body, sign(body))).toBe(true);
  expect(verifySignature(SECRET, body, sign(body).toUpperCase().replace('SHA256=', 'sha256='))).toBe(true);
});

test('rejects a missing, malformed, sha1 or wrong-secret signature, and an empty secret', () => {
  const body = Buffer.from('{}');
  expect(verifySignature(SECRET, body, undefined)).toBe(false);
  expect(verifySignature(SECRET, body, '')).toBe(false);
  expect(verifySignature(SECRET, body, sign(body).slice(0, -1))).toBe(false);
  expect(verifySignature(SECRET, body, `${sign(body)}00`)).toBe(false);
  expect(verifySignature(SECRET, body, sign(body).replace('sha256=', 'sha1='))).toBe(false);
  expect(verifySignature(SECRET, body, sign(body, 'other'))).toBe(false);
  expect(verifySignature('', body, `sha256=${createHmac('sha256', '').update(body).digest('hex')}`)).toBe(false);
});

test('bytes that are not UTF-8 are verified as bytes: a body whose invalid bytes decode alike does not verify', () => {
  // 0xff and 0xfe are both invalid UTF-8; decoding turns each into U+FFFD, so the two bodies
  // read the same as text, but only the signed bytes verify.
  const signed = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]);
  const other = Buffer.from(signed);
  other[6] = 0xfe;
  expect(signed.toString('utf8')).toBe(other.toString('utf8'));
  const sig = sign(signed);
  expect(verifySignature(SECRET, signed, sig)).toBe(true);
  expect(verifySignature(SECRET, other, sig)).toBe(false);
});

test('any change to a signed body is rejected (property)', () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (bytes, pos, delta) => {
      const body = Buffer.from(bytes);
      const sig = sign(body);
      const tampered = Buffer.from(body);
      const i = pos % body.length;
      tampered[i] = (tampered[i]! + delta) % 256;
      return verifySignature(SECRET, body, sig) && !verifySignature(SECRET, tampered, sig);
    }),
  );
});
