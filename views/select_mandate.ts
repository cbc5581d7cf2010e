import { html } from './html.ts';
import { csrfField, layout } from './layout.ts';
import { t } from './messages/index.ts';
import { switchUserForm } from './switch_user.ts';

export interface OptionView {
  id: string;
  label: string;
  /** Tells namesakes apart: "geboren 3 mei 1950" for a person, "KvK 12345678" for an organisation. */
  distinguisher?: string;
  via?: string;
}

export interface OptionGroupView {
  heading: string;
  options: OptionView[];
}

export interface SelectMandateView {
  uid: string;
  csrf: string;
  clientName: string;
  serviceName: string;
  agentName: string;
  /** For an employee (eHerkenning): the organisation they act for at this login. */
  organisationName?: string;
  /** The options, grouped by legal ground and sorted by name within a group; only those that match `query`. */
  groups: OptionGroupView[];
  /** How many options there are before the search filter. */
  total: number;
  /** Whether the screen offers a search field (many options, or a search was made). */
  searchable: boolean;
  query: string;
  error?: string;
}

export function selectMandatePage(view: SelectMandateView): string {
  const m = t();
  if (view.total === 0) {
    return layout(
      m.select.noneTitle,
      html`
<p class="asks utrecht-paragraph utrecht-paragraph--lead">${m.asks(view.clientName, view.serviceName)}</p>
<p>${view.organisationName ? m.select.noneForOrganisation(view.organisationName) : m.select.none}</p>
${view.organisationName
  ? ''
  : html`<p>${m.select.noneHint}</p>
<p><a class="utrecht-link" id="request-mandate" href="/mijn/machtigingen/aanvragen">${m.select.requestMandate}</a></p>`}
<form method="post" action="/interaction/${view.uid}/abort">
${csrfField(view.csrf)}
<input type="hidden" name="reason" value="no_mandate">
<button class="utrecht-button utrecht-button--primary-action" type="submit">${m.select.back(view.clientName)}</button>
</form>
${switchUserForm(view)}`,
    );
  }
  const shown = view.groups.reduce((sum, group) => sum + group.options.length, 0);
  let index = 0;
  return layout(
    m.select.title,
    html`
<p class="asks utrecht-paragraph utrecht-paragraph--lead">${m.asks(view.clientName, view.serviceName)}</p>
${switchUserForm(view)}
${view.error ? html`<p class="error utrecht-alert utrecht-alert--error" role="alert" id="mandate-error">${view.error}</p>` : ''}
${view.searchable
  ? html`<form method="get" action="/interaction/${view.uid}" class="search" role="search">
<p class="utrecht-form-field"><label class="utrecht-form-label" for="q">${m.select.search}</label>
<span class="search__row"><input class="utrecht-textbox utrecht-textbox--html-input" type="search" id="q" name="q" value="${view.query}" autocomplete="off">
<button class="utrecht-button utrecht-button--secondary-action" type="submit">${m.select.searchButton}</button></span></p>
</form>
${view.query
  ? html`<p class="search-result" role="status" id="search-result">${shown ? m.select.found(shown, view.total) : m.select.nothingFound(view.query)} <a class="utrecht-link" href="/interaction/${view.uid}">${m.select.showAll}</a></p>`
  : ''}`
  : ''}
${shown
  ? html`<form method="post" action="/interaction/${view.uid}/select_mandate" class="form">
${csrfField(view.csrf)}
<fieldset class="utrecht-form-fieldset choices"${view.error ? html` aria-describedby="mandate-error"` : ''}>
<legend class="utrecht-form-fieldset__legend">${m.select.legend}</legend>
${view.groups.map(
  (group) => html`${group.heading ? html`<fieldset class="utrecht-form-fieldset option-group">
<legend class="option-group__heading">${group.heading}</legend>` : html`<div class="option-group">`}
${group.options.map((option) => {
  const i = index++;
  return html`<div class="option utrecht-form-field utrecht-form-field--radio">
<input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" name="mandate" id="mandate-${i}" value="${option.id}"${i === 0 ? ' checked' : ''}>
<label class="utrecht-form-label utrecht-form-label--radio" for="mandate-${i}"><span class="option-name">${option.label}</span>${option.distinguisher ? html` <span class="option-id">(${option.distinguisher})</span>` : ''}${option.via ? html` <span class="option-ground">${m.select.via(option.via)}</span>` : ''}</label>
</div>`;
})}
${group.heading ? html`</fieldset>` : html`</div>`}`,
)}
</fieldset>
<p><button class="utrecht-button utrecht-button--primary-action" type="submit">${m.select.submit}</button></p>
</form>`
  : ''}
<form method="post" action="/interaction/${view.uid}/abort" class="form-secondary">
${csrfField(view.csrf)}
<button class="utrecht-button utrecht-button--secondary-action secondary" type="submit">${m.select.cancel}</button>
</form>`,
  );
}
