// Building blocks that decode like Go's encoding/json via sigs.k8s.io/yaml: a string field also
// takes a YAML number or boolean (converted to text), ints must be whole numbers, bools must be
// real booleans, and objects Coxswain does not interpret are kept as they are.
import { z } from 'zod';
import { GO_DURATION_HINT, parseGoDuration } from './go-duration.js';

export const str = z.preprocess(
  (v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v),
  z.string(),
);
export const int = z.number().int();
export const bool = z.boolean();
export const strList = z.array(str);
export const strMap = z.record(z.string(), str);
/** A mapping kept as-is (pod specs, pipeline specs, components Coxswain does not run). */
export const opaque = z.record(z.string(), z.unknown());
export const opaqueList = z.array(opaque);
export const duration = str.refine((s) => parseGoDuration(s) !== undefined, { message: `must be ${GO_DURATION_HINT}` });

/** Optional helper: every Prow field may be left out. */
export const o = <T extends z.ZodType>(t: T) => t.optional();
