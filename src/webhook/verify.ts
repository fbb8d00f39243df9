import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/**
 * Checks X-Hub-Signature-256 against the body exactly as received: the HMAC is over the bytes
 * GitHub sent, before any decoding (decoding invalid UTF-8 would replace bytes, so a body that
 * differs from the signed one could still verify). Constant-time in the signature's value.
 */
export function verifySignature(secret: string, body: Buffer, header: string | undefined): boolean {
  if (!secret || header === undefined) return false;
  const m = SIGNATURE.exec(header.trim());
  if (!m) return false;
  const given = Buffer.from(m[1]!, 'hex');
  const expected = createHmac('sha256', secret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
