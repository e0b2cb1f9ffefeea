// Talks to the app like a browser or a script would: session cookies with an Origin, or a Bearer token.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { TEST_PASSWORD } from './factories';

export const ORIGIN = 'http://localhost:3000';

interface Injectable {
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export interface Client {
  request(
    method: InjectOptions['method'],
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

function client(app: Injectable, auth: Record<string, string>): Client {
  const request: Client['request'] = (method, url, payload, headers = {}) =>
    app.inject({
      method,
      url,
      headers: { origin: ORIGIN, ...auth, ...headers },
      ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
    });
  return {
    request,
    get: (url) => request('GET', url),
    post: (url, payload, headers) => request('POST', url, payload ?? {}, headers),
    patch: (url, payload) => request('PATCH', url, payload),
    delete: (url) => request('DELETE', url),
  };
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const raw = res.headers['set-cookie'];
  const cookies = (Array.isArray(raw) ? raw : raw ? [raw] : []).map((c) => c.split(';')[0]!);
  const session = cookies.filter((c) => c.startsWith('proofwork.session_token='));
  if (session.length === 0) throw new Error(`no session cookie in response ${res.statusCode}: ${res.body}`);
  return session.join('; ');
}

export async function signIn(
  app: Injectable,
  email: string,
  password = TEST_PASSWORD,
): Promise<Client & { cookie: string }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    headers: { origin: ORIGIN },
    payload: { email, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in failed for ${email}: ${res.statusCode} ${res.body}`);
  const cookie = sessionCookie(res);
  return { ...client(app, { cookie }), cookie };
}

export function withToken(app: Injectable, token: string): Client {
  return client(app, { authorization: `Bearer ${token}` });
}

export function anonymous(app: Injectable): Client {
  return client(app, {});
}
