// A periodic's cron string read as Prow reads it. Prow's checkconfig (pkg/config validatePeriodics)
// and horologium (pkg/cron) both use robfig/cron v3 with SecondOptional | Minute | Hour | Dom |
// Month | Dow | Descriptor: a descriptor ("@daily", "@every 1h"), or 5 fields (minute hour
// day-of-month month day-of-week), or 6 with seconds first. Items of a comma list are split with
// Go's strings.FieldsFunc, so empty items vanish ("22," is 22; "," is nothing: never runs).
// Horologium adds "TZ=UTC " in front of every string, so schedules are in UTC. Pure.

import { parseGoDuration } from './go-duration.js';

/** One calendar: every combination of these values fires (a Temporal Schedule's CalendarSpec, all fields ANDed). */
export interface CronCalendar {
  second: number[];
  minute: number[];
  hour: number[];
  dayOfMonth: number[];
  month: number[];
  /** 0 = Sunday. */
  dayOfWeek: number[];
}

/**
 * What a later scheduler (a Temporal Schedule) gets. `calendars` fire at the union of their times
 * in `timezone` (UTC unless the string names one): robfig/cron ORs day-of-month and day-of-week when both are restricted ("0 0 1 * 1"
 * is the 1st and every Monday), so that case is two calendars; otherwise one. No calendars: Prow
 * never runs the job (a field with no values, or a time zone of its own): `never` says why.
 */
export type CronSchedule =
  | { kind: 'every'; /** whole seconds, at least 1 (robfig's Every) */ seconds: number; never?: string }
  | { kind: 'calendar'; timezone: string; calendars: CronCalendar[]; /** the six fields, seconds first, empty items dropped */ normalized: string; never?: string };

export interface CronRead {
  schedule: CronSchedule;
  /** Where Prow's reading differs from what the string seems to say (a config warning each). */
  notes: string[];
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const SECONDS: Bounds = { min: 0, max: 59 };
const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 } };
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };
const FIELDS: Array<[string, Bounds]> = [
  ['second', SECONDS],
  ['minute', MINUTES],
  ['hour', HOURS],
  ['day-of-month', DOM],
  ['month', MONTHS],
  ['day-of-week', DOW],
];

/** Descriptors as robfig/cron defines them, as six fields (seconds first). */
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};

/** Go's strings.Fields: split on Unicode white space (unicode.IsSpace), no empty fields. */
const goFields = (s: string) => s.split(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/).filter((f) => f !== '');

class CronError extends Error {}

/** Go's strconv.Atoi, then robfig's "negative number not allowed". */
function parseInt10(expr: string): number {
  if (!/^[+-]?[0-9]+$/.test(expr)) throw new CronError(`${JSON.stringify(expr)} is not a number`);
  const n = Number(expr);
  if (n < 0) throw new CronError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

const intOrName = (expr: string, b: Bounds) => b.names?.[expr.toLowerCase()] ?? parseInt10(expr);

/** robfig's getRange: number | name | "*" | "?", optionally "-" end, optionally "/" step. */
function readRange(expr: string, b: Bounds): { values: number[]; star: boolean } {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    // robfig ignores anything after "*-" here.
    [start, end, star] = [b.min, b.max, true];
  } else {
    start = intOrName(lowAndHigh[0]!, b);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = intOrName(lowAndHigh[1]!, b);
    else throw new CronError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = parseInt10(rangeAndStep[1]!);
    if (lowAndHigh.length === 1) end = b.max; // "N/step" means "N-max/step"
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronError(`too many slashes: ${expr}`);
  }
  if (start < b.min) throw new CronError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new CronError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
  const values: number[] = [];
  for (let i = start; i <= end; i += step) values.push(i);
  return { values, star };
}

interface Field {
  values: number[];
  star: boolean;
  /** The items robfig reads (empty ones dropped). */
  items: string[];
}

function readField(field: string, b: Bounds): Field {
  const items = field.split(',').filter((i) => i !== '');
  const set = new Set<number>();
  let star = false;
  for (const item of items) {
    const r = readRange(item, b);
    r.values.forEach((v) => set.add(v));
    star ||= r.star;
  }
  return { values: [...set].sort((x, y) => x - y), star, items };
}

/** Go's time.LoadLocation, as far as this runtime's time zone data knows the names. */
function timeZoneKnown(name: string): boolean {
  if (name === '' || name === 'UTC' || name === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The cron string as Prow reads it, or why Prow's checkconfig refuses it. */
export function readCron(cron: string): CronRead | { error: string } {
  try {
    return read(cron);
  } catch (err) {
    if (err instanceof CronError) return { error: err.message };
    throw err;
  }
}

function read(cron: string): CronRead {
  if (cron === '') throw new CronError('empty spec string');
  let spec = cron;
  let timezone = 'UTC';
  const notes: string[] = [];
  let never: string | undefined;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    if (space < 0) throw new CronError('nothing after the time zone');
    timezone = spec.slice(spec.indexOf('=') + 1, space);
    if (!timeZoneKnown(timezone)) throw new CronError(`provided bad location ${timezone}`);
    spec = spec.slice(space).trim();
    // Horologium runs AddFunc("TZ=UTC " + cron): a second time zone reads as the seconds field.
    never = `Prow's checkconfig accepts ${JSON.stringify(cron.slice(0, space))}, but horologium puts "TZ=UTC " in front and then cannot parse it, so Prow never runs this job`;
    notes.push(`cron ${JSON.stringify(cron)}: ${never}; write the time in UTC without a time zone`);
  }
  if (spec.startsWith('@')) {
    if (spec.startsWith('@every ')) {
      const ms = parseGoDuration(spec.slice('@every '.length));
      if (ms === undefined) throw new CronError(`failed to parse duration ${spec}`);
      // robfig's Every: at least a second, rounded down to whole seconds (Go's % keeps the sign).
      const seconds = ms < 1000 ? 1 : Math.trunc(ms / 1000);
      if (ms < 1000 || ms % 1000 !== 0) notes.push(`cron ${JSON.stringify(cron)}: Prow runs "@every" in whole seconds, at least 1: every ${seconds}s`);
      return { schedule: { kind: 'every', seconds, ...(never !== undefined ? { never } : {}) }, notes };
    }
    const six = DESCRIPTORS[spec];
    if (six === undefined) throw new CronError(`unrecognized descriptor: ${spec}`);
    return { schedule: calendar(six, timezone, never), notes };
  }
  let fields = goFields(spec);
  if (fields.length !== 5 && fields.length !== 6) {
    throw new CronError(`expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), found ${fields.length}`);
  }
  const withSeconds = fields.length === 6;
  if (!withSeconds) fields = ['0', ...fields];
  const schedule = calendar(fields.join(' '), timezone, never);

  const parsed = fields.map((f, i) => readField(f, FIELDS[i]![1]));
  const emptyField = fields.find((_, i) => parsed[i]!.items.length === 0);
  const emptyItems = fields.filter((f, i) => parsed[i]!.items.length > 0 && parsed[i]!.items.length !== f.split(',').length);
  if (emptyField !== undefined) {
    notes.push(`cron ${JSON.stringify(cron)} has a field with no values (${JSON.stringify(emptyField)}): Prow accepts it, and the job never runs`);
  } else if (withSeconds || emptyItems.length > 0) {
    const how = [
      ...(withSeconds ? ['6 fields, seconds first'] : []),
      ...emptyItems.map((f) => `the empty item in ${JSON.stringify(f)} skipped`),
    ].join(', ');
    notes.push(`cron ${JSON.stringify(cron)} is read as Prow reads it (${how}): ${describe(parsed, timezone)}${withSeconds ? '; write 5 fields (minute hour day-of-month month day-of-week) if that is not what you meant' : ''}`);
  }
  return { schedule, notes };
}

function calendar(six: string, timezone: string, never: string | undefined): CronSchedule {
  const fields = six.split(' ');
  const [second, minute, hour, dom, month, dow] = fields.map((f, i) => readField(f, FIELDS[i]![1])) as [Field, Field, Field, Field, Field, Field];
  const normalized = [second, minute, hour, dom, month, dow].map((f) => f.items.join(',')).join(' ');
  const base = { second: second.values, minute: minute.values, hour: hour.values, month: month.values };
  const empty = [second, minute, hour, dom, month, dow].some((f) => f.values.length === 0);
  const all = (b: Bounds) => Array.from({ length: b.max - b.min + 1 }, (_, i) => b.min + i);
  let calendars: CronCalendar[];
  if (never !== undefined || empty) calendars = [];
  else if (dom.star || dow.star) calendars = [{ ...base, dayOfMonth: dom.values, dayOfWeek: dow.values }];
  else calendars = [{ ...base, dayOfMonth: dom.values, dayOfWeek: all(DOW) }, { ...base, dayOfMonth: all(DOM), dayOfWeek: dow.values }];
  return { kind: 'calendar', timezone, calendars, normalized, ...(never !== undefined ? { never } : empty ? { never: 'a field has no values' } : {}) };
}

/** "runs daily at 10:22:00 UTC", or each field as read. */
function describe(fields: Field[], timezone: string): string {
  const [second, minute, hour, dom, month, dow] = fields as [Field, Field, Field, Field, Field, Field];
  const single = (f: Field) => f.values.length === 1 && !f.star;
  if (single(second) && single(minute) && single(hour) && dom.star && month.star && dow.star && dom.items.length === 1 && month.items.length === 1 && dow.items.length === 1) {
    return `runs daily at ${pad(hour.values[0]!)}:${pad(minute.values[0]!)}:${pad(second.values[0]!)} ${timezone}`;
  }
  return `runs at ${fields.map((f, i) => `${FIELDS[i]![0]} ${f.items.join(',')}`).join(', ')} (${timezone})`;
}
