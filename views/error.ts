import { html } from './html.ts';
import { layout } from './layout.ts';
import { t } from './messages/index.ts';

/** A way on from an error page: a link (to the app, to start again, to Mijn machtigingen). */
export interface WayOn {
  href: string;
  label: string;
}

export interface ErrorView {
  title: string;
  message: string;
  code?: string;
  /** The technical reason (oidc-provider's or namens' own description, in English): shown small, for a helpdesk. */
  detail?: string;
  /** The ways on, best first (shown as buttons); Mijn machtigingen is always offered after them. */
  ways?: WayOn[];
}

/** Every error page ends with a way on: the ways given, then Mijn machtigingen (where a person can always go). */
export function errorPage(view: ErrorView): string {
  const m = t();
  const ways = [...(view.ways ?? []), { href: '/mijn', label: m.errors.toMijn }];
  return layout(
    view.title,
    html`<p class="error-message utrecht-alert utrecht-alert--error">${view.message}</p>
<ul class="ways-on" id="ways-on">
${ways.map(
  (way, i) => html`<li><a class="utrecht-button-link utrecht-button-link--html-a ${i === 0 ? 'utrecht-button-link--primary-action' : 'utrecht-button-link--secondary-action'}" href="${way.href}">${way.label}</a></li>`,
)}
</ul>
${view.code ? html`<p class="error-code">${m.errors.code}: <code class="utrecht-code">${view.code}</code></p>` : ''}
${view.detail ? html`<p class="error-detail">${m.errors.details}: <span lang="en">${view.detail}</span></p>` : ''}`,
  );
}
