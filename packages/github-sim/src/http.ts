import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

// GitHub's error bodies, pagination and request helpers shared by every route.

export const DOCS = 'https://docs.github.com/rest';

/** An error answered with GitHub's status and body. Thrown by routes and ops; app.ts renders it. */
export class GhError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message ?? status));
  }
}

export function ghError(status: number, message: string, extra: Record<string, unknown> = {}, documentationUrl = DOCS): GhError {
  return new GhError(status, { message, ...extra, documentation_url: documentationUrl, status: String(status) });
}

export const notFound = (docs = DOCS) => ghError(404, 'Not Found', {}, docs);

export interface ValidationItem {
  resource?: string;
  field?: string;
  code: string;
  message?: string;
  value?: string | number | string[] | null;
}

/** GitHub's 422: `{"message":"Validation Failed","errors":[{resource, field, code}]}`. */
export function validationFailed(errors: ValidationItem[], message = 'Validation Failed', docs = DOCS): GhError {
  return ghError(422, message, { errors }, docs);
}

/** Parses a request body (or query) with zod; a mismatch is GitHub's 422 "Invalid request". */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const empty = input === undefined || input === null || (typeof input === 'string' && input.trim() === '');
  const result = schema.safeParse(empty ? {} : input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => {
    const at = i.path.length ? `For '${i.path.join('/')}', ` : '';
    return `${at}${i.message}.`;
  });
  throw ghError(422, `Invalid request.\n\n${lines.join('\n')}`);
}

/** Route params as strings (fastify's `req.params` is `unknown`). */
export function params(req: FastifyRequest): Record<string, string> {
  return (req.params ?? {}) as Record<string, string>;
}

export function query(req: FastifyRequest): Record<string, string | undefined> {
  const q = (req.query ?? {}) as Record<string, string | string[] | undefined>;
  return Object.fromEntries(Object.entries(q).map(([k, v]) => [k, Array.isArray(v) ? v[v.length - 1] : v]));
}

export function intParam(value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw notFound();
  return n;
}

/** The simulator's own origin as the client reached it (Link headers and `url` fields use it). */
export function origin(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

/**
 * Answers one page of `items` as GitHub does: `per_page` (default 30, at most 100) and `page`, with a
 * `Link` header (`prev`, `next`, `last`, `first`, absolute URLs on this host, other query parameters
 * kept) when there is more than one page.
 */
export function paginate<T>(req: FastifyRequest, reply: FastifyReply, items: T[], perPageDefault = 30): T[] {
  const q = query(req);
  const perPage = clampInt(q.per_page, perPageDefault, 1, 100);
  const page = clampInt(q.page, 1, 1, Number.MAX_SAFE_INTEGER);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const links: string[] = [];
  const url = new URL(req.url, origin(req));
  const at = (p: number) => {
    const u = new URL(url);
    u.searchParams.delete('page');
    u.searchParams.append('page', String(p));
    return u.toString();
  };
  if (page > 1) links.push(`<${at(Math.min(page - 1, last))}>; rel="prev"`);
  if (page < last) links.push(`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
  if (page > 1) links.push(`<${at(1)}>; rel="first"`);
  if (links.length > 0) reply.header('link', links.join(', '));
  return items.slice((page - 1) * perPage, page * perPage);
}

function clampInt(value: string | undefined, def: number, min: number, maxValue: number): number {
  if (value === undefined || value === '') return def;
  const n = Number.parseInt(value, 10);
  if (Number.isNaN(n)) return def;
  return Math.min(maxValue, Math.max(min, n));
}

/** `owner/repo` split, or undefined. */
export function splitFullName(full: string): { owner: string; name: string } | undefined {
  const m = /^([^/\s]+)\/([^/\s#]+)$/.exec(full.trim());
  return m ? { owner: m[1] as string, name: m[2] as string } : undefined;
}
