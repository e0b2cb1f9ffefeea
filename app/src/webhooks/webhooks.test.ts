// Webhook delivery without a database: which addresses are refused (directly, by name, by
// redirect), what a delivery sends, and a signature a receiver can verify (also across a rotation).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors';
import { postWebhook } from './deliver';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader, verifySignature } from './signature';
import { checkWebhookUrl, isPublicAddress } from './ssrf';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  path: string;
}

let server: Server;
let base: string;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body, path: req.url ?? '' });
      if (req.url === '/fail') res.writeHead(500).end('no');
      else if (req.url === '/redirect')
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('webhook targets', () => {
  it('knows which addresses are public', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '::1',
      'fe80::1',
      'fc00::1',
      '::ffff:10.0.0.1',
      '::ffff:127.0.0.1',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
    for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPublicAddress(address), address).toBe(true);
    }
  });

  it('refuses other schemes, credentials, private addresses and local names, unless the operator allows them', () => {
    const closed = { allowPrivate: false };
    const refused = (url: string) => {
      try {
        checkWebhookUrl(url, closed);
      } catch (error) {
        return error instanceof DomainError ? error.details[0]?.message : String(error);
      }
      return null;
    };
    expect(refused('ftp://example.com/x')).toBe('must be http or https');
    expect(refused('https://user:pw@example.com/x')).toBe('must not carry a user name or password');
    for (const url of ['http://127.0.0.1/x', 'http://10.0.0.8/x', 'http://169.254.169.254/latest', 'http://[::1]/x']) {
      expect(refused(url), url).toBe('points to a private or reserved address');
    }
    expect(refused('http://localhost:8080/x')).toBe('points to a local name');
    expect(refused('http://metadata.google.internal/x')).toBe('points to a local name');
    expect(refused('https://hooks.example.com/proofwork')).toBeNull();
    expect(checkWebhookUrl('http://127.0.0.1/x', { allowPrivate: true }).hostname).toBe('127.0.0.1');
  });
});

describe('a delivery', () => {
  const body = JSON.stringify({ id: 'evt_1', type: 'entry.created', data: {} });
  const headers = (secrets: string[]) => ({
    [SIGNATURE_HEADER]: signatureHeader(secrets, Math.floor(Date.now() / 1000), body),
    [EVENT_ID_HEADER]: 'evt_1',
  });

  it('posts the JSON with a signature the receiver verifies, with either secret during a rotation', async () => {
    const attempt = await postWebhook(`${base}/hook`, body, headers(['new-secret', 'old-secret']), {
      allowPrivate: true,
    });
    expect(attempt).toMatchObject({ ok: true, statusCode: 204, error: null });
    const last = received.at(-1)!;
    expect(last.body).toBe(body);
    expect(last.headers['content-type']).toBe('application/json');
    expect(last.headers[EVENT_ID_HEADER]).toBe('evt_1');
    const signature = String(last.headers[SIGNATURE_HEADER]);
    expect(verifySignature(signature, 'new-secret', last.body)).toBe(true);
    expect(verifySignature(signature, 'old-secret', last.body)).toBe(true);
    expect(verifySignature(signature, 'another-secret', last.body)).toBe(false);
    expect(verifySignature(signature, 'new-secret', `${last.body} `)).toBe(false);
    // An old signature is refused (replay).
    expect(verifySignature(signature, 'new-secret', last.body, { now: Date.now() / 1000 + 3600 })).toBe(false);
  });

  it('counts a 5xx as a failure', async () => {
    expect(await postWebhook(`${base}/fail`, body, headers(['s']), { allowPrivate: true })).toMatchObject({
      ok: false,
      statusCode: 500,
      error: 'HTTP 500',
    });
  });

  it('never follows a redirect (to the cloud metadata address or anywhere)', async () => {
    const before = received.length;
    const attempt = await postWebhook(`${base}/redirect`, body, headers(['s']), { allowPrivate: true });
    expect(attempt).toMatchObject({ ok: false, statusCode: 302 });
    expect(received.length).toBe(before + 1);
  });

  it('refuses to connect to a private address, by literal or by name, without sending anything', async () => {
    const before = received.length;
    const closed = { allowPrivate: false };
    const literal = await postWebhook(`${base}/hook`, body, headers(['s']), closed);
    expect(literal).toMatchObject({ ok: false, statusCode: null });
    expect(literal.error).toMatch(/^refused: 127\.0\.0\.1/);
    const port = new URL(base).port;
    const named = await postWebhook(`http://localhost:${port}/hook`, body, headers(['s']), closed);
    expect(named).toMatchObject({ ok: false, statusCode: null });
    expect(named.error).toMatch(/^refused: localhost resolves to (127\.0\.0\.1|::1)/);
    expect(received.length).toBe(before);
  });
});
