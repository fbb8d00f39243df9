import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// GitHub's OpenAPI description (dereferenced) and ajv validators built from it. Load it once per
// test file: it is ~70 MB.

type Json = Record<string, unknown>;

export interface Operation {
  method: string;
  path: string;
  operationId: string;
  op: Json;
}

export interface OpenApi {
  paths: Record<string, Record<string, Json>>;
  'x-webhooks': Record<string, Record<string, Json>>;
}

export function loadOpenApi(): OpenApi {
  const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.deref.json');
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApi;
}

const segmentsOf = (path: string) =>
  path
    .split('/')
    .filter(Boolean)
    .map((s) => (s.startsWith(':') || s === '*' || /^\{.+\}$/.test(s) ? '{}' : s));

/** The operation for a fastify route (`/repos/:owner/:repo/contents/*`), matched structurally. */
export function operationFor(doc: OpenApi, method: string, fastifyUrl: string): Operation | undefined {
  const want = segmentsOf(fastifyUrl).join('/');
  for (const [path, item] of Object.entries(doc.paths)) {
    if (segmentsOf(path).join('/') !== want) continue;
    const op = item[method.toLowerCase()];
    if (op) return { method: method.toUpperCase(), path, operationId: String(op.operationId), op };
  }
  return undefined;
}

/** OpenAPI 3.0 schema → JSON Schema: `nullable: true` becomes `anyOf [..., null]`. */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'nullable' || k === 'example' || k === 'examples' || k === 'discriminator') continue;
    out[k] = k === 'properties' || k === 'patternProperties' ? mapValues(v as Json) : k === 'enum' || k === 'required' ? v : toJsonSchema(v);
  }
  if ((schema as Json).nullable === true) {
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

function mapValues(o: Json): Json {
  return Object.fromEntries(Object.entries(o ?? {}).map(([k, v]) => [k, toJsonSchema(v)]));
}

export class Validators {
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    const addFormats = addFormatsModule as unknown as (a: Ajv) => void;
    addFormats(this.ajv);
    // GitHub's own formats: "owner/name" and Unix timestamps.
    this.ajv.addFormat('repo.nwo', /^[^/\s]+\/[^/\s]+$/);
    this.ajv.addFormat('timestamp', true);
  }

  get(key: string, schema: unknown): ValidateFunction {
    let v = this.cache.get(key);
    if (!v) {
      v = this.ajv.compile(toJsonSchema(schema) as Json);
      this.cache.set(key, v);
    }
    return v;
  }

  /** ajv errors as `path: message` lines (at most `max`). */
  static describe(v: ValidateFunction, max = 8): string[] {
    return (v.errors ?? []).slice(0, max).map((e) => `${e.instancePath || '(root)'}: ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  }
}

export function jsonSchemaOf(content: unknown): unknown {
  const c = content as Record<string, { schema?: unknown }> | undefined;
  return c?.['application/json']?.schema;
}
