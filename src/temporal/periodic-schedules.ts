import { createHash } from 'node:crypto';
import { ScheduleNotFoundError, ScheduleOverlapPolicy, type CalendarSpec, type Client, type ScheduleSpec } from '@temporalio/client';
import type { ProwConfig } from '../config/load.js';
import { readCron, type CronCalendar } from '../config/cron.js';
import { parseGoDuration } from '../config/go-duration.js';
import { RUNNABLE_AGENTS } from '../config/job-checks.js';
import { periodicScheduleId } from '../workflows/messages.js';

// Prow's horologium as Temporal Schedules: one Schedule per periodic (`periodic/{job}`, on the
// Web UI's Schedules page), reconciled from config.yaml when the worker starts: created, updated
// when the job's timing changed, deleted when the job is gone. Each firing starts a job workflow
// (`periodic/{job}-<time>`), which reads the job from the config as it is then.

const MONTHS = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'] as const;
const DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;
const PREFIX = 'periodic/';
/** Memo key holding a digest of what the Schedule was made from, to tell when it needs an update. */
const DIGEST = 'coxswainPeriodicDigest';

export interface PeriodicSchedule {
  id: string;
  job: string;
  spec: ScheduleSpec;
  digest: string;
}

function calendarOf(c: CronCalendar, timezone: string): CalendarSpec {
  void timezone;
  return {
    second: c.second,
    minute: c.minute,
    hour: c.hour,
    dayOfMonth: c.dayOfMonth,
    month: c.month.map((m) => MONTHS[m - 1]!),
    dayOfWeek: c.dayOfWeek.map((d) => DAYS[d % 7]!),
  };
}

/**
 * The Schedules config.yaml asks for, with why a periodic gets none (Prow would never run it, or
 * its agent is not one Coxswain runs). `minimum_interval` (from the end of the previous run in
 * Prow) becomes a plain interval whose overlapping firings are skipped.
 */
export function desiredPeriodicSchedules(config: Pick<ProwConfig, 'periodics'>): { schedules: PeriodicSchedule[]; skipped: Array<{ job: string; reason: string }> } {
  const schedules: PeriodicSchedule[] = [];
  const skipped: Array<{ job: string; reason: string }> = [];
  for (const p of config.periodics ?? []) {
    if (!RUNNABLE_AGENTS.includes(p.agent)) {
      skipped.push({ job: p.name, reason: `agent "${p.agent}" is not run by Coxswain` });
      continue;
    }
    let spec: ScheduleSpec | undefined;
    const every = p.interval ?? p.minimum_interval;
    if (every) {
      const ms = parseGoDuration(every);
      if (ms && ms > 0) spec = { intervals: [{ every: ms }] };
    } else if (p.cron) {
      const read = readCron(p.cron);
      if ('error' in read) {
        skipped.push({ job: p.name, reason: read.error });
        continue;
      }
      const s = read.schedule;
      if (s.never) {
        skipped.push({ job: p.name, reason: `Prow never runs it: ${s.never}` });
        continue;
      }
      spec = s.kind === 'every' ? { intervals: [{ every: s.seconds * 1000 }] } : { calendars: s.calendars.map((c) => calendarOf(c, s.timezone)), timezone: s.timezone };
    }
    if (!spec) {
      skipped.push({ job: p.name, reason: 'no interval, minimum_interval or cron' });
      continue;
    }
    const digest = createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
    schedules.push({ id: periodicScheduleId(p.name), job: p.name, spec, digest });
  }
  return { schedules, skipped };
}

export interface ReconcileResult {
  created: string[];
  updated: string[];
  deleted: string[];
  unchanged: string[];
  skipped: Array<{ job: string; reason: string }>;
}

/** Makes Temporal's periodic Schedules match config.yaml. Only Schedules named `periodic/...` are touched. */
export async function reconcilePeriodicSchedules(client: Client, config: Pick<ProwConfig, 'periodics'>, taskQueue: string): Promise<ReconcileResult> {
  const { schedules, skipped } = desiredPeriodicSchedules(config);
  const out: ReconcileResult = { created: [], updated: [], deleted: [], unchanged: [], skipped };
  // Listing goes through visibility, which lags; each wanted Schedule is described directly.
  const listed = new Set<string>();
  for await (const s of client.schedule.list()) if (s.scheduleId.startsWith(PREFIX)) listed.add(s.scheduleId);
  for (const want of schedules) {
    const digest = `${want.digest}:${taskQueue}`;
    const options = {
      scheduleId: want.id,
      spec: want.spec,
      action: { type: 'startWorkflow' as const, workflowType: 'jobWorkflow', workflowId: want.id, taskQueue, args: [{ type: 'periodic' as const, job: want.job }] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
      memo: { [DIGEST]: digest },
    };
    const handle = client.schedule.getHandle(want.id);
    const current = await handle.describe().catch((err: unknown) => {
      if (err instanceof ScheduleNotFoundError) return undefined;
      throw err;
    });
    if (!current) {
      await client.schedule.create(options);
      out.created.push(want.id);
    } else if (current.memo?.[DIGEST] !== digest) {
      // A Schedule's memo cannot be updated: a changed one is made again.
      await handle.delete();
      await client.schedule.create(options);
      out.updated.push(want.id);
    } else {
      out.unchanged.push(want.id);
    }
    listed.delete(want.id);
  }
  const existing = listed;
  for (const id of existing) {
    await client.schedule.getHandle(id).delete().catch((err: unknown) => {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    });
    out.deleted.push(id);
  }
  return out;
}
