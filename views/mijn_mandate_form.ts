// The form to grant a mandate (the principal names the agent by BSN and surname) and to ask for one (the agent names
// the principal by BSN and birth date). A refusal shows the message next to its field and keeps what was typed.
import { html, type SafeHtml } from '../server/http/html.ts';
import type { FieldErrors, MandateForm } from '../server/domain/my_mandates.ts';
import type { Service } from '../server/domain/services.ts';
import { csrfField, layout } from './layout.ts';
import { formatDate, mijnBar, type MijnView } from './mijn_parts.ts';

export interface MandateFormView extends MijnView {
  kind: 'grant' | 'request';
  form: MandateForm;
  errors: FieldErrors;
  services: Service[];
}

function errorOf(errors: FieldErrors, field: keyof FieldErrors): SafeHtml | '' {
  const message = errors[field];
  return message ? html`<span class="field-error" id="${field}-error">${message}</span>` : '';
}

function invalid(errors: FieldErrors, field: keyof FieldErrors): SafeHtml | '' {
  return errors[field] ? html` aria-invalid="true" aria-describedby="${field}-error"` : '';
}

export function mandateFormPage(view: MandateFormView): string {
  const { form, errors } = view;
  const grant = view.kind === 'grant';
  const chosen = new Set(form.services);
  return layout(
    grant ? 'Iemand machtigen' : 'Een machtiging aanvragen',
    html`${mijnBar(view)}
<p class="intro">${grant
      ? 'Machtig iemand om namens u diensten te gebruiken. De machtiging gaat in zodra die persoon haar heeft geactiveerd met de activeringscode die u daarna krijgt.'
      : 'Vraag iemand om u te machtigen. Die persoon ziet uw aanvraag in Mijn machtigingen en keurt haar goed of wijst haar af.'}</p>
${Object.keys(errors).length ? html`<p class="error" role="alert">Controleer de velden hieronder.</p>` : ''}
${errorOf(errors, 'form')}
<form method="post" action="${grant ? '/mijn/machtigingen/nieuw' : '/mijn/machtigingen/aanvragen'}" class="form" novalidate>
${csrfField(view.csrf)}
<fieldset>
<legend>${grant ? 'Wie machtigt u?' : 'Wie vraagt u om een machtiging?'}</legend>
<p><label for="bsn">Burgerservicenummer (BSN)</label>
${errorOf(errors, 'bsn')}
<input id="bsn" name="bsn" inputmode="numeric" autocomplete="off" maxlength="9" value="${form.bsn}"${invalid(errors, 'bsn')}></p>
${grant
      ? html`<p><label for="check">Achternaam</label>
${errorOf(errors, 'check')}
<input id="check" name="surname" autocomplete="off" maxlength="200" value="${form.check}"${invalid(errors, 'check')}></p>`
      : html`<p><label for="check">Geboortedatum</label>
${errorOf(errors, 'check')}
<input id="check" name="birth_date" type="date" value="${form.check}"${invalid(errors, 'check')}></p>`}
</fieldset>
<fieldset${invalid(errors, 'services')}>
<legend>Voor welke diensten?</legend>
${errorOf(errors, 'services')}
${view.services.map(
      (service, i) => html`<div class="option"><input type="checkbox" name="services" id="service-${i}" value="${service.uuid}"${chosen.has(service.uuid) ? ' checked' : ''}>
<label for="service-${i}">${service.name.nl}</label></div>`,
    )}
</fieldset>
<fieldset>
<legend>Hoe lang?</legend>
<p><label for="valid_from">Begindatum</label>
${errorOf(errors, 'validFrom')}
<input id="valid_from" name="valid_from" type="date" value="${form.validFrom}"${invalid(errors, 'validFrom')}></p>
<p><label for="valid_until">Einddatum (hoogstens 5 jaar na de begindatum)</label>
${errorOf(errors, 'validUntil')}
<input id="valid_until" name="valid_until" type="date" value="${form.validUntil}"${invalid(errors, 'validUntil')}></p>
</fieldset>
<p><button type="submit">${grant ? 'Machtigen' : 'Aanvragen'}</button></p>
</form>
<p><a href="/mijn">Annuleren</a></p>`,
  );
}

export interface GrantedView extends MijnView {
  mandateId: string;
  agentName: string;
  code: string;
  codeExpires: string;
}

export function grantedPage(view: GrantedView): string {
  return layout(
    'Machtiging aangemaakt',
    html`${mijnBar(view)}
<p>U hebt <strong>${view.agentName}</strong> gemachtigd. De machtiging gaat in zodra ${view.agentName} haar activeert met deze code:</p>
<p class="activation-code" id="activation-code">${view.code}</p>
<p>Geef de code zelf aan ${view.agentName}. U ziet de code alleen nu; namens bewaart haar niet leesbaar.
De code is geldig tot en met ${formatDate(view.codeExpires)} en werkt één keer.</p>
<p><a href="/mijn/machtigingen/${view.mandateId}">Bekijk de machtiging</a> · <a href="/mijn">Terug naar het overzicht</a></p>`,
  );
}

export function requestedPage(view: MijnView & { mandateId: string }): string {
  return layout(
    'Aanvraag verstuurd',
    html`${mijnBar(view)}
<p>Uw aanvraag staat klaar. Zodra de persoon die u noemde haar goedkeurt in Mijn machtigingen, mag u namens die persoon handelen.</p>
<p><a href="/mijn/machtigingen/${view.mandateId}">Bekijk de aanvraag</a> · <a href="/mijn">Terug naar het overzicht</a></p>`,
  );
}
