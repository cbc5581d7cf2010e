import { html } from '../server/http/html.ts';
import { csrfField, layout } from './layout.ts';

export interface LoginView {
  uid: string;
  csrf: string;
  clientName: string;
  serviceName: string | undefined;
  username?: string;
  error?: string;
}

export function loginPage(view: LoginView): string {
  return layout(
    'Inloggen',
    html`
<p class="intro">${view.clientName} vraagt u in te loggen${view.serviceName ? html` voor <strong>${view.serviceName}</strong>` : ''}.</p>
${view.error ? html`<p class="error" role="alert" id="login-error">${view.error}</p>` : ''}
<form method="post" action="/interaction/${view.uid}/login" class="form" novalidate>
${csrfField(view.csrf)}
<p><label for="username">Gebruikersnaam</label>
<input id="username" name="username" autocomplete="username" required value="${view.username ?? ''}"${view.error ? html` aria-describedby="login-error" autofocus` : ''}></p>
<p><label for="password">Wachtwoord</label>
<input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Inloggen</button></p>
</form>
<form method="post" action="/interaction/${view.uid}/abort" class="form-secondary">
${csrfField(view.csrf)}
<button type="submit" class="secondary">Annuleren en terug naar ${view.clientName}</button>
</form>`,
  );
}
