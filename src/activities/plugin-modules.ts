import { pathToFileURL } from 'node:url';
import type { AnyPlugin } from '../plugins/index.js';

export type { AnyPlugin };

/**
 * Plugins from modules outside the built-in registry (`export const plugins = [...]`). Tests use it
 * to inject misbehaving plugins; the same modules are loaded by the worker and its plugin thread.
 */
export async function loadPluginModules(paths: readonly string[]): Promise<AnyPlugin[]> {
  const out: AnyPlugin[] = [];
  for (const path of paths) {
    const mod = (await import(path.startsWith('file:') ? path : pathToFileURL(path).href)) as { plugins?: AnyPlugin[] };
    if (!Array.isArray(mod.plugins)) throw new Error(`plugin module ${path} must export \`plugins\`, an array of plugins`);
    out.push(...mod.plugins);
  }
  return out;
}
