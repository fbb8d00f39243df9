import { createRequire } from 'node:module';

// GitHub's own example payloads (as probot does), not hand-made JSON.
interface ExampleGroup {
  name: string;
  examples: Array<Record<string, unknown> & { action?: string }>;
}
const examples: ExampleGroup[] = createRequire(import.meta.url)('@octokit/webhooks-examples/api.github.com/index.json');

export function githubExamples(event: string): ExampleGroup['examples'] {
  const group = examples.find((g) => g.name === event);
  if (!group) throw new Error(`no GitHub example payloads for ${event}`);
  return group.examples;
}

/** A deep copy of the first example of `event` (with `action`, if given). */
export function githubExample(event: string, action?: string): Record<string, unknown> {
  const found = githubExamples(event).find((e) => action === undefined || e.action === action);
  if (!found) throw new Error(`no GitHub example payload for ${event}.${action}`);
  return structuredClone(found);
}
