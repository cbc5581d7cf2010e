// GET /mijn/gecontroleerd — who checked the person's mandates: the decision log's rows about them as the represented
// party (logins for them, and the decision API's questions about them), newest first.
import type { Context } from 'koa';
import { checksPage } from '../../views/mijn_checks.ts';
import { page, sessionOf, type MijnDeps } from './context.ts';

/** The newest decisions shown; older ones are in the audit log (the admin API pages through them). */
const SHOWN = 200;

export function showChecks(deps: MijnDeps) {
  return async function showChecksAction(ctx: Context) {
    const session = sessionOf(ctx);
    const rows = await deps.decisionLog.list({ resourceId: session.person.id, limit: SHOWN });
    page(ctx, checksPage({ personName: session.person.name, csrf: session.csrf, rows }));
  };
}
