// Runs inside the page (Chromium), installed by contrast.ts as window.namensContrast. Plain JavaScript on purpose:
// it is sent as text, so no compiler helper may end up in it.
//
// For every control (links, buttons, inputs, selects, summaries) that a person can see, it takes each piece of text
// the control shows (its own text nodes and those of its descendants, or the value of an input) and computes the WCAG
// 2.x contrast ratio of the text colour against the background that is really behind it: the first non-transparent
// background-color walking up from the text's element, with semi-transparent layers composited on top of each other
// (white at the bottom, as the canvas). It reports what it computed, nothing is judged here.
(() => {
  const CONTROLS = 'a[href], button, input:not([type=hidden]):not([type=radio]):not([type=checkbox]), select, textarea, summary';

  function parse(colour) {
    const match = /rgba?\(([^)]+)\)/.exec(colour);
    if (!match) return [0, 0, 0, 0];
    const parts = match[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  }

  // `top` over `bottom` (bottom opaque).
  function over(top, bottom) {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1);
  }

  function luminance(rgb) {
    const [r, g, b] = rgb.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  function ratio(a, b) {
    const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (l1 + 0.05) / (l2 + 0.05);
  }

  function background(element) {
    const layers = [];
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    let result = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) result = over(layers[i], result);
    return result;
  }

  function visible(element) {
    const style = getComputedStyle(element);
    if (style.visibility !== 'visible' || style.display === 'none' || Number(style.opacity) === 0) return false;
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) return false;
    // The visually-hidden pattern (clip to nothing) and elements pushed off the page (a skip link before focus).
    if (style.clip === 'rect(0px, 0px, 0px, 0px)' || style.clipPath === 'inset(50%)') return false;
    if (box.right < 0 || box.bottom < -window.scrollY - 1000 || box.left > document.documentElement.scrollWidth) return false;
    return true;
  }

  function describe(control) {
    const tag = control.tagName.toLowerCase();
    const id = control.id ? `#${control.id}` : '';
    const cls = control.classList.length ? `.${[...control.classList].slice(0, 3).join('.')}` : '';
    const text = (control.value && tag !== 'button' ? control.value : control.textContent || control.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim().slice(0, 40);
    return `<${tag}${id}${cls} "${text}">`;
  }

  function pieces(control) {
    const tag = control.tagName.toLowerCase();
    if (tag === 'input' || tag === 'textarea' || tag === 'select') return [control];
    const out = [];
    const walk = (element) => {
      if (!visible(element)) return;
      if ([...element.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim() !== '')) out.push(element);
      for (const child of element.children) walk(child);
    };
    walk(control);
    return out;
  }

  function measure(control) {
    if (!visible(control)) return [];
    return pieces(control).map((element) => {
      const style = getComputedStyle(element);
      const bg = background(element);
      const fg = over(parse(style.color), bg);
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      // WCAG large text: 18pt (24px), or 14pt (18.66px) bold, needs 3:1; all other text 4.5:1.
      const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      return {
        control: describe(control),
        element: element === control ? '' : element.tagName.toLowerCase(),
        colour: style.color,
        background: `rgb(${bg.slice(0, 3).map(Math.round).join(', ')})`,
        ratio: Math.round(ratio(fg, bg) * 100) / 100,
        needed,
      };
    });
  }

  function controls() {
    return [...document.querySelectorAll(CONTROLS)];
  }

  window.namensContrast = {
    /** Numbers every control (data-contrast) and measures them all as they are now. */
    all() {
      return controls().flatMap((control, i) => {
        control.setAttribute('data-contrast', String(i));
        return measure(control);
      });
    },
    count() {
      return controls().length;
    },
    /** Scrolls control i into view; its centre in viewport coordinates, or null when it is not shown. */
    centre(i) {
      const control = document.querySelector(`[data-contrast="${i}"]`);
      if (!control || !visible(control)) return null;
      control.scrollIntoView({ block: 'center', inline: 'center' });
      const box = control.getBoundingClientRect();
      return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
    },
    one(i) {
      const control = document.querySelector(`[data-contrast="${i}"]`);
      return control ? measure(control) : [];
    },
    /** The focused element measured, with whether it is a control at all. */
    focused() {
      const element = document.activeElement;
      if (!element || element === document.body) return null;
      return { id: element.getAttribute('data-contrast'), measured: element.matches(CONTROLS) ? measure(element) : [] };
    },
    /** Links or buttons inside <main>: the ways on from a page (the language switch is in the header). */
    waysOn() {
      return [...document.querySelectorAll('main a[href], main form button, main form input[type=submit]')].filter(visible).map((element) => element.textContent.replace(/\s+/g, ' ').trim());
    },
  };
})();
