// The explicit registry: a plugin exists for Coxswain when it is listed here. A test checks that
// every plugin file in this folder is registered and has help.
import { hold } from './hold.js';
import type { Plugin } from './types.js';

export const PLUGINS: ReadonlyArray<Plugin<any>> = [hold];

export function pluginByName(name: string): Plugin<any> | undefined {
  return PLUGINS.find((p) => p.name === name);
}
