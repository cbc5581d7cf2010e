// The form to grant a mandate (the principal names the agent by BSN and surname) and to ask for one (the agent names
// the principal by BSN and birth date). A refusal shows the message next to its field and keeps what was typed.
import { html, type SafeHtml } from './html.ts';
import type { FieldErrors, MandateForm } from '../server/domain/my_mandates.ts';
import type { Service } from '../server/domain/services.ts';
import { csrfField, layout } from './layout.ts';
import { t } from './messages/index.ts';
import { formatDate, mijnBar, type MijnView } from './mijn_parts.ts';
import { errorSummary } from './error_summary.ts';

export interface MandateFormView extends MijnView {
  kind: 'grant' | 'request';
  form: MandateForm;
  errors: FieldErrors;
  services: Service[];
  /** Above the form: what a renewal link filled in (the mandate being renewed). */
  note?: string;
}

/** The error of a field in words, in the page's language (dates formatted, services by name). */
function messageOf(errors: FieldErrors, field: keyof FieldErrors, services: Service[]): string | undefined {
  const error = errors[field];
  if (!error) return undefined;
  const m = t();
  const locale = m.lang === 'en' ? 'en' : 'nl';
  const names = new Map(services.map((service) => [service.uuid, service.name[locale] || service.name.nl]));
  return m.mijn.formErrors[error.code]({
    ...(error.until ? { until: formatDate(error.until) } : {}),
    ...(error.years ? { years: error.years } : {}),
    ...(error.services ? { services: error.services.map((uuid) => names.get(uuid) ?? uuid).join(', ') } : {}),
  });
}

function errorOf(errors: FieldErrors, field: keyof FieldErrors, services: Service[] = []): SafeHtml | '' {
  const message = messageOf(errors, field, services);
  return message ? html`<span class="field-error utrecht-form-field-error-message" id="${field}-error">${message}</span>` : '';
}

/** The fields in page order, with the id the error summary links to (the first checkbox for the services). */
const FIELDS = [
  ['form', undefined],
  ['bsn', 'bsn'],
  ['check', 'check'],
  ['services', 'service-0'],
  ['validFrom', 'valid_from'],
  ['validUntil', 'valid_until'],
] as const;

/** Marks a field with an error (the error summary above the form has the focus and links here). */
function invalid(errors: FieldErrors, field: keyof FieldErrors): SafeHtml | '' {
  if (!errors[field]) return '';
  return html` aria-invalid="true" aria-describedby="${field}-error"`;
}

export function mandateFormPage(view: MandateFormView): string {
  const { form, errors } = view;
  const grant = view.kind === 'grant';
  const chosen = new Set(form.services);
  const m = t();
  const f = m.mijn.form;
  const locale = m.lang === 'en' ? 'en' : 'nl';
  return layout(
    grant ? f.grantTitle : f.requestTitle,
    html`${mijnBar(view)}
<p class="intro">${grant ? f.grantIntro : f.requestIntro}</p>
${view.note ? html`<p class="notice utrecht-alert utrecht-alert--info" role="status" id="renewal-note">${view.note}</p>` : ''}
${errorSummary(FIELDS.flatMap(([field, id]) => {
  const message = messageOf(errors, field, view.services);
  return message ? [{ ...(id ? { field: id } : {}), message }] : [];
}))}
<form method="post" action="${grant ? '/mijn/machtigingen/nieuw' : '/mijn/machtigingen/aanvragen'}" class="form" novalidate>
${csrfField(view.csrf)}
<fieldset>
<legend>${grant ? f.whoGrant : f.whoRequest}</legend>
<p class="utrecht-form-field"><label class="utrecht-form-label" for="bsn">${f.bsn}</label>
${errorOf(errors, 'bsn')}
<input class="utrecht-textbox utrecht-textbox--html-input" id="bsn" name="bsn" inputmode="numeric" autocomplete="off" maxlength="9" value="${form.bsn}"${invalid(errors, 'bsn')}></p>
${grant
      ? html`<p class="utrecht-form-field"><label class="utrecht-form-label" for="check">${f.surname}</label>
${errorOf(errors, 'check')}
<input class="utrecht-textbox utrecht-textbox--html-input" id="check" name="surname" autocomplete="off" maxlength="200" value="${form.check}"${invalid(errors, 'check')}></p>`
      : html`<p class="utrecht-form-field"><label class="utrecht-form-label" for="check">${f.birthDate}</label>
${errorOf(errors, 'check')}
<input class="utrecht-textbox utrecht-textbox--html-input" id="check" name="birth_date" type="date" value="${form.check}"${invalid(errors, 'check')}></p>`}
</fieldset>
<fieldset${invalid(errors, 'services')}>
<legend>${f.whichServices}</legend>
${errorOf(errors, 'services', view.services)}
${view.services.map(
      (service, i) => html`<div class="option"><input type="checkbox" name="services" id="service-${i}" value="${service.uuid}"${chosen.has(service.uuid) ? ' checked' : ''}>
<label for="service-${i}">${service.name[locale] || service.name.nl}</label></div>`,
    )}
</fieldset>
<fieldset>
<legend>${f.howLong}</legend>
<p class="utrecht-form-field"><label class="utrecht-form-label" for="valid_from">${f.validFrom}</label>
${errorOf(errors, 'validFrom')}
<input class="utrecht-textbox utrecht-textbox--html-input" id="valid_from" name="valid_from" type="date" value="${form.validFrom}"${invalid(errors, 'validFrom')}></p>
<p class="utrecht-form-field"><label class="utrecht-form-label" for="valid_until">${f.validUntil}</label>
${errorOf(errors, 'validUntil')}
<input class="utrecht-textbox utrecht-textbox--html-input" id="valid_until" name="valid_until" type="date" value="${form.validUntil}"${invalid(errors, 'validUntil')}></p>
</fieldset>
<p><button class="utrecht-button utrecht-button--primary-action" type="submit">${grant ? f.grant : f.request}</button></p>
</form>
<p><a class="utrecht-link" href="/mijn">${f.cancel}</a></p>`,
  );
}

export interface GrantedView extends MijnView {
  mandateId: string;
  agentName: string;
  code: string;
  codeExpires: string;
}

export function grantedPage(view: GrantedView): string {
  const m = t();
  return layout(
    m.mijn.grantedTitle,
    html`${mijnBar(view)}
<p>${m.mijn.grantedIntro(view.agentName)}</p>
<p class="activation-code" id="activation-code">${view.code}</p>
<p><strong>${m.mijn.codeOnce}</strong></p>
<p>${m.mijn.grantedNote(view.agentName, formatDate(view.codeExpires))}</p>
<p><a class="utrecht-link" href="/mijn/machtigingen/${view.mandateId}">${m.mijn.viewMandate}</a> · <a class="utrecht-link" href="/mijn">${m.mijn.backToOverview}</a></p>`,
  );
}

export function requestedPage(view: MijnView & { mandateId: string }): string {
  const m = t();
  return layout(
    m.mijn.requestedTitle,
    html`${mijnBar(view)}
<p>${m.mijn.requestedIntro}</p>
<p><a class="utrecht-link" href="/mijn/machtigingen/${view.mandateId}">${m.mijn.viewRequest}</a> · <a class="utrecht-link" href="/mijn">${m.mijn.backToOverview}</a></p>`,
  );
}
