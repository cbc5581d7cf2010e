// The stylesheets: the NL Design System's CSS straight from its npm packages (never copied into the repo) and our
// one theme file. Read once at start, served with a cache lifetime; the CSP allows styles from 'self' only.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type Router from '@koa/router';
import { createRouter } from '../routing/create_router.ts';

const require = createRequire(import.meta.url);

const FILES: Record<string, string> = {
  '/static/nlds/design-tokens.css': require.resolve('@utrecht/design-tokens/dist/theme.css'),
  '/static/nlds/component-library.css': require.resolve('@utrecht/component-library-css/dist/index.css'),
  '/static/nlds/html.css': require.resolve('@utrecht/component-library-css/dist/html.css'),
  '/static/namens-theme.css': new URL('../../views/static/namens-theme.css', import.meta.url).pathname,
};

export async function staticRouter(): Promise<Router> {
  const router = createRouter();
  for (const [path, file] of Object.entries(FILES)) {
    const css = await readFile(file, 'utf8');
    router.get(path, (ctx) => {
      ctx.type = 'text/css';
      ctx.set('Cache-Control', 'public, max-age=3600');
      ctx.body = css;
    });
  }
  return router;
}
