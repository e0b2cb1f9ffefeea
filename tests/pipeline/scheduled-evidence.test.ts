// Scheduled evidence through the real schedule's job (evidence.scheduled) and a real SMTP server: a
// manager schedules the monthly pack for two budget holders; the pass after the month ends mails each
// of them the PDF and a share link in the schedule's language, once even when two workers run it;
// the link opens that month's figures on the app; one click takes a recipient off the list; a send the
// SMTP server refused is logged as failed and sent by the next pass.
import { createMailer, type MailDeps } from '@proofwork/app';
import { createRegistry, PROCESSORS, type ProcessorContext, SCHEDULES, silentLog } from '@proofwork/workers';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../api/time-entries.fixtures';
import { buildTestApp } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createOrganization } from '../support/factories';
import { anonymous, ORIGIN, signIn } from '../support/http';
import { startSmtp, type TestSmtp } from '../support/smtp';

let smtp: TestSmtp;
let tdb: TestDatabase;
let mail: MailDeps;
const clock = manualClock('2026-11-20T12:00:00Z');
const registry = createRegistry(PROCESSORS);
const schedule = SCHEDULES.find((s) => s.name === 'evidence.scheduled')!;
const context = (mailDeps: MailDeps = mail): ProcessorContext => ({
  db: tdb.db,
  clock,
  log: silentLog,
  mail: mailDeps,
});
const pass = (mailDeps?: MailDeps) => registry.run(context(mailDeps), schedule.name, schedule.payload);

beforeAll(async () => {
  smtp = await startSmtp();
  tdb = await createTestDatabase();
  mail = {
    mailer: createMailer({ smtpUrl: smtp.url, from: 'Proofwork <no-reply@test.example>', mailDir: '' }),
    publicUrl: ORIGIN,
  };
});
afterAll(async () => {
  mail?.mailer.close();
  await tdb?.drop();
  await smtp?.close();
});

async function logDay(organizationId: string, memberId: string, localDate: string, seconds: number) {
  await tdb.db.execute(sql`
    insert into time_entries (id, organization_id, member_id, category_id, duration_seconds, local_date, week_start, source)
    select gen_random_uuid(), ${organizationId}, ${memberId}, c.id, ${seconds}, ${localDate}::date,
      (${localDate}::date - (extract(isodow from ${localDate}::date)::int - 1))::date, 'manual'
    from categories c where c.organization_id = ${organizationId} limit 1`);
  // The figures read the weekly rollups: the job the write path would have queued.
  const [week] = await tdb.db.execute<{ w: string }>(
    sql`select to_char(${localDate}::date - (extract(isodow from ${localDate}::date)::int - 1), 'YYYY-MM-DD') as w`,
  );
  await registry.run(context(), 'rollup.member-week', { organizationId, memberId, weekStart: week!.w });
}

describe('scheduled evidence', () => {
  it('mails the finished month’s pack with a working share link, once, in French; one click unsubscribes', async () => {
    const { organization, owner, ownerMember } = await createOrganization(tdb.db, { name: 'Agence Lumen' });
    await tdb.db.execute(sql`update members set created_at = '2026-01-01T00:00:00Z' where id = ${ownerMember.id}`);
    for (const day of ['2026-11-03', '2026-11-04', '2026-11-17'])
      await logDay(organization.id, ownerMember.id, day, 7200);
    await logDay(organization.id, ownerMember.id, '2026-12-01', 3600); // outside the pack's month
    const app = await buildTestApp({ db: tdb.db, clock });
    try {
      const session = await signIn(app, owner.email);
      const base = `/api/v1/organizations/${organization.id}/evidence-schedules`;
      const bad = await session.post(base, {
        cadence: 'monthly',
        recipients: ['a@b.example', 'not an address'],
        locale: 'fr',
      });
      expect(bad.statusCode).toBe(400);
      expect(JSON.stringify(bad.json().details)).toContain('recipients/1');
      const tooMany = Array.from({ length: 21 }, (_, i) => `p${i}@client.example`);
      expect((await session.post(base, { cadence: 'monthly', recipients: tooMany, locale: 'fr' })).statusCode).toBe(
        400,
      );
      const created = await session.post(base, {
        cadence: 'monthly',
        recipients: ['Budget@Client.example', 'cfo@client.example'],
        locale: 'fr',
      });
      expect(created.statusCode).toBe(201);
      const scheduleId = created.json().id as string;
      expect(created.json().recipients).toEqual(['budget@client.example', 'cfo@client.example']);

      // The first morning of December in Paris: November has finished.
      clock.set('2026-12-01T06:00:00Z');
      const before = smtp.messages.length;
      // Two workers at once: each recipient still gets one mail.
      await Promise.all([pass(), pass()]);
      await pass();
      const received = smtp.messages.slice(before);
      expect(received.map((m) => m.to).sort()).toEqual(['budget@client.example', 'cfo@client.example']);

      const m = smtp.to('budget@client.example')[0]!;
      expect(m.subject).toBe('Agence Lumen : preuves de charge de travail, 1 novembre 2026 – 30 novembre 2026');
      expect(m.headers.get('content-language')).toBe('fr');
      const pdf = m.raw.attachments.find((a) => a.contentType === 'application/pdf');
      expect(pdf?.filename).toBe('proofwork-evidence-2026-11-01-2026-11-30.pdf');
      expect(pdf!.content.subarray(0, 5).toString()).toBe('%PDF-');
      const shareUrl = m.links.find((l) => l.startsWith(`${ORIGIN}/share/`))!;
      expect(shareUrl).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);
      expect(m.html).toContain(shareUrl);

      // The link opens November's figures on the app, without a session and without a name.
      const token = shareUrl.split('/share/')[1]!;
      const shared = await anonymous(app).get(`/api/v1/share/${token}`);
      expect(shared.statusCode).toBe(200);
      expect(shared.json().period).toMatchObject({ from: '2026-11-01', to: '2026-11-30' });
      // Evidence covers the whole weeks of the month (the house rule): 26 October → 6 December.
      const weeks = shared.json().weeks as { weekStart: string; loggedSeconds: number }[];
      expect(weeks[0]!.weekStart).toBe('2026-10-26');
      expect(weeks.find((w) => w.weekStart === '2026-11-02')!.loggedSeconds).toBe(2 * 7200);
      expect(weeks.find((w) => w.weekStart === '2026-11-16')!.loggedSeconds).toBe(7200);
      expect(shared.json().coverage.members[0].member).toBe('Membre 1');
      expect(JSON.stringify(shared.json())).not.toContain(owner.email);
      // Each recipient has their own link.
      const other = smtp.to('cfo@client.example')[0]!.links.find((l) => l.includes('/share/'))!;
      expect(other).not.toBe(shareUrl);

      // The log: one sent row per recipient for 2026-11, with its share link.
      const sends = (await session.get(`${base}/${scheduleId}/sends`)).json().items;
      expect(sends).toHaveLength(2);
      for (const s of sends) expect(s).toMatchObject({ period: '2026-11', status: 'sent', error: null });
      expect(sends.every((s: { shareLinkId: string | null }) => s.shareLinkId)).toBe(true);
      expect((await session.get(base)).json().items[0].lastPeriod).toBe('2026-11');

      // One click (RFC 8058) from the CFO's mail client: off this schedule, nothing else.
      const cfo = smtp.to('cfo@client.example')[0]!;
      expect(cfo.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      const oneClick = /^<(.+)>$/.exec(cfo.header('list-unsubscribe') ?? '')![1]!;
      const path = new URL(oneClick).pathname;
      expect((await anonymous(app).get(path)).json()).toMatchObject({
        kind: 'scheduled_evidence',
        organizationName: 'Agence Lumen',
        enabled: true,
        locale: 'fr',
      });
      const clicked = await app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
      expect(clicked.statusCode).toBe(200);
      expect(clicked.json()).toMatchObject({ kind: 'scheduled_evidence', enabled: false });
      expect((await session.get(base)).json().items[0].recipients).toEqual(['budget@client.example']);

      // December's pack reaches the budget holder only; a paused schedule sends nothing.
      clock.set('2027-01-01T06:00:00Z');
      const beforeJanuary = smtp.messages.length;
      await pass();
      expect(smtp.messages.slice(beforeJanuary).map((x) => x.to)).toEqual(['budget@client.example']);
      expect(smtp.messages.at(-1)!.subject).toContain('1 décembre 2026 – 31 décembre 2026');
      expect((await session.patch(`${base}/${scheduleId}`, { active: false })).statusCode).toBe(200);
      clock.set('2027-02-01T06:00:00Z');
      const beforeFebruary = smtp.messages.length;
      await pass();
      expect(smtp.messages.length).toBe(beforeFebruary);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('a quarterly pack covers the finished quarter in the organization’s zone, in English', async () => {
    const { organization, owner } = await createOrganization(tdb.db, { timeZone: 'America/New_York' });
    const app = await buildTestApp({ db: tdb.db, clock });
    try {
      const session = await signIn(app, owner.email);
      const base = `/api/v1/organizations/${organization.id}/evidence-schedules`;
      await session.post(base, { cadence: 'quarterly', recipients: ['board@client.example'], locale: 'en' });
      // 1 October 02:00 UTC is still 30 September in New York: Q2 is the finished quarter.
      clock.set('2026-10-01T02:00:00Z');
      const before = smtp.messages.length;
      await pass();
      const first = smtp.messages.slice(before).find((x) => x.to === 'board@client.example')!;
      expect(first.subject).toContain('1 April 2026 – 30 June 2026');
      clock.set('2026-10-01T12:00:00Z');
      await pass();
      const all = smtp.to('board@client.example').map((x) => x.subject);
      expect(all).toHaveLength(2);
      expect(all[1]).toContain('1 July 2026 – 30 September 2026');
      expect(first.header('content-language')).toBe('en');
    } finally {
      await app.close();
    }
  }, 120_000);

  it('a send the SMTP server did not take is logged as failed and sent by the next pass, once', async () => {
    const { organization, owner } = await createOrganization(tdb.db);
    const app = await buildTestApp({ db: tdb.db, clock });
    const down: MailDeps = {
      mailer: createMailer({ smtpUrl: 'smtp://127.0.0.1:9', from: 'Proofwork <no-reply@test.example>', mailDir: '' }),
      publicUrl: ORIGIN,
    };
    try {
      const session = await signIn(app, owner.email);
      const base = `/api/v1/organizations/${organization.id}/evidence-schedules`;
      const id = (
        await session.post(base, { cadence: 'monthly', recipients: ['late@client.example'], locale: 'en' })
      ).json().id as string;
      clock.set('2026-09-01T06:00:00Z');
      await pass(down);
      const failed = (await session.get(`${base}/${id}/sends`)).json().items;
      expect(failed).toMatchObject([{ period: '2026-08', status: 'failed', recipient: 'late@client.example' }]);
      expect(failed[0].error).toBeTruthy();
      expect((await session.get(base)).json().items[0].lastPeriod).toBeNull();
      await pass();
      await pass();
      expect(smtp.to('late@client.example')).toHaveLength(1);
      expect((await session.get(`${base}/${id}/sends`)).json().items).toMatchObject([
        { period: '2026-08', status: 'sent', error: null },
      ]);
    } finally {
      down.mailer.close();
      await app.close();
    }
  }, 120_000);
});
