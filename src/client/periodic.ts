import { ScheduleNotFoundError, type Client, type ScheduleDescription } from '@temporalio/client';
import { periodicScheduleId } from '../workflows/messages.js';

// Periodic jobs for scripts and the CLI: each is a Temporal Schedule `periodic/{job}` that the
// worker makes from config.yaml. Pausing one survives config reloads that leave its timing alone;
// a changed timing makes the Schedule anew (unpaused), as a new periodic in Prow would run.

export class PeriodicNotFound extends Error {
  override name = 'PeriodicNotFound';
}

export interface Periodic {
  job: string;
  scheduleId: string;
  /** How often, in the Schedule's words (cron calendar or interval). */
  every: string;
  paused: boolean;
  note?: string;
  lastRun?: { at: Date; workflowId: string };
  nextRun?: Date;
}

const PREFIX = 'periodic/';
const NAME = /^[A-Za-z0-9_.-]{1,200}$/;

export class PeriodicClient {
  constructor(
    private readonly temporal: Client,
    private readonly taskQueue: string,
  ) {}

  /** This deployment's periodics (Schedules that start runs on its task queue), by name. */
  async list(): Promise<Periodic[]> {
    const ids: string[] = [];
    for await (const s of this.temporal.schedule.list()) if (s.scheduleId.startsWith(PREFIX)) ids.push(s.scheduleId);
    const out: Periodic[] = [];
    for (const id of ids.sort()) {
      const d = await this.temporal.schedule.getHandle(id).describe().catch((err: unknown) => {
        if (err instanceof ScheduleNotFoundError) return undefined;
        throw err;
      });
      if (d && d.action.type === 'startWorkflow' && d.action.taskQueue === this.taskQueue) out.push(periodicOf(id, d));
    }
    return out;
  }

  async get(job: string): Promise<Periodic> {
    return periodicOf(periodicScheduleId(job), await this.describe(job));
  }

  /** Runs the periodic now, beside its timetable (a run already going is not doubled: the Schedule skips overlaps). */
  async trigger(job: string): Promise<void> {
    await this.describe(job);
    await this.temporal.schedule.getHandle(periodicScheduleId(job)).trigger();
  }

  async pause(job: string, note = 'Paused from the Coxswain CLI'): Promise<void> {
    await this.describe(job);
    await this.temporal.schedule.getHandle(periodicScheduleId(job)).pause(note);
  }

  async unpause(job: string, note = 'Unpaused from the Coxswain CLI'): Promise<void> {
    await this.describe(job);
    await this.temporal.schedule.getHandle(periodicScheduleId(job)).unpause(note);
  }

  private async describe(job: string): Promise<ScheduleDescription> {
    if (!NAME.test(job)) throw new PeriodicNotFound(`"${job}" is not a job name`);
    try {
      const d = await this.temporal.schedule.getHandle(periodicScheduleId(job)).describe();
      if (d.action.type !== 'startWorkflow' || d.action.taskQueue !== this.taskQueue) throw new PeriodicNotFound(`no periodic ${job} here (its Schedule runs on task queue ${d.action.type === 'startWorkflow' ? d.action.taskQueue : '?'})`);
      return d;
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) throw new PeriodicNotFound(`no periodic ${job} (config.yaml's periodics become Schedules when the worker starts or its config changes)`);
      throw err;
    }
  }
}

const MONTHS = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'];
const DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];

/** One calendar field as cron writes it: `*` when it covers every value. */
function cronField(v: unknown, all: number, names?: string[], base = 0): string {
  if (!Array.isArray(v) || v.length === 0) return '*';
  const num = (x: unknown) => (typeof x === 'string' && names ? names.indexOf(x) + base : Number(x));
  const ranges = (v as Array<{ start: unknown; end?: unknown; step?: number } | string>).map((r) => (typeof r === 'object' ? { start: num(r.start), end: num(r.end ?? r.start), step: r.step ?? 1 } : { start: num(r), end: num(r), step: 1 }));
  const count = ranges.reduce((n, r) => n + Math.floor((r.end - r.start) / Math.max(1, r.step)) + 1, 0);
  if (count >= all) return '*';
  return ranges.map((r) => (r.end === r.start ? String(r.start) : `${r.start}-${r.end}${r.step > 1 ? `/${r.step}` : ''}`)).join(',');
}

/** How often, as people write it: `every 1h` for intervals, cron's five fields for calendars. */
function everyOf(d: ScheduleDescription): string {
  const parts: string[] = [];
  for (const i of d.spec.intervals ?? []) {
    const s = Math.round(Number(i.every) / 1000);
    parts.push(`every ${s % 3600 === 0 ? `${s / 3600}h` : s % 60 === 0 ? `${s / 60}m` : `${s}s`}`);
  }
  for (const c of d.spec.calendars ?? []) {
    parts.push(`cron ${cronField(c.minute, 60)} ${cronField(c.hour, 24)} ${cronField(c.dayOfMonth, 31)} ${cronField(c.month, 12, MONTHS, 1)} ${cronField(c.dayOfWeek, 7, DAYS)}${d.spec.timezone ? ` ${d.spec.timezone}` : ''}`);
  }
  return parts.join('; ') || 'never';
}

function periodicOf(id: string, d: ScheduleDescription): Periodic {
  const last = d.info.recentActions.at(-1);
  const next = d.info.nextActionTimes[0];
  return {
    job: id.slice(PREFIX.length),
    scheduleId: id,
    every: everyOf(d),
    paused: d.state.paused,
    ...(d.state.note ? { note: d.state.note } : {}),
    ...(last ? { lastRun: { at: last.takenAt, workflowId: last.action.workflow.workflowId } } : {}),
    ...(next ? { nextRun: next } : {}),
  };
}
