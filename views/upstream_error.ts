import { html } from './html.ts';
import { layout } from './layout.ts';
import { t } from './messages/index.ts';

export interface UpstreamErrorView {
  title: string;
  message: string;
  code: string;
  /** Where the app receives the error; absent when the login can no longer be traced to an app. */
  back: { href: string; clientName: string } | undefined;
}

/** A failed login at an upstream identity provider: what happened, and the way back to the app. */
export function upstreamErrorPage(view: UpstreamErrorView): string {
  const m = t();
  return layout(
    view.title,
    html`<p class="error-message utrecht-alert utrecht-alert--error" role="alert">${view.message}</p>
<p class="error-code">${m.errors.code}: <code class="utrecht-code">${view.code}</code></p>
${view.back ? html`<p><a class="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action" id="back-to-app" href="${view.back.href}">${m.upstream.back(view.back.clientName)}</a></p>` : ''}`,
  );
}
