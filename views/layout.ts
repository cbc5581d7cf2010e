import { html, type SafeHtml } from '../server/http/html.ts';

export function layout(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · namens</title>
<link rel="stylesheet" href="/static/namens.css">
</head>
<body>
<header class="site-header"><a class="brand" href="/">namens</a></header>
<main id="main" class="page">
<h1>${title}</h1>
${body}
</main>
</body>
</html>`.value;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="csrf" value="${token}">`;
}
