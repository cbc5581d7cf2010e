// POST /mijn/machtigingen/nieuw — the principal grants a voluntary mandate (the use case: grantMandate in
// server/domain/my_mandates.ts). The code is shown here, once (and written to the log outside production). A pair
// that does not match is answered alike whichever half was wrong (both fields emptied), and counts against the limit.
import type { Context } from 'koa';
import { formatCode, grantMandate } from '../domain/my_mandates.ts';
import { dutchDate } from '../domain/dates.ts';
import { grantedPage } from '../../views/mijn_mandate_form.ts';
import { page, sessionOf, type MijnDeps } from './context.ts';
import { limitBsnChecksOutcome } from './limit_bsn_checks.ts';
import { readMandateForm, renderMandateForm, voluntaryServices } from './mandate_form.ts';

export function submitGrant(deps: MijnDeps) {
  return async function submitGrantAction(ctx: Context) {
    const { person, csrf, today } = sessionOf(ctx);
    const form = readMandateForm(ctx.request.body, 'surname');
    const outcome = await grantMandate(deps, person, form, { today, now: deps.clock().getTime(), services: await voluntaryServices(deps) });
    if ('errors' in outcome) return renderMandateForm(ctx, deps, 'grant', limitBsnChecksOutcome(ctx, form, outcome.errors), outcome.errors);
    const { mandateId, agent, code, codeExpires } = outcome;
    if (deps.logActivationCodes) {
      // Development only: a real deployment sends the code by post. (The logger redacts fields named `code`.)
      deps.logger.info({ mandate_id: mandateId, agent_id: agent.id, activation_code: formatCode(code) }, 'activation code of a new voluntary mandate');
    }
    page(ctx, grantedPage({ personName: person.name, csrf, mandateId, agentName: agent.name, code: formatCode(code), codeExpires: dutchDate(new Date(codeExpires)) }), 201);
  };
}
