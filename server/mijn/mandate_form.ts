// The grant and request forms: what was typed, read from the body, and the services offered (those that allow
// voluntary mandates). Shared by the show and submit actions of both forms.
import type { Context } from 'koa';
import { defaultForm, type FieldErrors, type MandateForm } from '../domain/my_mandates.ts';
import { mayBeGrantedVoluntarily, type Service } from '../domain/services.ts';
import { formField, isFormText } from '../http/parse_form.ts';
import { mandateFormPage } from '../../views/mijn_mandate_form.ts';
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

export async function renderMandateForm(ctx: Context, deps: MijnDeps, kind: 'grant' | 'request', form?: MandateForm, errors: FieldErrors = {}) {
  const { person, csrf, today } = sessionOf(ctx);
  page(
    ctx,
    mandateFormPage({ kind, personName: person.name, csrf, form: form ?? defaultForm(today), errors, services: await voluntaryServices(deps) }),
    Object.keys(errors).length ? 400 : 200,
  );
}

export function showMandateForm(deps: MijnDeps, kind: 'grant' | 'request') {
  return async function showMandateFormAction(ctx: Context) {
    await renderMandateForm(ctx, deps, kind);
  };
}
