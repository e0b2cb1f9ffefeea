// Outgoing webhooks end to end: an endpoint added through the API receives each event it listens
// for (entries, weeks, exports, members), signed (and still verifiable across a secret rotation),
// retried after a failure with the same event id, never twice once it succeeded, disabled after a
// day of failures; private targets are refused unless the operator allows them.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { verifySignature } from '@proofwork/app';
import { schema } from '@proofwork/db';
import { type Pipeline, startInProcessPipeline } from '@proofwork/workers';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, manualClock, signInPeople, type Team } from '../api/time-entries.fixtures';
import { buildTestApp, useTestApp } from '../support/app';
import { createUser } from '../support/factories';
import { ORIGIN, signIn } from '../support/http';

interface Hit {
  headers: IncomingMessage['headers'];
  body: string;
}

const clock = manualClock('2026-11-25T10:00:00.000Z');
const ctx = useTestApp({ clock, env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
let t: Team;
let receiver: Server;
let url: string;
const hits: Hit[] = [];
/** What the receiver answers next (then 204). */
let answers: number[] = [];
let pipeline: Pipeline;

// The export the workers build goes to a folder of this file's own.
const exportDir = mkdtempSync(path.join(tmpdir(), 'pw-webhooks-'));
const previousExportDir = process.env.EXPORT_DIR;

beforeAll(async () => {
  process.env.EXPORT_DIR = exportDir;
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      hits.push({ headers: req.headers, body });
      res.writeHead(answers.shift() ?? 204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  t = await createTeam(ctx.tdb.db, await signInPeople(ctx.app, ctx.tdb.db));
  pipeline = await startInProcessPipeline({ db: ctx.tdb.db, clock, pollMs: 50, allowPrivateWebhooks: true });
});

afterAll(async () => {
  await pipeline?.stop();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  rmSync(exportDir, { recursive: true, force: true });
  // The next file of this worker must not inherit a removed folder.
  if (previousExportDir === undefined) delete process.env.EXPORT_DIR;
  else process.env.EXPORT_DIR = previousExportDir;
});

const until = async <T>(read: () => Promise<T> | T, ok: (v: T) => boolean, what: string) => {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

async function addWebhook(events: string[]) {
  const res = await t.manager.post(`${t.base}/webhooks`, { url, events, description: 'test receiver' });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; secret: string; secretStart: string };
}

const deliveries = async (webhookId: string) =>
  (await t.manager.get(`${t.base}/webhooks/${webhookId}/deliveries`)).json().items as {
    eventId: string;
    eventType: string;
    status: string;
    attempts: number;
    lastStatusCode: number | null;
    lastLatencyMs: number | null;
  }[];

const logEntry = (minutes = 30) =>
  t.cm.post(`${t.base}/time-entries`, {
    categoryId: t.category('admin'),
    durationSeconds: minutes * 60,
    localDate: '2026-11-24',
  });

describe('outgoing webhooks', () => {
  it('writes no event at all for an organization without a listening endpoint', async () => {
    expect((await logEntry()).statusCode).toBe(201);
    const [row] = await ctx.tdb.db.execute<{ n: number }>(sql`select count(*)::int as n from domain_events`);
    expect(row!.n).toBe(0);
  });

  it('delivers an event it listens for, signed with the secret shown once', async () => {
    const webhook = await addWebhook(['entry.created', 'week.submitted']);
    expect(webhook.secret).toMatch(/^whsec_/);
    expect(webhook.secretStart).toBe(webhook.secret.slice(0, 10));
    const listed = (await t.manager.get(`${t.base}/webhooks`)).json().items;
    expect(JSON.stringify(listed)).not.toContain(webhook.secret);

    const before = hits.length;
    const entry = (await logEntry(45)).json();
    const hit = (await until(() => hits[before], Boolean, 'the delivery'))!;
    const event = JSON.parse(hit.body);
    expect(event).toMatchObject({
      type: 'entry.created',
      organizationId: t.organizationId,
      data: { action: 'create', entry: { id: entry.id, durationSeconds: 2700 } },
    });
    expect(hit.headers['proofwork-event']).toBe('entry.created');
    expect(hit.headers['proofwork-event-id']).toBe(event.id);
    expect(
      verifySignature(String(hit.headers['proofwork-signature']), webhook.secret, hit.body, {
        now: clock.now().getTime() / 1000,
      }),
    ).toBe(true);
    const log = await until(
      () => deliveries(webhook.id),
      (d) => d[0]?.status === 'succeeded',
      'the log',
    );
    expect(log[0]).toMatchObject({ eventType: 'entry.created', attempts: 1, lastStatusCode: 204 });
    expect(log[0]!.lastLatencyMs).toEqual(expect.any(Number));

    // A week submitted is another event; an entry update is not listened for.
    const patched = await t.cm.patch(`${t.base}/time-entries/${entry.id}`, { note: 'edited' });
    expect(patched.statusCode).toBe(200);
    const submitted = await t.cm.post(`${t.base}/weeks/2026-11-23/submit`, {});
    expect(submitted.statusCode).toBe(200);
    await until(
      () => hits.length,
      (n) => n >= before + 2,
      'the week event',
    );
    await new Promise((r) => setTimeout(r, 300));
    const types = hits.slice(before).map((h) => JSON.parse(h.body).type);
    expect(types).toEqual(['entry.created', 'week.submitted']);
    await t.manager.delete(`${t.base}/webhooks/${webhook.id}`);
  });

  it('retries a failed delivery later with the same event id, and never sends a success twice', async () => {
    const webhook = await addWebhook(['entry.created']);
    answers = [500];
    const before = hits.length;
    await logEntry(20);
    await until(
      () => hits.length,
      (n) => n === before + 1,
      'the first attempt',
    );
    const failed = await until(
      () => deliveries(webhook.id),
      (d) => d[0]?.attempts === 1 && d[0].status === 'pending',
      'the failure in the log',
    );
    expect(failed[0]).toMatchObject({ lastStatusCode: 500 });
    // Not due yet: nothing is sent until the back-off has passed.
    await new Promise((r) => setTimeout(r, 300));
    expect(hits.length).toBe(before + 1);
    clock.set('2026-11-25T10:01:00.000Z');
    await until(
      () => hits.length,
      (n) => n === before + 2,
      'the retry',
    );
    const [first, second] = hits.slice(before);
    expect(second!.headers['proofwork-event-id']).toBe(first!.headers['proofwork-event-id']);
    expect(second!.body).toBe(first!.body);
    await until(
      () => deliveries(webhook.id),
      (d) => d[0]?.status === 'succeeded' && d[0].attempts === 2,
      'the success',
    );
    clock.set('2026-11-25T12:00:00.000Z');
    await new Promise((r) => setTimeout(r, 300));
    expect(hits.length).toBe(before + 2);
    await t.manager.delete(`${t.base}/webhooks/${webhook.id}`);
  });

  it('signs with both secrets for a day after a rotation, and sends a test event on demand', async () => {
    const webhook = await addWebhook(['entry.created']);
    const rotated = (await t.manager.post(`${t.base}/webhooks/${webhook.id}/rotate-secret`, {})).json();
    expect(rotated.secret).not.toBe(webhook.secret);
    const before = hits.length;
    const test = await t.manager.post(`${t.base}/webhooks/${webhook.id}/test`, {});
    expect(test.statusCode).toBe(202);
    const hit = (await until(() => hits[before], Boolean, 'the ping'))!;
    expect(JSON.parse(hit.body).type).toBe('ping');
    const now = { now: clock.now().getTime() / 1000 };
    const signature = String(hit.headers['proofwork-signature']);
    expect(verifySignature(signature, rotated.secret, hit.body, now)).toBe(true);
    expect(verifySignature(signature, webhook.secret, hit.body, now)).toBe(true);
    await t.manager.delete(`${t.base}/webhooks/${webhook.id}`);
  });

  it('disables an endpoint that failed for a whole day, and gives up its deliveries', async () => {
    const webhook = await addWebhook(['entry.created']);
    answers = Array.from({ length: 50 }, () => 503);
    const before = hits.length;
    await logEntry(10);
    await until(
      () => hits.length,
      (n) => n > before,
      'the first attempt',
    );
    const start = clock.now().getTime();
    // The endpoint keeps failing: each retry is due after its back-off; a day later it is disabled.
    const state = async () => {
      const [w] = await ctx.tdb.db.select().from(schema.webhooks).where(eq(schema.webhooks.id, webhook.id));
      const [d] = await ctx.tdb.db
        .select()
        .from(schema.webhookDeliveries)
        .where(eq(schema.webhookDeliveries.webhookId, webhook.id));
      return { enabled: w!.enabled, attempts: d!.attempts };
    };
    // The back-off is at most an hour (+10 % jitter): every 90 minutes one more attempt is due.
    let attempts = (await state()).attempts;
    for (let step = 1; step <= 20; step++) {
      clock.set(new Date(start + step * 90 * 60_000).toISOString());
      const now = await until(state, (s) => !s.enabled || s.attempts > attempts, `the attempt after ${step * 1.5} h`);
      if (!now.enabled) break;
      attempts = now.attempts;
    }
    expect((await state()).enabled).toBe(false);
    const view = (await t.manager.get(`${t.base}/webhooks/${webhook.id}`)).json();
    expect(view).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('HTTP 503') });
    const log = await deliveries(webhook.id);
    expect(log.every((d) => d.status === 'failed')).toBe(true);
    answers = [];
    // Turning it back on clears the failure.
    const again = (await t.manager.patch(`${t.base}/webhooks/${webhook.id}`, { enabled: true })).json();
    expect(again).toMatchObject({ enabled: true, failingSince: null, disabledReason: null });
    await t.manager.delete(`${t.base}/webhooks/${webhook.id}`);
  }, 90_000);

  it('sends the entry, week, export and member events with the ids of what happened', async () => {
    const events = ['entry.updated', 'entry.deleted', 'week.approved', 'week.reopened', 'export.done', 'member.joined'];
    const webhook = await addWebhook(events);
    answers = [];
    const before = hits.length;

    // An entry changed, then deleted (its creation is not listened for).
    const entry = (await logEntry(25)).json();
    expect((await t.cm.patch(`${t.base}/time-entries/${entry.id}`, { note: 'changed' })).statusCode).toBe(200);
    expect((await t.cm.delete(`${t.base}/time-entries/${entry.id}`)).statusCode).toBe(204);
    // A week submitted (not listened for), approved and reopened.
    const week = '2026-11-16';
    expect((await t.cm.post(`${t.base}/weeks/${week}/submit`, {})).statusCode).toBe(200);
    const decide = (action: string) => t.manager.post(`${t.base}/weeks/${week}/${action}?memberId=${t.cmId}`);
    expect((await decide('approve')).statusCode).toBe(200);
    expect((await decide('reopen')).statusCode).toBe(200);
    // An export, built by the workers.
    const queued = await t.manager.post(`${t.base}/exports`, {
      format: 'csv',
      from: '2026-11-16',
      to: '2026-11-22',
      locale: 'en',
    });
    expect(queued.statusCode, queued.body).toBe(202);
    // Someone who accepts an invitation.
    const email = `joiner-${Date.now()}@test.example`;
    const invitation = await t.owner.post(`${t.base}/invitations`, { email, role: 'member' });
    expect(invitation.statusCode).toBe(201);
    const secret = new URL(invitation.json().link).pathname.split('/').pop();
    const invitee = await signIn(ctx.app, (await createUser(ctx.tdb.db, { email })).email);
    const accepted = await invitee.post(`/api/v1/invitations/${secret}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);

    await until(
      () => hits.length,
      (n) => n >= before + events.length,
      'the six events',
    );
    await new Promise((r) => setTimeout(r, 300));
    const received = hits.slice(before).map((hit) => ({ hit, event: JSON.parse(hit.body) }));
    expect(received.map((r) => r.event.type).sort()).toEqual([...events].sort());
    for (const { hit, event } of received) {
      expect(event.organizationId).toBe(t.organizationId);
      expect(hit.headers['proofwork-event']).toBe(event.type);
      expect(hit.headers['proofwork-event-id']).toBe(event.id);
    }
    expect(new Set(received.map((r) => r.event.id)).size).toBe(events.length);
    const data = (type: string) => received.find((r) => r.event.type === type)!.event.data;
    expect(data('entry.updated')).toMatchObject({
      action: 'update',
      actorMemberId: t.cmId,
      entry: { id: entry.id, note: 'changed', deletedAt: null },
    });
    expect(data('entry.deleted')).toMatchObject({
      action: 'delete',
      actorMemberId: t.cmId,
      entry: { id: entry.id, deletedAt: expect.any(String) },
    });
    const decided = { actorMemberId: t.managerId, week: { memberId: t.cmId, weekStart: week } };
    expect(data('week.approved')).toMatchObject({ ...decided, week: { ...decided.week, status: 'approved' } });
    expect(data('week.reopened')).toMatchObject({ ...decided, week: { ...decided.week, status: 'reopened' } });
    expect(data('export.done')).toMatchObject({ export: { id: queued.json().id, format: 'csv' } });
    expect(data('member.joined')).toEqual({
      member: { id: accepted.json().memberId, role: 'member', invitationId: invitation.json().id },
    });
    await t.manager.delete(`${t.base}/webhooks/${webhook.id}`);
  });
});

describe('where a webhook may be sent', () => {
  it('refuses loopback, private and metadata addresses unless the operator allows them', async () => {
    const strict = await buildTestApp({ db: ctx.tdb.db, clock });
    try {
      for (const target of [
        'http://127.0.0.1:8080/x',
        'http://10.0.0.5/x',
        'http://169.254.169.254/latest/meta-data',
      ]) {
        const res = await strict.inject({
          method: 'POST',
          url: `${t.base}/webhooks`,
          headers: { cookie: (t.manager as unknown as { cookie: string }).cookie, origin: ORIGIN },
          payload: { url: target, events: ['entry.created'] },
        });
        expect(res.statusCode, target).toBe(400);
        expect(res.json().details[0]).toMatchObject({
          field: 'body.url',
          message: 'points to a private or reserved address',
        });
      }
    } finally {
      await strict.close();
    }
  });
});
