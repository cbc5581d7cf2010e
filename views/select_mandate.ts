import { html } from '../server/http/html.ts';
import { csrfField, layout } from './layout.ts';

export interface OptionView {
  id: string;
  label: string;
  ground: string;
  via?: string;
}

export interface SelectMandateView {
  uid: string;
  csrf: string;
  clientName: string;
  serviceName: string;
  agentName: string;
  options: OptionView[];
  error?: string;
}

export function selectMandatePage(view: SelectMandateView): string {
  if (view.options.length === 0) {
    return layout(
      'Geen machtiging gevonden',
      html`
<p class="intro">${view.clientName} vraagt toegang voor: <strong>${view.serviceName}</strong>.</p>
<p>U bent ingelogd als ${view.agentName}. U kunt deze dienst niet voor uzelf gebruiken, en er is geen geldige machtiging
waarmee u namens iemand anders deze dienst mag gebruiken.</p>
<form method="post" action="/interaction/${view.uid}/abort">
${csrfField(view.csrf)}
<input type="hidden" name="reason" value="no_mandate">
<button type="submit">Terug naar ${view.clientName}</button>
</form>`,
    );
  }
  return layout(
    'Namens wie wilt u verder?',
    html`
<p class="intro">${view.clientName} vraagt toegang voor: <strong>${view.serviceName}</strong>. U bent ingelogd als ${view.agentName}.</p>
${view.error ? html`<p class="error" role="alert" id="mandate-error">${view.error}</p>` : ''}
<form method="post" action="/interaction/${view.uid}/select_mandate" class="form">
${csrfField(view.csrf)}
<fieldset${view.error ? html` aria-describedby="mandate-error"` : ''}>
<legend>Kies voor wie u deze dienst gebruikt</legend>
${view.options.map(
  (option, i) => html`<div class="option">
<input type="radio" name="mandate" id="mandate-${i}" value="${option.id}"${i === 0 ? ' checked' : ''}>
<label for="mandate-${i}"><span class="option-name">${option.label}</span> <span class="option-ground">${option.ground}${option.via ? html`, via ${option.via}` : ''}</span></label>
</div>`,
)}
</fieldset>
<p><button type="submit">Verder</button></p>
</form>
<form method="post" action="/interaction/${view.uid}/abort" class="form-secondary">
${csrfField(view.csrf)}
<button type="submit" class="secondary">Annuleren</button>
</form>`,
  );
}
