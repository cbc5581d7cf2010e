import { html } from '../server/http/html.ts';
import { csrfField, layout } from './layout.ts';
import { upstreamButtons, type UpstreamButton } from './login_upstreams.ts';

export interface LoginView {
  uid: string;
  csrf: string;
  clientName: string;
  serviceName: string | undefined;
  username?: string;
  error?: string;
  /** The level chosen for this test login (eIDAS URI). */
  level: string;
  /** Set when the login is asked again because the service or the app needs a higher level than was reached. */
  stepUp?: { required: string; reached: string | undefined };
  /** The upstream identity providers to offer, one button each. */
  upstreams?: readonly UpstreamButton[];
  /** Whether the test-user form is offered (default: yes). */
  testUsers?: boolean;
}

/** The levels a test user may claim, as the upstream means of login would reach them (DigiD's names in brackets). */
export const TEST_LEVELS = [
  { uri: 'http://eidas.europa.eu/LoA/low', label: 'Laag (zoals DigiD Basis)' },
  { uri: 'http://eidas.europa.eu/LoA/substantial', label: 'Substantieel (zoals DigiD Midden of Substantieel)' },
  { uri: 'http://eidas.europa.eu/LoA/high', label: 'Hoog (zoals DigiD Hoog)' },
];
const levelName = (uri: string | undefined) => TEST_LEVELS.find((level) => level.uri === uri)?.label.split(' (')[0]?.toLowerCase() ?? 'onbekend';

export function loginPage(view: LoginView): string {
  return layout(
    'Inloggen',
    html`
<p class="intro">${view.clientName} vraagt u in te loggen${view.serviceName ? html` voor <strong>${view.serviceName}</strong>` : ''}.</p>
${view.stepUp ? html`<p class="notice" role="status" id="login-step-up">Deze dienst vraagt inloggen op niveau <strong>${levelName(view.stepUp.required)}</strong>${view.stepUp.reached ? html`; u bent ingelogd op niveau ${levelName(view.stepUp.reached)}` : ''}. Log opnieuw in met een inlogmiddel van dat niveau.</p>` : ''}
${view.error ? html`<p class="error" role="alert" id="login-error">${view.error}</p>` : ''}
${view.upstreams?.length ? upstreamButtons(view.uid, view.csrf, view.upstreams) : ''}
${view.testUsers === false ? '' : html`<form method="post" action="/interaction/${view.uid}/login" class="form" novalidate>
${csrfField(view.csrf)}
<p><label for="username">Gebruikersnaam</label>
<input id="username" name="username" autocomplete="username" required value="${view.username ?? ''}"${view.error ? html` aria-describedby="login-error" autofocus` : ''}></p>
<p><label for="password">Wachtwoord</label>
<input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><label for="level">Niveau van inloggen (testgebruikers)</label>
<select id="level" name="level">${TEST_LEVELS.map((level) => html`<option value="${level.uri}"${level.uri === view.level ? ' selected' : ''}>${level.label}</option>`)}</select></p>
<p><button type="submit">Inloggen</button></p>
</form>`}
<form method="post" action="/interaction/${view.uid}/abort" class="form-secondary">
${csrfField(view.csrf)}
<button type="submit" class="secondary">Annuleren en terug naar ${view.clientName}</button>
</form>`,
  );
}
