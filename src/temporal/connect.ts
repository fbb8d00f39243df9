import { readFileSync } from 'node:fs';
import type { ConnectionOptions, TLSConfig } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec, EncryptionKeyError, parseKeys } from './encryption-codec.js';

// How every Coxswain process reaches Temporal (worker, hook, CLI, typed client, npm start with an
// external Temporal): address, TLS, API key and the optional payload encryption, from the
// variables Temporal's own environment configuration uses (TEMPORAL_TLS_*, TEMPORAL_API_KEY), so
// the same .env works for the `temporal` CLI. The embedded dev server of `npm start` is plaintext.

export interface TemporalEnv {
  TEMPORAL_API_KEY?: string | undefined;
  TEMPORAL_TLS?: string | undefined;
  TEMPORAL_TLS_CLIENT_CERT_PATH?: string | undefined;
  TEMPORAL_TLS_CLIENT_CERT_DATA?: string | undefined;
  TEMPORAL_TLS_CLIENT_KEY_PATH?: string | undefined;
  TEMPORAL_TLS_CLIENT_KEY_DATA?: string | undefined;
  TEMPORAL_TLS_SERVER_CA_CERT_PATH?: string | undefined;
  TEMPORAL_TLS_SERVER_CA_CERT_DATA?: string | undefined;
  TEMPORAL_TLS_SERVER_NAME?: string | undefined;
  TEMPORAL_TLS_DISABLE_HOST_VERIFICATION?: string | undefined;
  COXSWAIN_PAYLOAD_KEY?: string | undefined;
  COXSWAIN_PAYLOAD_KEY_FILE?: string | undefined;
}

export class TemporalConnectionError extends Error {}

/** Options for @temporalio/client's Connection and @temporalio/worker's NativeConnection alike. */
export interface TemporalConnectOptions {
  address: string;
  tls?: TLSConfig | false;
  apiKey?: string;
}

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];

/** A yes/no variable: undefined when unset or empty; anything but true/false (1/0, yes/no, on/off) is refused. */
function flag(env: TemporalEnv, name: 'TEMPORAL_TLS' | 'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION'): boolean | undefined {
  const v = env[name]?.trim().toLowerCase();
  if (!v) return undefined;
  if (TRUE.includes(v)) return true;
  if (FALSE.includes(v)) return false;
  throw new TemporalConnectionError(`${name} must be true or false, not "${env[name]}"`);
}

function material(env: TemporalEnv, name: 'CLIENT_CERT' | 'CLIENT_KEY' | 'SERVER_CA_CERT'): Buffer | undefined {
  const data = env[`TEMPORAL_TLS_${name}_DATA`];
  const path = env[`TEMPORAL_TLS_${name}_PATH`];
  if (data && path) throw new TemporalConnectionError(`set only one of TEMPORAL_TLS_${name}_DATA and TEMPORAL_TLS_${name}_PATH`);
  if (data) return Buffer.from(data);
  if (!path) return undefined;
  try {
    return readFileSync(path);
  } catch (err) {
    throw new TemporalConnectionError(`TEMPORAL_TLS_${name}_PATH: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** Whether connectOptions would use TLS, without reading any file (for describing the settings). */
export function tlsSummary(env: TemporalEnv): 'off' | 'on' | 'on, mTLS' {
  const given = (name: 'CLIENT_CERT' | 'CLIENT_KEY' | 'SERVER_CA_CERT') => Boolean(env[`TEMPORAL_TLS_${name}_DATA`] || env[`TEMPORAL_TLS_${name}_PATH`]);
  const on = flag(env, 'TEMPORAL_TLS') ?? Boolean(given('CLIENT_CERT') || given('CLIENT_KEY') || given('SERVER_CA_CERT') || env.TEMPORAL_TLS_SERVER_NAME || env.TEMPORAL_API_KEY);
  return !on ? 'off' : given('CLIENT_CERT') ? 'on, mTLS' : 'on';
}

/** Where a CLI or script looks for Temporal when TEMPORAL_ADDRESS is not set (the dev server's port). */
export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';

/**
 * TLS is on when TEMPORAL_TLS says so, or when any certificate or an API key is given (as Temporal's
 * clients do: an API key is never sent in plaintext unless TEMPORAL_TLS=false says so).
 */
export function connectOptions(address: string, env: TemporalEnv): TemporalConnectOptions {
  const crt = material(env, 'CLIENT_CERT');
  const key = material(env, 'CLIENT_KEY');
  const ca = material(env, 'SERVER_CA_CERT');
  if (Boolean(crt) !== Boolean(key)) throw new TemporalConnectionError('mTLS needs both TEMPORAL_TLS_CLIENT_CERT_* and TEMPORAL_TLS_CLIENT_KEY_*');
  if (flag(env, 'TEMPORAL_TLS_DISABLE_HOST_VERIFICATION')) {
    // Node's TLS offers no switch for this; say so instead of silently verifying anyway.
    throw new TemporalConnectionError('TEMPORAL_TLS_DISABLE_HOST_VERIFICATION is not supported by the TypeScript SDK; set TEMPORAL_TLS_SERVER_NAME to the name in the server certificate instead');
  }
  const tls = flag(env, 'TEMPORAL_TLS');
  const wantsTls = tls ?? Boolean(crt || ca || env.TEMPORAL_TLS_SERVER_NAME || env.TEMPORAL_API_KEY);
  const out: TemporalConnectOptions = { address };
  if (wantsTls) {
    out.tls = {
      ...(env.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: env.TEMPORAL_TLS_SERVER_NAME } : {}),
      ...(ca ? { serverRootCACertificate: ca } : {}),
      ...(crt && key ? { clientCertPair: { crt, key } } : {}),
    };
  } else if (tls === false) {
    // Said outright, so the SDK does not turn TLS on by itself for an API key (it would).
    out.tls = false;
  }
  if (env.TEMPORAL_API_KEY) out.apiKey = env.TEMPORAL_API_KEY;
  return out;
}

/** For Connection.connect / Connection.lazy. */
export function clientConnectionOptions(o: TemporalConnectOptions): ConnectionOptions {
  return { address: o.address, ...(o.tls !== undefined ? { tls: o.tls } : {}), ...(o.apiKey ? { apiKey: o.apiKey } : {}) };
}

/**
 * Payload encryption (COXSWAIN_PAYLOAD_KEY: comma-separated base64 32-byte keys, the first encrypts;
 * or COXSWAIN_PAYLOAD_KEY_FILE, one key a line). Undefined when not configured.
 */
export function dataConverter(env: TemporalEnv): DataConverter | undefined {
  let text = env.COXSWAIN_PAYLOAD_KEY;
  if (env.COXSWAIN_PAYLOAD_KEY_FILE) {
    if (text) throw new TemporalConnectionError('set only one of COXSWAIN_PAYLOAD_KEY and COXSWAIN_PAYLOAD_KEY_FILE');
    try {
      text = readFileSync(env.COXSWAIN_PAYLOAD_KEY_FILE, 'utf8');
    } catch (err) {
      throw new TemporalConnectionError(`COXSWAIN_PAYLOAD_KEY_FILE: cannot read ${env.COXSWAIN_PAYLOAD_KEY_FILE}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  if (!text) return undefined;
  // Failure messages (GitHub's error texts) stay readable: encoding them needs a failure converter
  // module loaded into the workflow sandbox as well, which Coxswain does not set up yet.
  let keys;
  try {
    keys = parseKeys(text);
  } catch (err) {
    if (!(err instanceof EncryptionKeyError)) throw err;
    throw new TemporalConnectionError(`${env.COXSWAIN_PAYLOAD_KEY_FILE ? `COXSWAIN_PAYLOAD_KEY_FILE (${env.COXSWAIN_PAYLOAD_KEY_FILE})` : 'COXSWAIN_PAYLOAD_KEY'}: ${err.message}`);
  }
  return { payloadCodecs: [new EncryptionCodec(keys)] };
}
