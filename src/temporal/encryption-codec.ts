import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';

// Workflow histories hold comment bodies, titles and plugin decisions; with a key configured every
// payload is encrypted (AES-256-GCM) before it leaves the process, so the Temporal server and its
// database only see ciphertext. Keys rotate: encode with the first, decode with whichever key id a
// payload names. Runs outside the workflow sandbox (the worker's and clients' data converter).

const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface EncryptionKey {
  /** First 8 bytes of the key's SHA-256, hex: names the key without revealing it. */
  id: string;
  key: Buffer;
}

export class EncryptionKeyError extends Error {}

/** Comma- or newline-separated base64 keys of 32 bytes each; the first one encrypts. */
export function parseKeys(text: string): EncryptionKey[] {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) throw new EncryptionKeyError('no payload key given');
  return parts.map((p, i) => {
    const key = Buffer.from(p, 'base64');
    if (key.length !== 32) throw new EncryptionKeyError(`payload key ${i + 1} is ${key.length} bytes after base64 decoding; it must be 32 (make one with: openssl rand -base64 32)`);
    return { id: createHash('sha256').update(key).digest('hex').slice(0, 16), key };
  });
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : '');

export class EncryptionCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;

  constructor(private readonly keys: EncryptionKey[]) {
    if (keys.length === 0) throw new EncryptionKeyError('no payload key given');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys[0]!;
    return payloads.map((p) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      // The whole payload (its metadata too: the encoding says what the data is) is encrypted.
      const plain = Buffer.from(JSON.stringify({ metadata: mapToB64(p.metadata), data: Buffer.from(p.data ?? new Uint8Array()).toString('base64') }));
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return { metadata: { encoding: utf8(ENCODING), [KEY_ID]: utf8(id) }, data: sealed };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      if (text(p.metadata?.encoding) !== ENCODING) return p;
      const id = text(p.metadata?.[KEY_ID]);
      const key = this.byId.get(id);
      if (!key) throw new EncryptionKeyError(`payload was encrypted with key ${id}, which is not among the configured payload keys`);
      const data = Buffer.from(p.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new EncryptionKeyError('encrypted payload is too short');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new EncryptionKeyError(`encrypted payload (key ${id}) failed authentication: it was changed or the key is wrong`);
      }
      const inner = JSON.parse(plain.toString('utf8')) as { metadata: Record<string, string>; data: string };
      return { metadata: b64ToMap(inner.metadata), data: Buffer.from(inner.data, 'base64') };
    });
  }
}

function mapToB64(m: Payload['metadata']): Record<string, string> {
  return Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]));
}

function b64ToMap(m: Record<string, string>): Record<string, Uint8Array> {
  return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
}
