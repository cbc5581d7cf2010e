// Prometheus metrics (prom-client) at /metrics: flows started and finished, mandate choices by basis, token endpoint
// latency, errors by OAuth code, and the default process metrics (resident memory, event loop lag, ...).
// One registry per app, so several apps in one test process do not share counters.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  flowsStarted: Counter<'client_id'>;
  flowsFinished: Counter<'client_id'>;
  mandateChoices: Counter<'basis'>;
  tokenLatency: Histogram<'grant_type' | 'status'>;
  errors: Counter<'code'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: '' });
  return {
    registry,
    flowsStarted: new Counter({ name: 'namens_flows_started_total', help: 'Authorization requests that started a login (interaction)', labelNames: ['client_id'], registers: [registry] }),
    flowsFinished: new Counter({ name: 'namens_flows_finished_total', help: 'Authorization codes exchanged for tokens', labelNames: ['client_id'], registers: [registry] }),
    mandateChoices: new Counter({ name: 'namens_mandate_choices_total', help: 'Choices on the selection screen, by basis (self, voluntary, legal, company)', labelNames: ['basis'], registers: [registry] }),
    tokenLatency: new Histogram({
      name: 'namens_token_endpoint_seconds',
      help: 'Token endpoint latency',
      labelNames: ['grant_type', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    errors: new Counter({ name: 'namens_errors_total', help: 'Error responses by OAuth error code', labelNames: ['code'], registers: [registry] }),
  };
}
