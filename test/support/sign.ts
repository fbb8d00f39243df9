import { createHmac } from 'node:crypto';

/** X-Hub-Signature-256 as GitHub computes it. */
export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
