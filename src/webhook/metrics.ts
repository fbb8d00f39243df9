import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type DeliveryOutcome =
  | 'signalled'
  | 'ignored'
  | 'duplicate'
  | 'bad_signature'
  | 'invalid'
  | 'unavailable'
  | 'ping'
  /** Refused unread: too many deliveries in flight (503, GitHub may redeliver). */
  | 'busy'
  /** An unexpected failure in the hook itself (answered 503, logged). */
  | 'error';

export class HookMetrics {
  readonly deliveries: Counter<'event' | 'outcome'>;
  readonly signalSeconds: Histogram<'event'>;
  readonly inFlight: Gauge;
  readonly responseCodes: Counter<'code'>;

  constructor(registry: Registry) {
    this.deliveries = new Counter({
      name: 'coxswain_webhook_deliveries_total',
      help: 'Webhook deliveries by event and outcome (event is "unknown" until the signature is verified)',
      labelNames: ['event', 'outcome'],
      registers: [registry],
    });
    this.signalSeconds = new Histogram({
      name: 'coxswain_webhook_signal_seconds',
      help: 'Time from receiving a delivery to Temporal accepting its signal(s)',
      labelNames: ['event'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.responseCodes = new Counter({
      name: 'coxswain_webhook_response_codes_total',
      help: "Answers to POST /hook by HTTP status code (Prow's prow_webhook_response_codes)",
      labelNames: ['code'],
      registers: [registry],
    });
    this.inFlight = new Gauge({
      name: 'coxswain_webhook_in_flight',
      help: 'Deliveries being received or handled now',
      registers: [registry],
    });
  }
}
