// GET /mijn — the mandates the person gave and the mandates they hold, of every register; without a session, the
// page that invites to log in.
import type { Context } from 'koa';
import { shownStatus } from '../domain/my_mandates.ts';
import { landingPage, overviewPage, type OverviewRow } from '../../views/mijn_overview.ts';
import { page, readSession, type MijnDeps } from './context.ts';

const ORDER = ['requested', 'pending', 'active', 'not_yet_valid', 'expired', 'revoked', 'declined'];

export function showOverview(deps: MijnDeps) {
  return async function showOverviewAction(ctx: Context) {
    const session = await readSession(ctx, deps);
    if (!session) return page(ctx, landingPage());
    const { person, today } = session;
    const mandates = await deps.myMandates.listFor(person.id);
    const rows = (side: 'principal' | 'agent'): OverviewRow[] =>
      mandates
        .filter((mandate) => mandate[side].id === person.id)
        .map((mandate) => ({ mandate, status: shownStatus(mandate, today), otherName: (side === 'principal' ? mandate.agent : mandate.principal).name }))
        .sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status) || a.otherName.localeCompare(b.otherName, 'nl') || b.mandate.validFrom.localeCompare(a.mandate.validFrom));
    page(ctx, overviewPage({ personName: person.name, csrf: session.csrf, given: rows('principal'), held: rows('agent') }));
  };
}
