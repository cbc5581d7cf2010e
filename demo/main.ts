// npm run demo — the demo app of a service provider on http://localhost:8080 (the redirect URI of the seeded clients).
// Settings: NAMENS_ISSUER (http://localhost:3000), DEMO_PORT (8080), DEMO_CLIENT_ID and DEMO_CLIENT_SECRET
// (demo-gemeente), DEMO_REDIRECT_URI (http://localhost:<port>/callback), DEMO_SERVICE_PROVIDER (the seeded client's
// provider: gemeente-enschede for demo-gemeente, ziekenhuis-oost for demo-ziekenhuis). On another port than 8080 the
// redirect URI must be registered at namens first (README, "The demo on another port").
import { CLIENTS, PROVIDERS } from '../seeds/personas.ts';
import { createDemoApp } from './app.ts';

const port = Number(process.env.DEMO_PORT ?? 8080);
const clientId = process.env.DEMO_CLIENT_ID ?? 'demo-gemeente';
const seeded = CLIENTS.find((client) => client.clientId === clientId);
const serviceProviderId = process.env.DEMO_SERVICE_PROVIDER ?? seeded?.providerId ?? 'gemeente-enschede';
const providerName = PROVIDERS.find((provider) => provider.id === serviceProviderId)?.name ?? serviceProviderId;
const issuer = process.env.NAMENS_ISSUER ?? 'http://localhost:3000';
const redirectUri = process.env.DEMO_REDIRECT_URI ?? `http://localhost:${port}/callback`;
const app = await createDemoApp({
  issuer,
  clientId,
  clientSecret: process.env.DEMO_CLIENT_SECRET ?? seeded?.secret ?? 'demo-gemeente-secret',
  redirectUri,
  serviceProviderId,
  providerName,
});
const server = app.listen(port, () => {
  console.log(`demo app of ${providerName} on http://localhost:${port} (client ${clientId}, namens at ${issuer})`);
  if (redirectUri !== 'http://localhost:8080/callback') {
    console.log(`  the redirect URI ${redirectUri} must be registered for ${clientId} at namens (README, "The demo on another port")`);
  }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
