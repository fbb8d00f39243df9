import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { loadConfig, type LoadedConfig, type LoadOptions } from './load.js';
import { formatProblem, hasErrors, type Problem } from './problems.js';

// Prow's config-updater use case without a cluster: the worker watches its config files, and a
// change that loads cleanly replaces the running config (the next event reads it; periodic
// Schedules are reconciled by the listener). A change with errors is refused with the file and
// line, and the running config stays.

export type ConfigChange = { applied: true; loaded: LoadedConfig } | { applied: false; problems: Problem[]; message: string };

/** Coalesces an editor's burst of writes (write, rename, chmod) into one reload. */
const SETTLE_MS = 200;

export class LiveConfig {
  private loaded: LoadedConfig;
  private fingerprint: string;
  private readonly listeners = new Set<(change: ConfigChange) => void>();
  private watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly opts: LoadOptions,
    initial: LoadedConfig,
  ) {
    this.loaded = initial;
    this.fingerprint = this.readFingerprint();
  }

  /** The running config (activities call this on every use). */
  readonly get = (): LoadedConfig => this.loaded;

  /** Called after every reload attempt that found the files changed. */
  onChange(listener: (change: ConfigChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads the files again; applies them if they load without errors. Unchanged files: nothing. */
  reload(): ConfigChange | undefined {
    const fingerprint = this.readFingerprint();
    if (fingerprint === this.fingerprint) return undefined;
    this.fingerprint = fingerprint;
    const next = loadConfig(this.opts);
    const change: ConfigChange = hasErrors(next.problems)
      ? { applied: false, problems: next.problems, message: `config change refused; the running config stays:\n${next.problems.map(formatProblem).join('\n')}` }
      : { applied: true, loaded: next };
    if (change.applied) this.loaded = next;
    for (const f of this.listeners) f(change);
    return change;
  }

  /**
   * Watches the directories of the config files (editors replace files by renaming, which a
   * watch on the file itself would miss) and reloads shortly after a change.
   */
  watch(): void {
    for (const dir of new Set(this.paths().map((p) => (isDir(p) ? p : dirname(p))))) {
      if (!existsSync(dir)) continue;
      const w = watch(dir, { persistent: false }, () => {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.reload(), SETTLE_MS);
      });
      w.on('error', () => undefined);
      this.watchers.push(w);
    }
  }

  close(): void {
    clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }

  private paths(): string[] {
    const o = this.opts;
    return [o.configPath, o.pluginConfigPath, o.jobConfigPath, ...(o.supplementalProwConfigDirs ?? []), ...(o.supplementalPluginConfigDirs ?? [])]
      .filter((p): p is string => !!p)
      .map((p) => resolve(p));
  }

  /** A hash of every config file's name and bytes, so a touch or an unrelated file is no reload. */
  private readFingerprint(): string {
    const h = createHash('sha256');
    const add = (file: string) => {
      h.update(file);
      try {
        h.update(readFileSync(file));
      } catch {
        h.update('<missing>');
      }
    };
    for (const p of this.paths()) {
      if (isDir(p)) for (const f of yamlFilesUnder(p)) add(f);
      else add(p);
    }
    return h.digest('hex');
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function yamlFilesUnder(dir: string, depth = 0): string[] {
  if (depth > 8) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (isDir(p)) out.push(...yamlFilesUnder(p, depth + 1));
    else if (/\.ya?ml$/.test(basename(p))) out.push(p);
  }
  return out;
}
