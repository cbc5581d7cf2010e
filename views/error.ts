import { html } from './html.ts';
import { layout } from './layout.ts';
import { t } from './messages/index.ts';

export interface ErrorView {
  title: string;
  message: string;
  code?: string;
  /** The technical reason (oidc-provider's or namens' own description, in English): shown small, for a helpdesk. */
  detail?: string;
}

export function errorPage(view: ErrorView): string {
  const m = t();
  return layout(
    view.title,
    html`<p class="error-message utrecht-alert utrecht-alert--error">${view.message}</p>
${view.code ? html`<p class="error-code">${m.errors.code}: <code class="utrecht-code">${view.code}</code></p>` : ''}
${view.detail ? html`<p class="error-detail">${m.errors.details}: <span lang="en">${view.detail}</span></p>` : ''}`,
  );
}
