// GET /metrics — Prometheus text format.
import type { Context } from 'koa';
import type { Metrics } from './metrics.ts';

export function showMetrics(metrics: Metrics) {
  return async function showMetricsAction(ctx: Context) {
    ctx.set('Cache-Control', 'no-store');
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  };
}
