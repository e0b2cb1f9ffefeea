// A real OpenID Connect provider (the `oidc-provider` package) on loopback, for single sign-on
// tests. Its sign-in page answers by itself for the account the test chose (`signInAs`). The ID
// token can be re-issued, signed with the provider's own key, with a wrong audience or already
// expired (`tamper`), so the relying party's checks of those claims are what is tested.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from 'jose';
import Provider from 'oidc-provider';

export interface IdpAccount {
  sub: string;
  email: string;
  name: string;
}

export type Tamper = 'none' | 'wrong-audience' | 'expired';

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The account the provider's sign-in page accepts for the next sign-in. */
  signInAs(account: IdpAccount): void;
  tamper(mode: Tamper): void;
  /** Follows the provider's pages from the authorization URL to the redirect back (its Location). */
  authorize(authorizationUrl: string): Promise<string>;
  close(): Promise<void>;
}

export async function startIdp(redirectUris: string[]): Promise<TestIdp> {
  const clientId = 'proofwork-test';
  const clientSecret = 'a-test-client-secret-that-is-long-enough';
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  let account: IdpAccount | null = null;
  let tamper: Tamper = 'none';
  const accounts = new Map<string, IdpAccount>();

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [jwk as never] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: (_ctx, id) => {
      const found = accounts.get(id);
      if (!found) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, email: found.email, email_verified: true, name: found.name }),
      };
    },
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ['test-cookie-key'] },
  });

  // Re-issue the ID token with one claim wrong, signed with the provider's key.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path !== '/token' || tamper === 'none' || !ctx.body || typeof ctx.body !== 'object') return;
    const body = ctx.body as { id_token?: string };
    if (!body.id_token) return;
    const claims = decodeJwt(body.id_token);
    const now = Math.floor(Date.now() / 1000);
    if (tamper === 'wrong-audience') claims.aud = 'another-application';
    if (tamper === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
    body.id_token = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).sign(privateKey);
  });

  const handle = provider.callback();
  server.on('request', async (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith('/interaction/')) {
      try {
        const details = await provider.interactionDetails(req, res);
        if (!account) throw new Error('no account chosen for the sign-in');
        accounts.set(account.sub, account);
        const grant = new provider.Grant({ accountId: account.sub, clientId: String(details.params.client_id) });
        grant.addOIDCScope(String(details.params.scope));
        const grantId = await grant.save();
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: account.sub }, consent: { grantId } },
          { mergeWithLastSubmission: false },
        );
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
      return;
    }
    handle(req, res);
  });

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs: (a) => {
      account = a;
    },
    tamper: (mode) => {
      tamper = mode;
    },
    async authorize(authorizationUrl) {
      const jar = new Map<string, string>();
      let url = authorizationUrl;
      for (let hop = 0; hop < 10; hop++) {
        if (!url.startsWith(issuer)) return url;
        const res = await fetch(url, {
          redirect: 'manual',
          headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
        });
        for (const c of res.headers.getSetCookie()) {
          const [pair] = c.split(';');
          const at = pair!.indexOf('=');
          jar.set(pair!.slice(0, at), pair!.slice(at + 1));
        }
        const location = res.headers.get('location');
        if (!location) throw new Error(`the provider stopped at ${url}: ${res.status} ${await res.text()}`);
        url = new URL(location, url).href;
      }
      throw new Error('too many redirects at the provider');
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
