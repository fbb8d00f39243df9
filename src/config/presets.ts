// Presets (Prow's mergePreset): a job whose labels include every label of a preset gets the
// preset's env and volumeMounts in each container, and its volumes and tolerations in the pod
// spec. A preset without labels applies to every job. Pure: returns a new spec.
import type { Preset } from './jobs.schema.js';

type Obj = Record<string, unknown>;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

/** Returns the merged spec, or an error message naming the duplicate. */
export function applyPresets(spec: Obj | undefined, labels: Record<string, string> | undefined, presets: readonly Preset[]): { spec?: Obj; error?: string } {
  if (!spec) return { spec };
  const containers = list(spec.containers).map((c) => ({ ...c, env: [...list(c.env)], volumeMounts: [...list(c.volumeMounts)] }));
  const volumes = [...list(spec.volumes)];
  const tolerations = [...list(spec.tolerations)];
  const matching = presets.filter((p) => Object.entries(p.labels ?? {}).every(([k, v]) => labels?.[k] === v));
  if (matching.length === 0) return { spec };
  for (const preset of matching) {
    for (const e of preset.env ?? []) {
      for (const c of containers) {
        if (c.env.some((x) => x.name === e.name)) return { error: `env var duplicated in pod spec: ${String(e.name)}` };
        c.env.push(e);
      }
    }
    for (const v of preset.volumes ?? []) {
      if (volumes.some((x) => x.name === v.name)) return { error: `volume duplicated in pod spec: ${String(v.name)}` };
      volumes.push(v);
    }
    for (const m of preset.volumeMounts ?? []) {
      for (const c of containers) {
        if (c.volumeMounts.some((x) => x.name === m.name)) return { error: `volume mount duplicated in pod spec: ${String(m.name)}` };
        c.volumeMounts.push(m);
      }
    }
    for (const t of preset.tolerations ?? []) {
      if (tolerations.some((x) => JSON.stringify(x) === JSON.stringify(t))) return { error: `toleration duplicated in pod spec: ${JSON.stringify(t)}` };
      tolerations.push(t);
    }
  }
  const out: Obj = { ...spec };
  if (Array.isArray(spec.containers)) {
    out.containers = containers.map(({ env, volumeMounts, ...rest }) => ({ ...rest, ...(env.length ? { env } : {}), ...(volumeMounts.length ? { volumeMounts } : {}) }));
  }
  if (volumes.length) out.volumes = volumes;
  if (tolerations.length) out.tolerations = tolerations;
  return { spec: out };
}
