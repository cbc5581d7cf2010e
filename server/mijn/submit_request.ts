// POST /mijn/machtigingen/aanvragen — the agent asks a principal, named by BSN and birth date, for a voluntary
// mandate. A pair that does not match a known person is refused without saying which part was wrong.
import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import { checkMandateForm, isIsoDate, type FieldErrors } from '../domain/my_mandates.ts';
import { requestedPage } from '../../views/mijn_mandate_form.ts';
import { page, sessionOf, type MijnDeps } from './context.ts';
import { readMandateForm, renderMandateForm, voluntaryServices } from './mandate_form.ts';


export function submitRequest(deps: MijnDeps) {
  return async function submitRequestAction(ctx: Context) {
    const { person, csrf, today } = sessionOf(ctx);
    const form = readMandateForm(ctx.request.body, 'birth_date');
    const services = await voluntaryServices(deps);
    const errors: FieldErrors = checkMandateForm(form, today, services);
    if (!isIsoDate(form.check)) errors.check = { code: 'birth_date_invalid' };

    const principal = errors.bsn || errors.check ? undefined : await deps.persons.findByBsn(form.bsn);
    if (!errors.bsn && !errors.check) {
      if (!principal || principal.birthDate !== form.check) errors.check = { code: 'principal_unknown' };
      else if (principal.id === person.id) errors.bsn = { code: 'principal_self' };
    }
    if (Object.keys(errors).length || !principal) return renderMandateForm(ctx, deps, 'request', form, errors);

    const id = randomUUID();
    const { covered } = await deps.myMandates.create(
      {
        id,
        principalId: principal.id,
        agentId: person.id,
        serviceUuids: form.services,
        validFrom: form.validFrom,
        validUntil: form.validUntil,
        status: 'requested',
        by: person.id,
        at: deps.clock().getTime(),
      },
      today,
    );
    if (covered.length) return renderMandateForm(ctx, deps, 'request', form, { services: { code: 'already_requested', services: covered } });
    page(ctx, requestedPage({ personName: person.name, csrf, mandateId: id }), 201);
  };
}
