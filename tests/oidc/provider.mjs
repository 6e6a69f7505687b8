// A real OpenID Connect provider for the tests: panva's certified oidc-provider, on a free
// loopback port. Reads its clients and accounts as JSON on standard input, prints
// {"issuer": "http://127.0.0.1:<port>"} on one line once it listens, and runs until killed.
// Sign-in is the library's own development login page (any password, the login names an
// account); consent is skipped, as a council's identity provider does for its own apps.
import http from 'node:http';
import process from 'node:process';

import Provider from 'oidc-provider';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { clients, accounts } = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients,
    cookies: { keys: ['test-only-cookie-key-0123456789abcdef'] },
    // Claims in the ID token, as Entra ID puts email, name and app roles there.
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub', 'roles', 'groups'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    // PKCE on every request, so a client that forgot it fails the tests.
    pkce: { required: () => true },
    async findAccount(ctx, id) {
      const claims = accounts[id];
      if (!claims) return undefined;
      return { accountId: id, async claims() { return { sub: id, ...claims }; } };
    },
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope(ctx.oidc.params.scope);
      await grant.save();
      return grant;
    },
  });
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
