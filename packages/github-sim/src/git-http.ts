import { spawn } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from './context.js';
import { gitEnv, GitMirror } from './git-mirror.js';
import { effectivePermission } from './permissions.js';
import type { SimRepo } from './types.js';

// Git over smart HTTP, read-only: `git clone` / `git fetch` of `{base}/{owner}/{repo}.git` (or
// without `.git`), including `pull/<n>/head`. The repositories are made from the simulator's state
// (git-mirror.ts) and served by git's own `git http-backend` as a CGI program. Pushes get 403.

/** Largest upload-pack request accepted (wants and haves of a fetch; tiny for the simulator's repositories). */
export const MAX_GIT_REQUEST_BYTES = 8 * 1024 * 1024;
/** How long http-backend may run for one request. */
const BACKEND_TIMEOUT_MS = 60_000;
const GIT_BODY_TYPES = ['application/x-git-upload-pack-request', 'application/x-git-receive-pack-request'];

function text(reply: FastifyReply, status: number, body: string, headers: Record<string, string> = {}) {
  return reply.code(status).headers({ 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache', ...headers }).send(body);
}

/** The token of `Authorization: Basic` (the password, or the user name when there is no password), `token X` or `Bearer X`. */
function tokenOf(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const basic = /^basic\s+(.+)$/i.exec(h);
  if (basic) {
    const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const password = colon >= 0 ? decoded.slice(colon + 1) : '';
    return password || (colon >= 0 ? decoded.slice(0, colon) : decoded) || undefined;
  }
  return /^(?:token|bearer)\s+(.+)$/i.exec(h)?.[1]?.trim();
}

type Found = { repo: SimRepo } | { status: 401 | 404 };

/** The repository in the path; private ones need a token of someone with access (401 asks git for one). */
function findRepo(ctx: SimContext, req: FastifyRequest): Found {
  const { owner = '', repo: raw = '' } = req.params as Record<string, string>;
  const repo = ctx.store.repo(owner, raw.replace(/\.git$/, ''));
  if (!repo) return { status: 404 };
  if (!repo.private) return { repo };
  const token = tokenOf(req);
  if (!token) return { status: 401 };
  const user = ctx.store.userByToken(token);
  if (!user || effectivePermission(ctx.store, repo, user.login) === 'none') return { status: 404 };
  return { repo };
}

/** Answers a missing repository (or one out of reach) as GitHub does, or returns the repository. */
function repoOr(ctx: SimContext, req: FastifyRequest, reply: FastifyReply): SimRepo | undefined {
  const found = findRepo(ctx, req);
  if ('repo' in found) return found.repo;
  if (found.status === 401) void text(reply, 401, 'Authentication required.\n', { 'www-authenticate': 'Basic realm="GitHub"' });
  else void text(reply, 404, 'Repository not found.\n');
  return undefined;
}

/** 413; the body is not (all) read, so the connection closes after the answer. */
const tooLarge = (reply: FastifyReply) => text(reply, 413, `Request larger than ${MAX_GIT_REQUEST_BYTES} bytes.\n`, { connection: 'close' });

const pushRefused = (reply: FastifyReply) => text(reply, 403, 'The GitHub simulator is read-only over git: push through its API (POST /repos/{owner}/{repo}/git/...) or /_sim/actions/push.\n');

/** The whole request body, or undefined once it passes `max` bytes (the rest is read and dropped). */
function readBody(stream: Readable, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    stream.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > max) {
        over = true;
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** Splits CGI output into its header block and the rest. */
function headerEnd(buf: Buffer): { at: number; skip: number } | undefined {
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, skip: 4 };
  if (lf >= 0) return { at: lf, skip: 2 };
  return undefined;
}

/** Runs `git http-backend` for one request and streams its answer back. */
async function cgi(req: FastifyRequest, reply: FastifyReply, mirror: GitMirror, pathInfo: string, body?: Buffer): Promise<FastifyReply> {
  const root = await mirror.root();
  const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
  const env: Record<string, string> = {
    ...gitEnv(),
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
    REQUEST_METHOD: req.method,
    PATH_INFO: pathInfo,
    QUERY_STRING: query,
    REMOTE_ADDR: req.ip,
    CONTENT_TYPE: req.headers['content-type'] ?? '',
  };
  // The bytes as sent (still compressed when the client compressed them).
  if (body) env.CONTENT_LENGTH = String(body.length);
  const encoding = req.headers['content-encoding'];
  if (encoding) env.HTTP_CONTENT_ENCODING = encoding;
  const protocol = req.headers['git-protocol'];
  if (typeof protocol === 'string') env.HTTP_GIT_PROTOCOL = protocol;

  const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const timer = setTimeout(() => child.kill('SIGKILL'), BACKEND_TIMEOUT_MS);
  child.on('close', () => clearTimeout(timer));
  const stderr: Buffer[] = [];
  child.stderr.on('data', (b: Buffer) => stderr.push(b));
  child.stdin.on('error', () => {});
  // A client that goes away takes its backend with it.
  reply.raw.on('close', () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  if (body) child.stdin.end(body);
  else child.stdin.end();

  return new Promise<FastifyReply>((resolve) => {
    let head = Buffer.alloc(0);
    let answered = false;
    const fail = (status: number, message: string) => {
      if (answered) return;
      answered = true;
      resolve(text(reply, status, message));
    };
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = headerEnd(head);
      if (!end) {
        if (head.length > 64 * 1024) {
          child.kill('SIGKILL');
          fail(502, 'git http-backend sent no headers\n');
        }
        return;
      }
      child.stdout.off('data', onData);
      answered = true;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end.at).toString('latin1').split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        if (name === 'status') status = Number(value.split(' ')[0]) || 500;
        else headers[name] = value;
      }
      const out = new PassThrough();
      out.write(head.subarray(end.at + end.skip));
      child.stdout.pipe(out);
      resolve(reply.code(status).headers(headers).send(out));
    };
    child.stdout.on('data', onData);
    child.on('error', (err) => fail(500, `could not run git http-backend: ${err.message}\n`));
    child.on('close', (code) => {
      if (!answered) {
        req.log.error({ code, stderr: Buffer.concat(stderr).toString('utf8') }, 'git http-backend failed');
        fail(500, 'git http-backend failed\n');
      }
    });
  });
}

/**
 * `GET /:owner/:repo(.git)/info/refs?service=git-upload-pack` and `POST /:owner/:repo(.git)/git-upload-pack`.
 * No auth for public repositories, no rate limit. Returns the mirror (for closing with the app).
 */
export function gitHttpRoutes(app: FastifyInstance, ctx: SimContext): GitMirror {
  const mirror = new GitMirror(ctx.store);
  app.addHook('onClose', async () => mirror.close());
  app.register(async (git) => {
    // The body is git's packet stream: the route reads it itself (bounded), nothing parses it.
    git.addContentTypeParser(GIT_BODY_TYPES, (_req, payload, done) => done(null, payload));

    git.get('/:owner/:repo/info/refs', async (req, reply) => {
      const service = new URLSearchParams(req.url.split('?')[1] ?? '').get('service');
      if (service === 'git-receive-pack') return pushRefused(reply);
      if (service !== 'git-upload-pack') return text(reply, 403, 'Only the smart HTTP protocol is served (service=git-upload-pack).\n');
      const repo = repoOr(ctx, req, reply);
      if (!repo) return reply;
      const rel = await mirror.sync(repo);
      if (!rel) return text(reply, 404, 'Repository not found.\n');
      return cgi(req, reply, mirror, `/${rel}/info/refs`);
    });

    git.post('/:owner/:repo/git-upload-pack', async (req, reply) => {
      const length = Number(req.headers['content-length'] ?? 0);
      if (length > MAX_GIT_REQUEST_BYTES) return tooLarge(reply);
      if (req.headers['content-type'] !== 'application/x-git-upload-pack-request' || !(req.body instanceof Readable)) {
        return text(reply, 415, 'Expected application/x-git-upload-pack-request.\n');
      }
      const body = await readBody(req.body, MAX_GIT_REQUEST_BYTES);
      if (!body) return tooLarge(reply);
      const repo = repoOr(ctx, req, reply);
      if (!repo) return reply;
      // The refs a client was shown must be there when it asks for them: sync again (usually a no-op).
      const rel = await mirror.sync(repo);
      if (!rel) return text(reply, 404, 'Repository not found.\n');
      return cgi(req, reply, mirror, `/${rel}/git-upload-pack`, body);
    });

    git.post('/:owner/:repo/git-receive-pack', async (req, reply) => {
      if (req.body instanceof Readable) req.body.resume();
      return pushRefused(reply);
    });
  });
  return mirror;
}
