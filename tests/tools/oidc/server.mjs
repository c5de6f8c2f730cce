// A real OpenID Provider for the sign-in tests: panva/oidc-provider (OpenID Certified), with its development
// interactions (a login form that takes any account name, and a consent form) and one static client, LaiteLaina.
//
//   node server.mjs ACCOUNTS.json
//
// It listens on a free loopback port and prints "listening PORT". The test then starts LaiteLaina with that issuer and
// writes LaiteLaina's base address as one line on stdin: only then is the client's redirect URI known, so only then is
// the provider made; it prints "ready". Until then every request is answered 503. Each further line makes a fresh
// provider (new keys, no sessions) for the next LaiteLaina the tests start, so one process serves a whole fixture.
//
// ACCOUNTS.json maps an account id (the subject, `sub`) to its claims and is read again at every use, so a test changes
// a person's groups between two sign-ins by rewriting the file, as an administrator would in the directory:
//   { "sari": { "name": "Sari Salo", "email": "sari.salo@kunta.example", "groups": ["ll-counsellors"] } }
// Two keys make the ID token of that account faulty in the ways a real provider's can be, for the refusal tests:
//   "idTokenIssuedSecondsAgo": 7200   the token is signed as if the provider's clock were that far behind (so it has expired)
//   "idTokenAudience": "another-app"  the token is made out to another client (a wrong audience)
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import Provider from 'oidc-provider';

const accountsFile = process.argv[2];
if (!accountsFile) {
  console.error('usage: node server.mjs ACCOUNTS.json');
  process.exit(2);
}
const accounts = () => JSON.parse(readFileSync(accountsFile, 'utf8'));

let handle = (req, res) => {
  res.statusCode = 503;
  res.end('the provider is not configured yet');
};
const server = createServer((req, res) => handle(req, res));
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));

createInterface({ input: process.stdin }).on('line', (line) => {
  const app = line.trim().replace(/\/$/, '');
  const provider = new Provider(`http://127.0.0.1:${server.address().port}`, {
    clients: [{
      client_id: 'laitelaina',
      client_secret: 'test-client-secret',
      redirect_uris: [`${app}/signin-oidc`],
      post_logout_redirect_uris: [`${app}/signout-callback-oidc`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      // ASP.NET Core's handler sends the secret in the form body.
      token_endpoint_auth_method: 'client_secret_post',
    }],
    // A flow without a PKCE challenge is refused, so every sign-in that passes shows LaiteLaina sent one.
    pkce: { required: () => true },
    // As Entra ID does, the profile's claims (and the groups) go into the ID token, not only to userinfo.
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'groups', 'roles'],
      email: ['email'],
    },
    findAccount(ctx, sub) {
      const account = accounts()[sub];
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          name: account.name,
          preferred_username: account.preferred_username ?? account.email ?? sub,
          email: account.email,
          groups: account.groups ?? [],
          roles: account.roles ?? [],
        }),
      };
    },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    // Test-only keys: nothing this provider signs is trusted outside the test that started it.
    cookies: { keys: ['laitelaina-test-only'] },
  });

  const { issue } = provider.IdToken.prototype;
  provider.IdToken.prototype.issue = async function issueForTest(options) {
    const account = accounts()[this.available?.sub] ?? {};
    const realNow = Date.now;
    if (options?.use === 'idtoken' && account.idTokenIssuedSecondsAgo) {
      Date.now = () => realNow() - account.idTokenIssuedSecondsAgo * 1000;
    }
    if (options?.use === 'idtoken' && account.idTokenAudience) {
      const client = this.client;
      this.client = new Proxy(client, { get: (target, key) => (key === 'clientId' ? account.idTokenAudience : Reflect.get(target, key)) });
    }
    try {
      return await issue.call(this, options);
    } finally {
      Date.now = realNow;
    }
  };

  handle = provider.callback();
  console.log('ready');
});

process.stdin.on('end', () => process.exit(0));
