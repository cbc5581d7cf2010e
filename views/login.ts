import { html } from './html.ts';
import { csrfField, layout } from './layout.ts';
import { upstreamButtons, type UpstreamButton } from './login_upstreams.ts';
import { t } from './messages/index.ts';
import { errorSummary } from './error_summary.ts';

export interface LoginView {
  uid: string;
  csrf: string;
  clientName: string;
  serviceName: string | undefined;
  username?: string;
  error?: string;
  /** Fields left empty: a message per field, with an error summary linking to them. */
  fieldErrors?: { username?: string; password?: string };
  /** The level chosen for this test login (eIDAS URI). */
  level: string;
  /** Set when the login is asked again because the service or the app needs a higher level than was reached. */
  stepUp?: { required: string; reached: string | undefined };
  /** The upstream identity providers to offer, one button each. */
  upstreams?: readonly UpstreamButton[];
  /** Whether the test-user form is offered (default: yes). */
  testUsers?: boolean;
}

/** The levels a test user may claim, as the upstream means of login would reach them (labels in the message catalog). */
export const TEST_LEVELS = [
  { uri: 'http://eidas.europa.eu/LoA/low' },
  { uri: 'http://eidas.europa.eu/LoA/substantial' },
  { uri: 'http://eidas.europa.eu/LoA/high' },
];
const levelName = (uri: string | undefined) => (uri && t().levels[uri]?.name) || t().unknownLevel;

export function loginPage(view: LoginView): string {
  const m = t();
  return layout(
    m.login.title,
    html`
<p class="asks intro utrecht-paragraph utrecht-paragraph--lead">${m.asks(view.clientName, view.serviceName)}</p>
${view.stepUp ? html`<p class="notice utrecht-alert utrecht-alert--warning" role="status" id="login-step-up">${m.login.stepUp(levelName(view.stepUp.required), view.stepUp.reached ? levelName(view.stepUp.reached) : undefined)}</p>` : ''}
${errorSummary([
  ...(view.fieldErrors?.username ? [{ field: 'username', message: view.fieldErrors.username }] : []),
  ...(view.fieldErrors?.password ? [{ field: 'password', message: view.fieldErrors.password }] : []),
])}
${view.error ? html`<p class="error utrecht-alert utrecht-alert--error" role="alert" id="login-error">${view.error}</p>` : ''}
${view.upstreams?.length ? upstreamButtons(view.uid, view.csrf, view.upstreams) : ''}
${view.testUsers === false ? '' : html`<form method="post" action="/interaction/${view.uid}/login" class="form" novalidate>
${csrfField(view.csrf)}
<p class="utrecht-form-field"><label class="utrecht-form-label" for="username">${m.login.username}</label>
${view.fieldErrors?.username ? html`<span class="field-error utrecht-form-field-error-message" id="username-error">${view.fieldErrors.username}</span>` : ''}
<input class="utrecht-textbox utrecht-textbox--html-input" id="username" name="username" autocomplete="username" required value="${view.username ?? ''}"${view.error ? html` aria-invalid="true" aria-describedby="login-error" autofocus` : view.fieldErrors?.username ? html` aria-invalid="true" aria-describedby="username-error"` : ''}></p>
<p class="utrecht-form-field"><label class="utrecht-form-label" for="password">${m.login.password}</label>
${view.fieldErrors?.password ? html`<span class="field-error utrecht-form-field-error-message" id="password-error">${view.fieldErrors.password}</span>` : ''}
<input class="utrecht-textbox utrecht-textbox--html-input" id="password" name="password" type="password" autocomplete="current-password" required${view.fieldErrors?.password ? html` aria-invalid="true" aria-describedby="password-error"` : ''}></p>
<p class="utrecht-form-field"><label class="utrecht-form-label" for="level">${m.login.level}</label>
<select class="utrecht-select utrecht-select--html-select" id="level" name="level">${TEST_LEVELS.map((level) => html`<option value="${level.uri}"${level.uri === view.level ? ' selected' : ''}>${m.levels[level.uri]!.label}</option>`)}</select></p>
<p><button class="utrecht-button utrecht-button--primary-action" type="submit">${m.login.submit}</button></p>
</form>`}
<form method="post" action="/interaction/${view.uid}/abort" class="form-secondary">
${csrfField(view.csrf)}
<button class="utrecht-button utrecht-button--secondary-action secondary" type="submit">${m.login.cancel(view.clientName)}</button>
</form>`,
  );
}
