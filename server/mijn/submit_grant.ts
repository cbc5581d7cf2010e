// POST /mijn/machtigingen/nieuw — the principal grants a voluntary mandate. The agent is named by BSN and surname;
// when the pair does not match a known person the answer is the same whether the BSN exists or not. The mandate is
// pending until the agent activates it with the code shown here, once (and written to the log outside production).
import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import {
  activationExpiry,
  checkMandateForm,
  formatCode,
  hashCode,
  newActivationCode,
  surnameMatches,
  type FieldErrors,
} from '../domain/my_mandates.ts';
import { dutchDate } from '../domain/dates.ts';
import { grantedPage } from '../../views/mijn_mandate_form.ts';
import { page, sessionOf, type MijnDeps } from './context.ts';
import { readMandateForm, renderMandateForm, voluntaryServices } from './mandate_form.ts';


export function submitGrant(deps: MijnDeps) {
  return async function submitGrantAction(ctx: Context) {
    const { person, csrf, today } = sessionOf(ctx);
    const form = readMandateForm(ctx.request.body, 'surname');
    const services = await voluntaryServices(deps);
    const errors: FieldErrors = checkMandateForm(form, today, services);
    if (!form.check) errors.check = { code: 'surname_missing' };

    const agent = errors.bsn || errors.check ? undefined : await deps.persons.findByBsn(form.bsn);
    if (!errors.bsn && !errors.check) {
      if (!agent || !surnameMatches(agent, form.check)) errors.check = { code: 'agent_unknown' };
      else if (agent.id === person.id) errors.bsn = { code: 'agent_self' };
    }
    if (Object.keys(errors).length || !agent) return renderMandateForm(ctx, deps, 'grant', form, errors);

    const now = deps.clock().getTime();
    const code = newActivationCode();
    const expiresAt = activationExpiry(now);
    const id = randomUUID();
    const { covered } = await deps.myMandates.create(
      {
        id,
        principalId: person.id,
        agentId: agent.id,
        serviceUuids: form.services,
        validFrom: form.validFrom,
        validUntil: form.validUntil,
        status: 'pending',
        by: person.id,
        at: now,
        activation: { codeHash: hashCode(code), expiresAt },
      },
      today,
    );
    if (covered.length) return renderMandateForm(ctx, deps, 'grant', form, { services: { code: 'already_granted', services: covered } });
    if (deps.logActivationCodes) {
      // Development only: a real deployment sends the code by post. (The logger redacts fields named `code`.)
      deps.logger.info({ mandate_id: id, agent_id: agent.id, activation_code: formatCode(code) }, 'activation code of a new voluntary mandate');
    }
    page(ctx, grantedPage({ personName: person.name, csrf, mandateId: id, agentName: agent.name, code: formatCode(code), codeExpires: dutchDate(new Date(expiresAt)) }), 201);
  };
}
