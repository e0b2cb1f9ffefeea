// OpenID Connect discovery for an organization's connection, done once when a manager saves it
// (never at sign-in): the issuer's /.well-known/openid-configuration read through the same address
// guard as webhooks (public addresses only, unless the operator lists the issuer's origin as an
// internal identity provider), no redirects, a bounded wait and a bounded read.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { invalidField } from '../errors';
import { guardedLookup, isPublicAddress } from '../webhooks/ssrf';

const TIMEOUT_MS = 5_000;
const MAX_BYTES = 256 * 1024;

export interface DiscoveredEndpoints {
  discoveryEndpoint: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksEndpoint: string;
  userInfoEndpoint?: string;
  tokenEndpointAuthentication: 'client_secret_basic' | 'client_secret_post';
}

export interface IssuerPolicy {
  /** Origins of internal identity providers the operator allows on private addresses. */
  trustedOrigins: readonly string[];
}

/** The issuer as a URL: https (or an origin the operator trusts), no credentials, no query. */
export function checkIssuer(raw: string, policy: IssuerPolicy, field = 'issuer'): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidField(field, 'is not a URL');
  }
  const trusted = policy.trustedOrigins.includes(url.origin);
  if (url.protocol !== 'https:' && !(trusted && url.protocol === 'http:')) throw invalidField(field, 'must be https');
  if (url.username || url.password) throw invalidField(field, 'must not carry a user name or password');
  if (url.search || url.hash) throw invalidField(field, 'must not carry a query or a fragment');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!trusted) {
    if (isIP(host) && !isPublicAddress(host)) throw invalidField(field, 'points to a private or reserved address');
    if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || !host.includes('.')) {
      throw invalidField(field, 'points to a local name');
    }
  }
  return url;
}

function getJson(url: URL, allowPrivate: boolean): Promise<unknown> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'GET',
        headers: { accept: 'application/json', 'user-agent': 'Proofwork-SSO/1' },
        lookup: guardedLookup({ allowPrivate }) as never,
        timeout: TIMEOUT_MS,
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`answered HTTP ${res.statusCode}`));
          return;
        }
        const chunks: Buffer[] = [];
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_BYTES) {
            res.destroy();
            reject(new Error('answered more than 256 KiB'));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch {
            reject(new Error('answered something that is not JSON'));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => {
      req.destroy();
      reject(new Error(`did not answer within ${TIMEOUT_MS / 1000} s`));
    });
    req.on('error', (error) => reject(new Error(error.message)));
    req.end();
  });
}

const trimSlash = (s: string) => s.replace(/\/+$/, '');

/** Reads the issuer's discovery document; a problem is a 400 naming `issuer`. */
export async function discoverIssuer(
  issuer: URL,
  policy: IssuerPolicy,
  field = 'issuer',
): Promise<DiscoveredEndpoints> {
  const allowPrivate = policy.trustedOrigins.includes(issuer.origin);
  const discoveryEndpoint = `${trimSlash(issuer.href)}/.well-known/openid-configuration`;
  let doc: Record<string, unknown>;
  try {
    const body = await getJson(new URL(discoveryEndpoint), allowPrivate);
    if (!body || typeof body !== 'object') throw new Error('answered something that is not a discovery document');
    doc = body as Record<string, unknown>;
  } catch (error) {
    throw invalidField(field, `discovery failed: ${discoveryEndpoint} ${(error as Error).message}`);
  }
  if (typeof doc.issuer !== 'string' || trimSlash(doc.issuer) !== trimSlash(issuer.href)) {
    throw invalidField(field, `the provider calls itself "${String(doc.issuer)}": use that issuer`);
  }
  const endpoint = (name: string, required: boolean) => {
    const value = doc[name];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string') throw invalidField(field, `the discovery document has no ${name}`);
    const url = checkIssuer(value, policy, field);
    return url.href;
  };
  const methods = Array.isArray(doc.token_endpoint_auth_methods_supported)
    ? (doc.token_endpoint_auth_methods_supported as unknown[])
    : ['client_secret_basic'];
  const tokenEndpointAuthentication = methods.includes('client_secret_basic')
    ? 'client_secret_basic'
    : methods.includes('client_secret_post')
      ? 'client_secret_post'
      : null;
  if (!tokenEndpointAuthentication) {
    throw invalidField(field, 'the provider accepts neither client_secret_basic nor client_secret_post');
  }
  return {
    discoveryEndpoint,
    authorizationEndpoint: endpoint('authorization_endpoint', true)!,
    tokenEndpoint: endpoint('token_endpoint', true)!,
    jwksEndpoint: endpoint('jwks_uri', true)!,
    userInfoEndpoint: endpoint('userinfo_endpoint', false),
    tokenEndpointAuthentication,
  };
}
