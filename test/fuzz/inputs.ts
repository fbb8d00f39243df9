import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import fc from 'fast-check';

// What the hook fuzz sends: GitHub's own example payloads (every event, every example) mutated
// at the JSON level and at the byte level, random bytes, signed well, badly or not at all, with
// right and wrong content types and odd headers.

interface ExampleGroup {
  name: string;
  examples: Array<Record<string, unknown>>;
}
const groups: ExampleGroup[] = createRequire(import.meta.url)('@octokit/webhooks-examples/api.github.com/index.json');

export interface Example {
  event: string;
  payload: Record<string, unknown>;
}
export const EXAMPLES: Example[] = groups.flatMap((g) => g.examples.map((payload) => ({ event: g.name, payload })));
export const EVENT_NAMES: string[] = groups.map((g) => g.name);

/** How the body is signed. Only 'good' carries a signature over exactly the bytes sent. */
export type Signing = 'good' | 'none' | 'wrong-secret' | 'tampered' | 'malformed' | 'duplicated-bad';

export interface FuzzInput {
  origin: 'json-mutation' | 'byte-mutation' | 'random-bytes' | 'example';
  signing: Signing;
  contentType: string | undefined;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export const hmac = (secret: string, body: Buffer | string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

type JsonMutation = { at: number; op: 'replace' | 'delete' | 'null' | 'huge' | 'type' | 'nest'; value: unknown };
type ByteMutation = { at: number; op: 'flip' | 'insert' | 'delete' | 'truncate' | 'dup'; byte: number };

function entries(root: unknown): Array<[Record<string, unknown> | unknown[], string | number]> {
  const out: Array<[Record<string, unknown> | unknown[], string | number]> = [];
  const walk = (v: unknown, depth: number) => {
    if (depth > 12 || v === null || typeof v !== 'object') return;
    const kids: Array<[string | number, unknown]> = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    for (const [k, x] of kids) {
      out.push([v as Record<string, unknown>, k]);
      walk(x, depth + 1);
    }
  };
  walk(root, 0);
  return out;
}

function mutateJson(payload: Record<string, unknown>, muts: JsonMutation[]): unknown {
  const root = structuredClone(payload);
  for (const m of muts) {
    const all = entries(root);
    if (all.length === 0) break;
    const [parent, key] = all[m.at % all.length]!;
    const p = parent as Record<string | number, unknown>;
    switch (m.op) {
      case 'replace':
        p[key] = m.value;
        break;
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete p[key];
        break;
      case 'null':
        p[key] = null;
        break;
      case 'huge':
        p[key] = 'x'.repeat(50_000 + (m.at % 200_000));
        break;
      case 'type':
        p[key] = typeof p[key] === 'string' ? 12345 : typeof p[key] === 'number' ? String(p[key]) : typeof p[key] === 'object' ? 'object?' : { was: p[key] };
        break;
      case 'nest': {
        let v: unknown = p[key];
        for (let i = 0; i < 200; i++) v = [v];
        p[key] = v;
        break;
      }
    }
  }
  return root;
}

function mutateBytes(body: Buffer, muts: ByteMutation[]): Buffer {
  let b = Buffer.from(body);
  for (const m of muts) {
    if (b.length === 0) {
      b = Buffer.from([m.byte]);
      continue;
    }
    const i = m.at % b.length;
    switch (m.op) {
      case 'flip':
        b[i] = b[i]! ^ (m.byte || 1);
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, i), Buffer.from([m.byte]), b.subarray(i)]);
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
        break;
      case 'truncate':
        b = b.subarray(0, i);
        break;
      case 'dup':
        b = Buffer.concat([b.subarray(0, i), b.subarray(i, i + 64), b.subarray(i)]);
        break;
    }
  }
  return b;
}

/** Signature header values that are not a valid signature of anything sent. */
function malformed(body: Buffer, secret: string, pick: number): string {
  const good = hmac(secret, body);
  const variants = [
    `sha1=${createHash('sha1').update(body).digest('hex')}`,
    good.slice(0, -1),
    `${good}0`,
    good.replace('sha256=', ''),
    good.replace('sha256=', 'sha512='),
    `sha256=${'0'.repeat(64)}`,
    `sha256=${good.slice(7).replace(/[0-9a-f]$/, (c) => (c === '0' ? '1' : '0'))}`,
    'sha256=zz',
    'sha256=',
    'Bearer token',
    `${good}, ${good}`,
  ];
  return variants[pick % variants.length]!;
}

const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/x-www-form-urlencoded',
  'text/plain',
  'application/jsonx',
  'multipart/form-data; boundary=xyz',
  'application/json;;;',
  ';',
  '',
  '*/*',
];

const ODD_HEADER_NAMES = ['x-github-hook-id', 'x-hub-signature', 'user-agent', 'x-forwarded-for', 'content-encoding', 'accept', 'x-github-hook-installation-target-type'];

export interface Context {
  secret: string;
  /** Payloads whose repository is moved here reach Temporal (the fuzz's only active org). */
  activeOrg: string;
}

/** One generated delivery. */
export function fuzzInput(ctx: Context): fc.Arbitrary<FuzzInput> {
  const example = fc.nat({ max: EXAMPLES.length - 1 }).map((i) => EXAMPLES[i]!);
  const jsonMutation: fc.Arbitrary<JsonMutation> = fc.record({
    at: fc.nat(),
    op: fc.constantFrom('replace', 'delete', 'null', 'huge', 'type', 'nest'),
    value: fc.jsonValue({ maxDepth: 3 }),
  });
  const byteMutation: fc.Arbitrary<ByteMutation> = fc.record({
    at: fc.nat(),
    op: fc.constantFrom('flip', 'insert', 'delete', 'truncate', 'dup'),
    byte: fc.integer({ min: 0, max: 255 }),
  });
  const body = fc.oneof(
    { weight: 2, arbitrary: fc.record({ origin: fc.constant('example' as const), ex: example, repo: fc.constantFrom('active', 'keep', 'other'), number: fc.integer({ min: 1, max: 40 }) }) },
    {
      weight: 5,
      arbitrary: fc.record({ origin: fc.constant('json-mutation' as const), ex: example, repo: fc.constantFrom('active', 'keep'), number: fc.integer({ min: 1, max: 40 }), muts: fc.array(jsonMutation, { minLength: 1, maxLength: 4 }) }),
    },
    { weight: 2, arbitrary: fc.record({ origin: fc.constant('byte-mutation' as const), ex: example, repo: fc.constantFrom('active', 'keep'), number: fc.integer({ min: 1, max: 40 }), muts: fc.array(byteMutation, { minLength: 1, maxLength: 8 }) }) },
    { weight: 1, arbitrary: fc.record({ origin: fc.constant('random-bytes' as const), bytes: fc.oneof(fc.uint8Array({ maxLength: 2048 }), fc.string({ maxLength: 512 }).map((s) => new TextEncoder().encode(s)), fc.json().map((s) => new TextEncoder().encode(s))) }) },
  );
  const eventHeader = fc.oneof(
    { weight: 12, arbitrary: fc.constant(null) }, // the example's own event
    { weight: 2, arbitrary: fc.constantFrom(...EVENT_NAMES) },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, 'ping', 'PING', ' issue_comment', 'x'.repeat(300)) },
  );
  const delivery = fc.oneof(
    { weight: 6, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: fc.constantFrom('dup-1', 'dup-2', 'dup-3') },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
  const signing = fc.oneof(
    { weight: 8, arbitrary: fc.constant<Signing>('good') },
    { weight: 4, arbitrary: fc.constantFrom<Signing>('none', 'wrong-secret', 'tampered', 'malformed', 'duplicated-bad') },
  );
  const odd = fc.dictionary(fc.constantFrom(...ODD_HEADER_NAMES), fc.string({ maxLength: 80 }), { maxKeys: 3 });

  return fc
    .record({ body, eventHeader, delivery, contentType, signing, odd, pick: fc.nat(), tamperAt: fc.nat(), tamperXor: fc.integer({ min: 1, max: 255 }) })
    .map((r) => {
      let bytes: Buffer;
      let event: string | undefined;
      const b = r.body;
      if (b.origin === 'random-bytes') {
        bytes = Buffer.from(b.bytes);
        event = r.eventHeader ?? EVENT_NAMES[r.pick % EVENT_NAMES.length];
      } else {
        const payload = structuredClone(b.ex.payload) as Record<string, any>;
        if (b.repo !== 'keep' && payload.repository?.owner) {
          payload.repository.owner.login = b.repo === 'active' ? ctx.activeOrg : 'someone-else';
          payload.repository.name = `repo-${b.number % 3}`;
        }
        for (const k of ['pull_request', 'issue']) if (payload[k] && typeof payload[k] === 'object') payload[k].number = b.number;
        event = r.eventHeader === null ? b.ex.event : r.eventHeader;
        if (b.origin === 'example') bytes = Buffer.from(JSON.stringify(payload));
        else if (b.origin === 'json-mutation') bytes = Buffer.from(JSON.stringify(mutateJson(payload, b.muts)));
        else bytes = mutateBytes(Buffer.from(JSON.stringify(payload)), b.muts);
      }
      let signing = r.signing;
      if (signing === 'tampered' && bytes.length === 0) signing = 'none';
      const headers: Record<string, string | string[]> = { ...r.odd };
      let sent = bytes;
      switch (signing) {
        case 'good':
          headers['x-hub-signature-256'] = hmac(ctx.secret, bytes);
          break;
        case 'wrong-secret':
          headers['x-hub-signature-256'] = hmac(`${ctx.secret}x`, bytes);
          break;
        case 'tampered': {
          headers['x-hub-signature-256'] = hmac(ctx.secret, bytes);
          sent = Buffer.from(bytes);
          const i = r.tamperAt % sent.length;
          sent[i] = sent[i]! ^ r.tamperXor;
          break;
        }
        case 'malformed':
          headers['x-hub-signature-256'] = malformed(bytes, ctx.secret, r.pick);
          break;
        case 'duplicated-bad':
          headers['x-hub-signature-256'] = [hmac(`${ctx.secret}x`, bytes), malformed(bytes, ctx.secret, r.pick)];
          break;
        case 'none':
          break;
      }
      if (event !== undefined) headers['x-github-event'] = event;
      if (r.delivery !== undefined) headers['x-github-delivery'] = r.delivery;
      if (r.contentType !== undefined) headers['content-type'] = r.contentType;
      const input: FuzzInput = { origin: b.origin, signing, contentType: r.contentType, headers, body: sent };
      // Counterexamples print as a line, not as every byte of the body.
      return Object.assign(input, { [fc.toStringMethod]: () => describeInput(input) });
    });
}

export function describeInput(input: FuzzInput): string {
  return `${input.origin}/${input.signing} headers=${JSON.stringify(input.headers).slice(0, 300)} body[${input.body.length}]=${JSON.stringify(input.body.subarray(0, 120).toString('latin1'))}`;
}

/** Requests that are not well-formed HTTP, written straight to a socket. */
export const RAW_REQUESTS: string[] = [
  'GARBAGE\r\n\r\n',
  'POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!',
  'POST /hook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nnot a chunk\r\n',
  'POST /hook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n',
  'POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
  'POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n{}',
  'POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"too":"short"}',
  'POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\r\n',
  'POST /hook HTTP/1.1\r\nHost: x\r\nX-Bad\x00Header: 1\r\n\r\n',
  `POST /hook HTTP/1.1\r\nHost: x\r\nX-Long: ${'a'.repeat(20_000)}\r\n\r\n`,
  'POST /hook HTTP/1.1\r\nHost: x',
  'POST /hook?x=%zz HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}',
  'POST /hook HTTP/9.9\r\nHost: x\r\n\r\n',
  'POST /hook HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
  'GET /hook HTTP/1.1\r\nHost: x\r\n\r\n',
  'POST /%2e%2e/hook HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n',
];
