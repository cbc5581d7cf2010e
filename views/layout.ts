import { html, type SafeHtml } from './html.ts';
import { LOCALES, switchReturnPath } from './locale.ts';
import { t } from './messages/index.ts';

/**
 * Every page: the NL Design System's CSS (served from the npm packages, see server/http/static_files.ts) with our
 * theme on top, a skip link, the language switch (plain links: no JavaScript needed, also halfway a login) and <h1>.
 */
export function layout(title: string, body: SafeHtml): string {
  const m = t();
  const back = encodeURIComponent(switchReturnPath());
  return html`<!doctype html>
<html lang="${m.lang}" class="utrecht-html">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · namens</title>
<link rel="stylesheet" href="/static/nlds/design-tokens.css">
<link rel="stylesheet" href="/static/nlds/component-library.css">
<link rel="stylesheet" href="/static/nlds/html.css">
<link rel="stylesheet" href="/static/namens-theme.css">
</head>
<body class="utrecht-theme namens-theme">
<a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#main">${m.layout.skipLink}</a>
<header class="utrecht-page-header site-header">
<div class="site-header__inner">
<p class="brand"><span class="brand__name">${m.layout.siteName}</span> <span class="brand__tagline">${m.layout.tagline}</span></p>
<nav class="utrecht-alternate-lang-nav language-switch" aria-label="${m.layout.languageNav}">
${LOCALES.map((locale) =>
  locale === m.lang
    ? html`<span class="language-switch__current" lang="${locale}" aria-current="true">${m.layout.languages[locale]}</span>`
    : html`<a class="utrecht-link" href="/taal/${locale}?terug=${back}" lang="${locale}" hreflang="${locale}">${m.layout.languages[locale]}</a>`,
)}
</nav>
</div>
</header>
<main id="main" class="utrecht-page-content page" tabindex="-1">
<h1 class="utrecht-heading-1">${title}</h1>
${body}
</main>
</body>
</html>`.value;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${token}">`;
}
