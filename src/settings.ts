import { z } from 'zod';
import { DEFAULT_CAT_API_URL } from './activities/image-services.js';
import { tlsSummary } from './temporal/connect.js';

// Runtime settings from the environment (see .env.example and the README). Checked once at start
// so a typo fails loudly with the variable's name instead of surfacing later as a strange error.

const port = (name: string, def: number) =>
  z.coerce
    .number({ error: `${name} must be a port number` })
    .int()
    .min(1, `${name} must be between 1 and 65535`)
    .max(65535, `${name} must be between 1 and 65535`)
    .default(def);

/** A port that 0 or "off" turns off. */
const optionalPort = (name: string, def: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim().toLowerCase() === 'off' ? 0 : v),
    z.coerce
      .number({ error: `${name} must be a port number, or 0 or "off" for none` })
      .int(`${name} must be a port number, or 0 or "off" for none`)
      .min(0, `${name} must be between 0 and 65535`)
      .max(65535, `${name} must be between 0 and 65535`)
      .default(def),
  );

const schema = z.object({
  COXSWAIN_CONFIG: z.string().default('config/config.yaml'),
  COXSWAIN_PLUGINS: z.string().default('config/plugins.yaml'),
  COXSWAIN_JOB_CONFIG: z.string().optional(),
  COXSWAIN_DATA_DIR: z.string().default('.cache'),
  GITHUB_API_URL: z.url({ error: 'GITHUB_API_URL must be a URL such as https://api.github.com' }).default('https://api.github.com'),
  GITHUB_TOKEN: z.string().optional(),
  GITHUB_APP_ID: z.string().optional(),
  GITHUB_APP_PRIVATE_KEY: z.string().optional(),
  GITHUB_WEBHOOK_SECRET: z.string().optional(),
  // GitHub asks for a second between writes (secondary rate limits); a simulator can take 0.
  GITHUB_WRITE_INTERVAL_MS: z.coerce.number({ error: 'GITHUB_WRITE_INTERVAL_MS must be a number of milliseconds' }).int().min(0).default(1000),
  GITHUB_CACHE_TTL_MS: z.coerce.number({ error: 'GITHUB_CACHE_TTL_MS must be a number of milliseconds' }).int().min(0).default(60_000),
  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('coxswain'),
  // TLS and API key for a Temporal elsewhere, under the names Temporal's environment configuration
  // uses (see src/temporal/connect.ts for how they combine).
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_TLS: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { error: 'TEMPORAL_TLS must be true or false' }).optional(),
  ),
  TEMPORAL_TLS_CLIENT_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_CLIENT_CERT_DATA: z.string().optional(),
  TEMPORAL_TLS_CLIENT_KEY_PATH: z.string().optional(),
  TEMPORAL_TLS_CLIENT_KEY_DATA: z.string().optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_SERVER_CA_CERT_DATA: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: z.string().optional(),
  /** Encrypts workflow payloads: base64 32-byte keys, comma-separated, the first encrypts. */
  COXSWAIN_PAYLOAD_KEY: z.string().optional(),
  COXSWAIN_PAYLOAD_KEY_FILE: z.string().optional(),
  /** Codec server for the Web UI (decrypts payloads): its port (0 or "off": none), address and the UI origins it serves. */
  COXSWAIN_CODEC_PORT: optionalPort('COXSWAIN_CODEC_PORT', 0),
  COXSWAIN_CODEC_HOST: z.string().default('127.0.0.1'),
  COXSWAIN_CODEC_ORIGINS: z.string().default('http://localhost:8233,http://127.0.0.1:8233,http://localhost:8080,http://127.0.0.1:8080'),
  TEMPORAL_DEV_PORT: port('TEMPORAL_DEV_PORT', 7233),
  TEMPORAL_UI_PORT: port('TEMPORAL_UI_PORT', 8233),
  PORT: port('PORT', 8888),
  /** The standalone worker's Prometheus endpoint (GitHub API calls, rate limit). */
  WORKER_METRICS_PORT: port('WORKER_METRICS_PORT', 9464),
  /** The webhook server's Prometheus endpoint, apart from the public /hook; 0 or "off": none. */
  METRICS_PORT: optionalPort('METRICS_PORT', 9463),
  /**
   * The Temporal SDK's own Prometheus endpoint in the worker (and npm start): `temporal_*` workflow
   * and activity task latencies, polls, slots. Off (0) unless set: one port per worker process.
   */
  TEMPORAL_METRICS_PORT: optionalPort('TEMPORAL_METRICS_PORT', 0),
  /** Deliveries the webhook server takes on at once; more are answered 503 (GitHub may redeliver). */
  WEBHOOK_MAX_IN_FLIGHT: z.coerce.number({ error: 'WEBHOOK_MAX_IN_FLIGHT must be a number' }).int().min(1, 'WEBHOOK_MAX_IN_FLIGHT must be at least 1').default(64),
  /** The playground's GitHub simulator (only without GitHub credentials). */
  GITHUB_SIM_PORT: port('GITHUB_SIM_PORT', 3000),
  /** A closed PR/issue's workflow ends after this long without events (milliseconds; default 7 days). */
  COXSWAIN_CLOSED_QUIET_MS: z.coerce.number({ error: 'COXSWAIN_CLOSED_QUIET_MS must be a number of milliseconds' }).int().min(1000).default(7 * 24 * 3600 * 1000),
  /** Footer of the bot's replies; Prow's text when unset. */
  COXSWAIN_REPLY_FOOTER: z.string().optional(),
  /**
   * Where the bot's replies send people for the list of commands (Prow: go.k8s.io/bot-commands,
   * a page about Kubernetes' bot). Set it to this deployment's `{COXSWAIN_PUBLIC_URL}/command-help`;
   * unset, replies keep Prow's text byte for byte.
   */
  COXSWAIN_COMMAND_HELP_URL: z.url({ error: 'COXSWAIN_COMMAND_HELP_URL must be an http(s) URL, e.g. https://coxswain.example.com/command-help' }).optional(),
  /**
   * Runs `kubernetes` jobs as processes on the worker's machine (the local executor) instead of
   * pods: the playground's default. It runs pull requests' code with the worker's rights.
   */
  COXSWAIN_LOCAL_JOBS: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { error: 'COXSWAIN_LOCAL_JOBS must be true or false' }).optional(),
  ),
  /** Where the local executor clones `{org}/{repo}.git` from (default GitHub's web host). */
  COXSWAIN_GIT_URL: z.string().optional(),
  /** Coxswain's web address as people reach it: job statuses link to their logs there. */
  COXSWAIN_PUBLIC_URL: z.url({ error: 'COXSWAIN_PUBLIC_URL must be a URL (https://coxswain.example.com)' }).optional(),
  /** Image service for /meow (thecatapi.com's search endpoint or a compatible one). */
  COXSWAIN_CAT_API_URL: z.url({ error: 'COXSWAIN_CAT_API_URL must be a URL' }).default(DEFAULT_CAT_API_URL),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Settings = z.infer<typeof schema>;

export class SettingsError extends Error {}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  // Empty strings (`FOO=` in a .env file) mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new SettingsError(`invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Settings safe to print: secrets are replaced by whether they are set. */
export function describeSettings(s: Settings): Record<string, string> {
  const secret = (v?: string) => (v ? '(set)' : '(not set)');
  return {
    config: s.COXSWAIN_CONFIG,
    plugins: s.COXSWAIN_PLUGINS,
    githubApiUrl: s.GITHUB_API_URL,
    githubToken: secret(s.GITHUB_TOKEN),
    githubAppPrivateKey: secret(s.GITHUB_APP_PRIVATE_KEY),
    webhookSecret: secret(s.GITHUB_WEBHOOK_SECRET),
    temporal: s.TEMPORAL_ADDRESS ?? `embedded dev server on 127.0.0.1:${s.TEMPORAL_DEV_PORT}`,
    namespace: s.TEMPORAL_NAMESPACE,
    temporalApiKey: secret(s.TEMPORAL_API_KEY),
    // npm start's embedded dev server is always plaintext on loopback.
    temporalTls: s.TEMPORAL_ADDRESS ? tlsSummary(s) : 'off (embedded dev server)',
    payloadEncryption: s.COXSWAIN_PAYLOAD_KEY || s.COXSWAIN_PAYLOAD_KEY_FILE ? '(on)' : '(off)',
    codecServer: s.COXSWAIN_CODEC_PORT ? `http://${s.COXSWAIN_CODEC_HOST}:${s.COXSWAIN_CODEC_PORT}/codec` : '(off)',
  };
}
