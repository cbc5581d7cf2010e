// npm run demo — the demo municipality app on http://localhost:8080 (the redirect URI of the seeded clients).
// Settings: NAMENS_ISSUER (http://localhost:3000), DEMO_PORT (8080), DEMO_CLIENT_ID and DEMO_CLIENT_SECRET
// (demo-gemeente), DEMO_REDIRECT_URI (http://localhost:<port>/callback), DEMO_SERVICE_PROVIDER (gemeente-enschede).
import { createDemoApp } from './app.ts';

const port = Number(process.env.DEMO_PORT ?? 8080);
const app = await createDemoApp({
  issuer: process.env.NAMENS_ISSUER ?? 'http://localhost:3000',
  clientId: process.env.DEMO_CLIENT_ID ?? 'demo-gemeente',
  clientSecret: process.env.DEMO_CLIENT_SECRET ?? 'demo-gemeente-secret',
  redirectUri: process.env.DEMO_REDIRECT_URI ?? `http://localhost:${port}/callback`,
  serviceProviderId: process.env.DEMO_SERVICE_PROVIDER ?? 'gemeente-enschede',
});
const server = app.listen(port, () => console.log(`demo app of Gemeente Enschede on http://localhost:${port} (namens at ${process.env.NAMENS_ISSUER ?? 'http://localhost:3000'})`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
