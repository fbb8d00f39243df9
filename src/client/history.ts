import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow/index.js';
import type { temporal } from '@temporalio/proto';
import { timelineOf, type HistoryItem, type TimelineEntry } from '../core/timeline.js';

// Reads a workflow's history from Temporal and decodes what the timeline needs (with the
// client's data converter, so encrypted histories read as the worker reads them).

type Event = temporal.api.history.v1.IHistoryEvent;
type Payloads = temporal.api.common.v1.IPayloads | null | undefined;

function isoOf(t: Event['eventTime']): string {
  if (!t) return '';
  return new Date(Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6)).toISOString();
}

/** The local-activity marker's own record (activity type) is plain JSON written by the SDK's core. */
function markerActivityType(payloads: Payloads): string | undefined {
  const p = payloads?.payloads?.[0];
  if (!p?.data) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(p.data).toString('utf8')) as { activity_type?: string };
    return parsed.activity_type;
  } catch {
    return undefined;
  }
}

export async function historyItems(client: Client, events: Event[]): Promise<HistoryItem[]> {
  const converter = client.options.loadedDataConverter;
  const decode = async (payloads: Payloads): Promise<unknown> => {
    if (!payloads?.payloads?.length) return undefined;
    return decodeFromPayloadsAtIndex(converter, 0, payloads.payloads).catch(() => undefined);
  };
  const scheduled = new Map<string, string>();
  const items: HistoryItem[] = [];
  for (const e of events) {
    const at = isoOf(e.eventTime);
    if (e.workflowExecutionSignaledEventAttributes) {
      const a = e.workflowExecutionSignaledEventAttributes;
      items.push({ at, type: 'signal', name: a.signalName ?? '', input: await decode(a.input) });
    } else if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      const input = e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest?.input;
      items.push({ at, type: 'update', name: input?.name ?? '', input: await decode(input?.args) });
    } else if (e.markerRecordedEventAttributes?.markerName === 'core_local_activity') {
      const a = e.markerRecordedEventAttributes;
      const name = markerActivityType(a.details?.data) ?? 'local activity';
      if (a.failure) items.push({ at, type: 'activity', name, failed: a.failure.message ?? 'failed' });
      else items.push({ at, type: 'activity', name, result: await decode(a.details?.result) });
    } else if (e.activityTaskScheduledEventAttributes) {
      scheduled.set(String(e.eventId), e.activityTaskScheduledEventAttributes.activityType?.name ?? 'activity');
    } else if (e.activityTaskCompletedEventAttributes) {
      const a = e.activityTaskCompletedEventAttributes;
      items.push({ at, type: 'activity', name: scheduled.get(String(a.scheduledEventId)) ?? 'activity', result: await decode(a.result) });
    } else if (e.activityTaskFailedEventAttributes) {
      const a = e.activityTaskFailedEventAttributes;
      items.push({ at, type: 'activity', name: scheduled.get(String(a.scheduledEventId)) ?? 'activity', failed: a.failure?.message ?? 'failed' });
    } else if (e.workflowExecutionContinuedAsNewEventAttributes) {
      items.push({ at, type: 'continued' });
    }
  }
  return items;
}

/** The timeline of a workflow's current run (the newest `max` entries). */
export async function workflowTimeline(client: Client, workflowId: string, max = 500): Promise<TimelineEntry[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return timelineOf(await historyItems(client, history.events ?? []), max);
}
