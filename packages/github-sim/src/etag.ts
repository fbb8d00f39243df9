import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { refundRequest, type RateLimiter } from './auth.js';

// Conditional requests as GitHub answers them: every successful GET carries an ETag; a request
// with a matching If-None-Match gets 304 Not Modified with no body and does not count against the
// rate limit. Clients that cache (as Coxswain should) can be tested against this.

export function etagOf(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('hex')}"`;
}

export function conditionalGet(limiter: RateLimiter) {
  return async (req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    if (req.method !== 'GET' || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const etag = etagOf(payload);
    reply.header('etag', etag);
    const wanted = req.headers['if-none-match'];
    if (!wanted || !wanted.split(',').some((t) => t.trim() === etag || t.trim() === etag.slice(2))) return payload;
    refundRequest(limiter, req, reply);
    reply.code(304);
    reply.removeHeader('content-type');
    reply.removeHeader('content-length');
    return '';
  };
}
