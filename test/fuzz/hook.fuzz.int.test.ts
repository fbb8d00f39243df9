import { randomUUID } from 'node:crypto';
import { request as httpRequest, Agent } from 'node:http';
import { connect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { buildApp } from '../../src/webhook/app.js';
import { connectForTest, type TestContext } from '../support/temporal.js';
import { describeInput, EXAMPLES, fuzzInput, hmac, RAW_REQUESTS, type FuzzInput } from './inputs.js';

// Fuzzing the webhook intake with a real Temporal behind it. A short run is part of `npm test`;
// `npm run test:fuzz -- --long` (or FUZZ_SECONDS=N) runs longer. FUZZ_SEED=N repeats a run.
// Asserted: every answer is 2xx, 4xx or 503 (never another 5xx, never an internal error, never a
// hang); nothing unsigned, wrongly signed or tampered with gets a 2xx; only the active org's
// repositories reach workflows; every single-byte change of a signed body is refused with 401;
// the heap after the run is within a bound of the heap before; the hook still works afterwards.

const SECONDS = Number(process.env.FUZZ_SECONDS ?? 20);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const SECRET = 'fuzz-secret';
const HANG_MS = 20_000;
const HEAP_GROWTH_LIMIT_MB = 64;

let t: TestContext;
beforeAll(async () => {
  t = await connectForTest();
});
afterAll(async () => {
  await t.close();
});

function gc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

interface Answer {
  status: number;
  body: string;
}

function withDeadline<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: no answer to ${what} within ${HANG_MS} ms`)), HANG_MS);
  });
  return Promise.race([p, hang]).finally(() => clearTimeout(timer));
}

test(
  `hook fuzz (${SECONDS} s)`,
  async () => {
    const activeOrg = `fuzz-${randomUUID().slice(0, 8)}`;
    const registry = new Registry();
    const app = buildApp({
      client: t.client,
      taskQueue: t.taskQueue,
      webhookSecret: SECRET,
      logger: pino({ level: 'silent' }),
      registry,
      signalTimeoutMs: 5000,
      isRepoActive: (owner) => owner.toLowerCase() === activeOrg,
      limits: { maxInFlight: 4, headersTimeoutMs: 1000, requestTimeoutMs: 1500, connectionTimeoutMs: 3000 },
    });
    await app.ready();
    const ctx = { secret: SECRET, activeOrg };
    const statuses: Record<string, number> = {};
    const violations: string[] = [];
    const counts = { generated: 0, http: 0, raw: 0, flips: 0 };

    /** Why this answer to this input is wrong, if it is. */
    const judge = (input: FuzzInput, res: Answer): string | undefined => {
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const ok2xx = res.status >= 200 && res.status < 300;
      if (!(ok2xx || (res.status >= 400 && res.status < 500) || res.status === 503)) return `answered ${res.status}: ${res.body.slice(0, 200)}`;
      if (res.status === 503 && /internal error/.test(res.body)) return `internal error: ${res.body}`;
      if (ok2xx && input.signing !== 'good') return `signing "${input.signing}" got ${res.status}`;
      const ct = input.headers['content-type'];
      if (ok2xx && !(typeof ct === 'string' && ct.startsWith('application/json'))) return `content type ${JSON.stringify(ct)} got ${res.status}`;
      if (ok2xx && res.body.includes('workflowIds')) {
        const ids: string[] = JSON.parse(res.body).workflowIds;
        const stray = ids.filter((id) => id.split('/')[1]?.toLowerCase() !== activeOrg);
        if (stray.length > 0) return `signalled a repository with nothing configured: ${stray.join(', ')}`;
      }
      return undefined;
    };
    const describe = describeInput;

    const viaInject = async (input: FuzzInput): Promise<Answer> => {
      const res = await withDeadline(app.inject({ method: 'POST', url: '/hook', headers: input.headers, payload: input.body }), describe(input));
      return { status: res.statusCode, body: res.body };
    };

    const heapBefore = heapMb();
    const started = Date.now();

    // 1. Generated deliveries, one at a time through inject(), as a property (fast-check shrinks a failure).
    const propertyMs = SECONDS * 1000 * 0.6;
    await fc.assert(
      fc.asyncProperty(fuzzInput(ctx), async (input) => {
        counts.generated += 1;
        const problem = judge(input, await viaInject(input));
        if (problem) throw new Error(`${problem}\n  input: ${describe(input)}`);
      }),
      { seed: SEED, numRuns: 1_000_000_000, interruptAfterTimeLimit: propertyMs, markInterruptAsFailure: false },
    );

    // 2. The same kind of deliveries over a real socket, 24 at a time against a limit of 4, and
    //    requests that are not well-formed HTTP.
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const agent = new Agent({ keepAlive: true, maxSockets: 24 });
    const viaHttp = (input: FuzzInput) =>
      withDeadline(
        new Promise<Answer>((resolve, reject) => {
          const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/hook', agent, headers: { ...input.headers, 'content-length': input.body.length } }, (res) => {
            let body = '';
            res.setEncoding('latin1');
            res.on('data', (d: string) => (body += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
            res.on('error', reject);
          });
          req.on('error', reject);
          req.end(input.body);
        }),
        describe(input),
      );
    const viaRaw = (text: string) =>
      withDeadline(
        new Promise<string>((resolve) => {
          const s = connect(port, '127.0.0.1', () => s.write(text));
          let got = '';
          s.setEncoding('latin1');
          s.on('data', (d: string) => {
            got += d;
            // One answer is enough; the server may keep the connection open for more.
            if (/\r\n\r\n/.test(got)) s.end();
          });
          s.on('error', () => undefined);
          s.on('close', () => resolve(got));
        }),
        `raw request ${JSON.stringify(text.slice(0, 80))}`,
      );

    const httpUntil = Date.now() + SECONDS * 1000 * 0.3;
    const httpLoop = async () => {
      for (let batch = 0; Date.now() < httpUntil && violations.length === 0; batch++) {
        const inputs = fc.sample(fuzzInput(ctx), { numRuns: 24, seed: SEED + 1 + batch });
        await Promise.all(
          inputs.map(async (input) => {
            counts.http += 1;
            try {
              const problem = judge(input, await viaHttp(input));
              if (problem) violations.push(`over HTTP: ${problem}\n  input: ${describe(input)}`);
            } catch (err) {
              violations.push(`over HTTP: ${(err as Error).message}\n  input: ${describe(input)}`);
            }
          }),
        );
      }
    };
    // Some of these wait out the header or request timeout (1 s, 1.5 s): a loop of their own.
    const rawLoop = async () => {
      while (Date.now() < httpUntil && violations.length === 0) {
        await Promise.all(
          RAW_REQUESTS.map(async (text) => {
            counts.raw += 1;
            try {
              const answer = await viaRaw(text);
              const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0);
              statuses[status || 'closed'] = (statuses[status || 'closed'] ?? 0) + 1;
              if (status !== 0 && !(status < 500 || status === 503)) violations.push(`raw request ${JSON.stringify(text.slice(0, 80))} answered ${status}`);
            } catch (err) {
              violations.push((err as Error).message);
            }
          }),
        );
      }
    };
    await Promise.all([httpLoop(), rawLoop()]);
    agent.destroy();
    expect(violations).toEqual([]);

    // 3. Every byte of a small signed body changed in turn, and sampled bytes of bigger ones: 401 each.
    const smallest = [...EXAMPLES].sort((a, b) => JSON.stringify(a.payload).length - JSON.stringify(b.payload).length)[0]!;
    const comment = EXAMPLES.find((e) => e.event === 'issue_comment')!;
    const active = (p: Record<string, any>) => {
      const c = structuredClone(p);
      if (c.repository?.owner) c.repository.owner.login = activeOrg;
      return c;
    };
    const padded = active(comment.payload);
    padded.comment.body = `/hold\n${'padding '.repeat(128 * 1024)}`;
    // Not UTF-8: the signature is over these bytes, and another invalid byte in their place decodes
    // to the same text, so only a check over the bytes tells them apart.
    const notUtf8 = Buffer.concat([Buffer.from('{"zen":"'), Buffer.from([0xff, 0xc3, 0x28, 0xfe]), Buffer.from('"}')]);
    const bodies = [
      { event: 'ping', body: notUtf8, positions: 'all' as const },
      { event: smallest.event, body: Buffer.from(JSON.stringify(smallest.payload)), positions: 'all' as const },
      { event: comment.event, body: Buffer.from(JSON.stringify(active(comment.payload))), positions: 1500 },
      { event: comment.event, body: Buffer.from(JSON.stringify(padded)), positions: 300 },
    ];
    const rng = fc.sample(fc.nat(), { numRuns: 2000, seed: SEED });
    const wrongFlips: string[] = [];
    for (const { event, body, positions } of bodies) {
      const signature = hmac(SECRET, body);
      const send = (b: Buffer) =>
        app.inject({ method: 'POST', url: '/hook', headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': randomUUID(), 'x-hub-signature-256': signature }, payload: b });
      // The untouched body is accepted (so a 401 below is the signature's doing).
      const untouched = await send(body);
      expect(untouched.statusCode).toBeLessThan(300);
      const at = positions === 'all' ? [...body.keys()] : Array.from({ length: positions }, (_, i) => (rng[i % rng.length]! * 7919 + i * 104729) % body.length);
      for (const [n, i] of at.entries()) {
        const tampered = Buffer.from(body);
        tampered[i] = tampered[i]! ^ ((rng[n % rng.length]! % 255) + 1);
        counts.flips += 1;
        const res = await send(tampered);
        if (res.statusCode !== 401) wrongFlips.push(`byte ${i} of ${body.length} (${event}) changed: ${res.statusCode}`);
      }
      // Each invalid byte replaced by every other byte that is not UTF-8 on its own.
      for (const i of body.keys()) {
        if (body[i]! < 0x80 || positions !== 'all') continue;
        for (let v = 0x80; v <= 0xff; v++) {
          if (v === body[i]) continue;
          const tampered = Buffer.from(body);
          tampered[i] = v;
          counts.flips += 1;
          const res = await send(tampered);
          if (res.statusCode !== 401) wrongFlips.push(`byte ${i} of ${body.length} (${event}) set to ${v}: ${res.statusCode}`);
        }
      }
      // A byte more or a byte less is a change too.
      for (const b of [body.subarray(0, body.length - 1), Buffer.concat([body, Buffer.from(' ')])]) {
        counts.flips += 1;
        if ((await send(b)).statusCode !== 401) wrongFlips.push(`body of ${b.length} bytes (${event}) accepted`);
      }
    }
    expect(wrongFlips).toEqual([]);

    // Still alive and still right: a normal delivery is signalled.
    const ok = active(comment.payload);
    const okBody = Buffer.from(JSON.stringify(ok));
    const last = await app.inject({
      method: 'POST',
      url: '/hook',
      headers: { 'content-type': 'application/json', 'x-github-event': 'issue_comment', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': hmac(SECRET, okBody) },
      payload: okBody,
    });
    expect(last.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const metrics = await registry.metrics();
    expect(metrics).not.toMatch(/outcome="error"/);
    expect(metrics).toMatch(/coxswain_webhook_in_flight 0/);
    await app.close();

    const heapAfter = heapMb();
    const total = counts.generated + counts.http + counts.raw + counts.flips;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `hook fuzz: ${total} inputs in ${seconds} s (seed ${SEED}): ${counts.generated} generated via inject, ${counts.http} over HTTP ` +
        `(4 in flight at most), ${counts.raw} malformed HTTP, ${counts.flips} single-byte changes of signed bodies; ` +
        `answers ${JSON.stringify(statuses)}; heap ${heapBefore.toFixed(1)} -> ${heapAfter.toFixed(1)} MB`,
    );
    expect(heapAfter - heapBefore).toBeLessThan(HEAP_GROWTH_LIMIT_MB);
  },
  (SECONDS * 2 + 90) * 1000,
);
