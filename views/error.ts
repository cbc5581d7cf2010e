import { html } from '../server/http/html.ts';
import { layout } from './layout.ts';

export interface ErrorView {
  title: string;
  message: string;
  code?: string;
}

export function errorPage(view: ErrorView): string {
  return layout(
    view.title,
    html`<p class="error-message">${view.message}</p>
${view.code ? html`<p class="error-code">Foutcode: <code>${view.code}</code></p>` : ''}`,
  );
}
