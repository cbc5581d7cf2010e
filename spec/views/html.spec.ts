import assert from 'node:assert/strict';
import { escapeHtml, html, SafeHtml } from '../../views/html.ts';

describe('views: html templates', () => {
  it('escapes every interpolated value, so names and descriptions cannot inject markup', () => {
    const name = `<script>alert("x")</script> & 'quotes' \``;
    const out = html`<p title="${name}">${name}</p>`.value;
    assert.equal(out, `<p title="${escapeHtml(name)}">${escapeHtml(name)}</p>`);
    assert.doesNotMatch(out, /<script>/);
    assert.match(out, /&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &#39;quotes&#39; &#96;/);
  });

  it('keeps nested templates as markup, and renders lists, numbers and empty values', () => {
    const items = ['a<b', 'c'];
    assert.equal(html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>`.value, '<ul><li>a&lt;b</li><li>c</li></ul>');
    assert.equal(html`${0}|${null}|${undefined}|${false}|${new SafeHtml('<br>')}`.value, '0||||<br>');
  });
});
