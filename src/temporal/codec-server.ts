import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { TemporalConnectionError } from './connect.js';

// Temporal's codec server protocol, so the Web UI (and `temporal workflow show --codec-endpoint`)
// can show payloads that COXSWAIN_PAYLOAD_KEY encrypts: POST {endpoint}/decode and /encode take
// and answer {"payloads": [{"metadata": {name: base64}, "data": base64}]} (proto3 JSON). The
// endpoint is http://HOST:PORT/codec.
//
// Whoever reaches /codec/decode reads every history in plain text, so the server listens on
// loopback unless told otherwise, and a browser is served only from the Web UI origins listed
// (a request from any other origin, DNS rebinding included, is refused before anything is
// decoded: a browser always sends Origin on a POST). Non-browser callers (the CLI) send no
// Origin; loopback is what keeps others out.

export interface CodecServerOptions {
  codec: PayloadCodec;
  port: number;
  host?: string;
  /** Web UI origins allowed to call from a browser, e.g. http://localhost:8233. */
  origins: string[];
  /** Largest request body accepted (bytes). */
  maxBodyBytes?: number;
}

export interface CodecServer {
  url: string;
  close(): Promise<void>;
}

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface CodecSettings {
  COXSWAIN_CODEC_PORT: number;
  COXSWAIN_CODEC_HOST: string;
  COXSWAIN_CODEC_ORIGINS: string;
}

/** The codec server the settings ask for (COXSWAIN_CODEC_PORT), with the payload keys' codec. */
export async function codecServerFromSettings(s: CodecSettings, converter: DataConverter | undefined): Promise<CodecServer | undefined> {
  if (!s.COXSWAIN_CODEC_PORT) return undefined;
  const codec = converter?.payloadCodecs?.[0];
  if (!codec) throw new TemporalConnectionError('COXSWAIN_CODEC_PORT is set but there is nothing to decode: set COXSWAIN_PAYLOAD_KEY (or COXSWAIN_PAYLOAD_KEY_FILE) too');
  const origins = s.COXSWAIN_CODEC_ORIGINS.split(/[\s,]+/).filter(Boolean);
  return startCodecServer({ codec, port: s.COXSWAIN_CODEC_PORT, host: s.COXSWAIN_CODEC_HOST, origins });
}

export async function startCodecServer(opts: CodecServerOptions): Promise<CodecServer> {
  const origins = new Set(opts.origins.map((o) => o.replace(/\/+$/, '')));
  const maxBody = opts.maxBodyBytes ?? 8 * 1024 * 1024;
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof BadRequest ? err.status : 500;
      if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(err instanceof BadRequest ? err.message : 'codec failure');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const origin = req.headers.origin;
    if (origin !== undefined) {
      if (!origins.has(origin)) throw new BadRequest(`origin ${origin} may not use this codec server (allowed: COXSWAIN_CODEC_ORIGINS)`, 403);
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-credentials', 'true');
      res.setHeader('vary', 'Origin');
    }
    const path = (req.url ?? '').split('?')[0];
    const op = path === '/codec/decode' ? 'decode' : path === '/codec/encode' ? 'encode' : undefined;
    if (!op) throw new BadRequest('not found: the codec endpoint is /codec (POST /codec/decode, /codec/encode)', 404);
    if (req.method === 'OPTIONS') {
      res.setHeader('access-control-allow-methods', 'POST, OPTIONS');
      res.setHeader('access-control-allow-headers', 'content-type, x-namespace, authorization');
      res.setHeader('access-control-max-age', '600');
      if (origin !== undefined && req.headers['access-control-request-private-network'] === 'true') {
        res.setHeader('access-control-allow-private-network', 'true');
      }
      res.writeHead(204).end();
      return;
    }
    if (req.method !== 'POST') throw new BadRequest('use POST', 405);

    const payloads = parseBody(await readBody(req, maxBody));
    const out =
      op === 'encode'
        ? await opts.codec.encode(payloads)
        : // One payload the keys cannot open (an old key no longer configured) stays as it is
          // rather than failing the whole page the Web UI is showing.
          await Promise.all(payloads.map(async (p) => (await opts.codec.decode([p]).catch(() => [p]))[0]!));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ payloads: out.map(toJson) }));
  }

  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/codec`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new BadRequest(`request body over ${max} bytes`, 413);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseBody(body: Buffer): Payload[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new BadRequest('body is not JSON');
  }
  const list = (parsed as { payloads?: unknown } | null)?.payloads;
  if (!Array.isArray(list)) throw new BadRequest('body must be {"payloads": [...]}');
  return list.map((p: unknown, i) => {
    const { metadata = {}, data = '' } = (p ?? {}) as JsonPayload;
    if (typeof metadata !== 'object' || metadata === null || typeof data !== 'string' || Object.values(metadata).some((v) => typeof v !== 'string')) {
      throw new BadRequest(`payload ${i} must be {"metadata": {name: base64}, "data": base64}`);
    }
    return {
      metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
      data: Buffer.from(data, 'base64'),
    };
  });
}

function toJson(p: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  };
}
