// The grant and request forms: what was typed, read from the body, and the services offered (those that allow
// voluntary mandates). Shared by the show and submit actions of both forms.
import type { Context } from 'koa';
import { defaultForm, isIsoDate, type FieldErrors, type MandateForm } from '../domain/my_mandates.ts';
import { renewalTerms } from '../domain/notifications.ts';
import { mayBeGrantedVoluntarily, type Service } from '../domain/services.ts';
import { formField, isFormText } from '../http/parse_form.ts';
import { mandateFormPage } from '../../views/mijn_mandate_form.ts';
import { formatDate } from '../../views/mijn_parts.ts';
import { t } from '../../views/messages/index.ts';
import { page, sessionOf, type MijnDeps } from './context.ts';

export async function voluntaryServices(deps: MijnDeps): Promise<Service[]> {
  return (await deps.catalog.listServices())
    .filter(mayBeGrantedVoluntarily)
    .sort((a, b) => a.name.nl.localeCompare(b.name.nl, 'nl'));
}

export function readMandateForm(body: unknown, checkField: 'surname' | 'birth_date'): MandateForm {
  const services = (body as Record<string, unknown> | undefined)?.services;
  const list = (Array.isArray(services) ? services : [services]).filter((value): value is string => isFormText(value) && value.length <= 64);
  const field = (name: string, max: number) => (formField(body, name) ?? '').trim().slice(0, max);
  return {
    bsn: field('bsn', 32).replace(/[\s.]/g, ''),
    check: field(checkField, 200),
    services: [...new Set(list.map((uuid) => uuid.toLowerCase()))].slice(0, 50),
    validFrom: field('valid_from', 10),
    validUntil: field('valid_until', 10),
  };
}

export async function renderMandateForm(ctx: Context, deps: MijnDeps, kind: 'grant' | 'request', form?: MandateForm, errors: FieldErrors = {}, note?: string) {
  const { person, csrf, today } = sessionOf(ctx);
  page(
    ctx,
    mandateFormPage({ kind, personName: person.name, csrf, form: form ?? defaultForm(today), errors, services: await voluntaryServices(deps), ...(note ? { note } : {}) }),
    Object.keys(errors).length ? 400 : 200,
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The grant form filled in from a renewal link (`?verleng=<mandate>&valid_from=&valid_until=`, sent with the reminder
 * that a mandate is about to expire): the agent's BSN and the services of the person's own voluntary mandate, and the
 * days of the link (or the proposed ones). Anyone else's mandate, or none, gives the empty form. The surname is typed
 * again, and everything is checked on submit like anything typed.
 */
async function renewalForm(ctx: Context, deps: MijnDeps): Promise<{ form: MandateForm; note: string } | undefined> {
  const id = ctx.query.verleng;
  if (typeof id !== 'string' || !UUID.test(id)) return undefined;
  const { person } = sessionOf(ctx);
  const mandate = await deps.myMandates.findFor(person.id, id.toLowerCase());
  if (!mandate || mandate.basis !== 'voluntary' || mandate.principal.id !== person.id || mandate.agent.kind !== 'person' || mandate.validUntil === null) return undefined;
  const proposed = renewalTerms(mandate.validFrom, mandate.validUntil);
  const day = (name: string, fallback: string) => {
    const value = ctx.query[name];
    return typeof value === 'string' && isIsoDate(value) ? value : fallback;
  };
  return {
    form: { bsn: mandate.agent.bsn, check: '', services: mandate.services.map((service) => service.uuid), validFrom: day('valid_from', proposed.validFrom), validUntil: day('valid_until', proposed.validUntil) },
    note: t().mijn.renewalNote(formatDate(mandate.validUntil)),
  };
}

export function showMandateForm(deps: MijnDeps, kind: 'grant' | 'request') {
  return async function showMandateFormAction(ctx: Context) {
    const renewal = kind === 'grant' ? await renewalForm(ctx, deps) : undefined;
    await renderMandateForm(ctx, deps, kind, renewal?.form, {}, renewal?.note);
  };
}
