// Reminders through the real schedule's job (notifications.remind) and a real SMTP server: each
// member's own zone and working days across daylight-saving changes, once per day whoever runs the
// pass, none for a member who logged; every kind of message in English and French, read back with
// its links and its one-click unsubscribe; the managers told once when a webhook is disabled.
import { createMailer, type MailDeps } from '@proofwork/app';
import { schema, upsertNotificationSetting } from '@proofwork/db';
import { createRegistry, PROCESSORS, type ProcessorContext, SCHEDULES, silentLog } from '@proofwork/workers';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../api/time-entries.fixtures';
import { buildTestApp } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { addMember, createOrganization } from '../support/factories';
import { anonymous, ORIGIN, signIn } from '../support/http';
import { type CaughtMail, startSmtp, type TestSmtp } from '../support/smtp';
import { isWebPage } from '../support/web-routes';

let smtp: TestSmtp;
let tdb: TestDatabase;
let mail: MailDeps;
const clock = manualClock('2026-03-06T12:00:00Z');
const registry = createRegistry(PROCESSORS);
const schedule = SCHEDULES.find((s) => s.name === 'notifications.remind')!;

const context = (mailDeps: MailDeps = mail): ProcessorContext => ({
  db: tdb.db,
  clock,
  log: silentLog,
  mail: mailDeps,
  webhooks: { allowPrivate: true },
});
const remind = (ctx = context()) => registry.run(ctx, schedule.name, schedule.payload);

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

/** Members who joined long ago, in a zone, with a language. */
async function person(
  organizationId: string,
  role: 'owner' | 'manager' | 'member',
  opts: { zone?: string; locale?: 'en' | 'fr'; name?: string } = {},
) {
  const { user, member } = await addMember(tdb.db, organizationId, role, opts.name ?? role);
  await tdb.db
    .update(schema.users)
    .set({ locale: opts.locale ?? null })
    .where(eq(schema.users.id, user.id));
  await tdb.db
    .update(schema.members)
    .set({ timeZone: opts.zone ?? null, createdAt: new Date('2026-01-01T00:00:00Z') })
    .where(eq(schema.members.id, member.id));
  return { user, member };
}

async function only(organizationId: string, kinds: string[]) {
  for (const kind of ['nothing_logged', 'timer_running', 'week_unsubmitted', 'manager_digest']) {
    await upsertNotificationSetting(tdb.db, {
      organizationId,
      memberId: null,
      kind,
      enabled: kinds.includes(kind),
      atMinutes: null,
      afterHours: null,
    });
  }
}

async function logDay(organizationId: string, memberId: string, localDate: string) {
  await tdb.db.execute(sql`
    insert into time_entries (id, organization_id, member_id, category_id, duration_seconds, local_date, week_start, source)
    select gen_random_uuid(), ${organizationId}, ${memberId}, c.id, 3600, ${localDate}::date,
      (${localDate}::date - (extract(isodow from ${localDate}::date)::int - 1))::date, 'manual'
    from categories c where c.organization_id = ${organizationId} limit 1`);
}

/**
 * Runs the schedule every quarter of an hour from → to, noting when each message arrived. The
 * reminders here are due at 17:30: one sent a step early (17:15) or late (17:45) shows.
 */
async function drive(from: string, to: string) {
  const arrived: { to: string; subject: string; at: string }[] = [];
  for (let t = new Date(from).getTime(); t <= new Date(to).getTime(); t += 15 * 60_000) {
    clock.set(new Date(t).toISOString());
    const before = smtp.messages.length;
    await remind();
    for (const m of smtp.messages.slice(before))
      arrived.push({ to: m.to, subject: m.subject, at: new Date(t).toISOString() });
  }
  return arrived;
}

describe('the "nothing logged" reminder', () => {
  it('reaches Paris and New York at their own 17:30 on working days only, across both clock changes, once a day', async () => {
    const { organization } = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
    await only(organization.id, ['nothing_logged']);
    const paris = await person(organization.id, 'member', { locale: 'fr', name: 'Camille' });
    const newYork = await person(organization.id, 'member', { zone: 'America/New_York', name: 'Jordan' });
    const logger = await person(organization.id, 'member', { name: 'Sam' });
    for (const day of ['2026-03-06', '2026-03-09', '2026-03-27', '2026-03-30']) {
      await logDay(organization.id, logger.member.id, day);
    }
    // New York moves its clocks on 8 March, Paris on 29 March; both weekends are days off.
    const arrived = [
      ...(await drive('2026-03-06T12:00:00Z', '2026-03-10T03:00:00Z')),
      ...(await drive('2026-03-27T12:00:00Z', '2026-03-31T03:00:00Z')),
    ];
    const at = (email: string) => arrived.filter((m) => m.to === email.toLowerCase()).map((m) => m.at);
    expect(at(paris.user.email)).toEqual([
      '2026-03-06T16:30:00.000Z', // 17:30 CET
      '2026-03-09T16:30:00.000Z',
      '2026-03-27T16:30:00.000Z',
      '2026-03-30T15:30:00.000Z', // 17:30 CEST
    ]);
    expect(at(newYork.user.email)).toEqual([
      '2026-03-06T22:30:00.000Z', // 17:30 EST
      '2026-03-09T21:30:00.000Z', // 17:30 EDT
      '2026-03-27T21:30:00.000Z',
      '2026-03-30T21:30:00.000Z',
    ]);
    expect(at(logger.user.email)).toEqual([]);
    const french = arrived.find((m) => m.to === paris.user.email.toLowerCase())!;
    expect(french.subject).toBe('Rien de saisi pour vendredi 6 mars');
    const english = arrived.find((m) => m.to === newYork.user.email.toLowerCase())!;
    expect(english.subject).toBe('Nothing logged for Friday 6 March');
    // The same notices wait in the app.
    const notices = await tdb.db
      .select()
      .from(schema.notifications)
      .where(eq(schema.notifications.memberId, paris.member.id));
    expect(notices.map((n) => n.dedupeKey).sort()).toEqual(['2026-03-06', '2026-03-09', '2026-03-27', '2026-03-30']);
  }, 240_000);

  it('says nothing on a public holiday or a whole day off, but does on a half-day off', async () => {
    const { organization } = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
    await only(organization.id, ['nothing_logged']);
    const away = await person(organization.id, 'member', { name: 'Away' });
    const half = await person(organization.id, 'member', { name: 'Half' });
    const plain = await person(organization.id, 'member', { name: 'Plain' });
    // Thursday 14 May 2026 is Ascension Day in France; Wednesday 13 May is a working day.
    await tdb.db
      .insert(schema.publicHolidays)
      .values({ organizationId: organization.id, localDate: '2026-05-14', name: 'Ascension' });
    await tdb.db.insert(schema.absences).values([
      { organizationId: organization.id, memberId: away.member.id, localDate: '2026-05-13', kind: 'holiday' },
      {
        organizationId: organization.id,
        memberId: half.member.id,
        localDate: '2026-05-13',
        kind: 'holiday',
        halfDay: true,
      },
    ]);
    const arrived = await drive('2026-05-13T15:00:00Z', '2026-05-14T17:00:00Z');
    const days = (email: string) => arrived.filter((m) => m.to === email.toLowerCase()).map((m) => m.at.slice(0, 10));
    expect(days(away.user.email)).toEqual([]);
    expect(days(half.user.email)).toEqual(['2026-05-13']);
    expect(days(plain.user.email)).toEqual(['2026-05-13']);
  }, 120_000);

  it('two workers running the same pass send one message each', async () => {
    const { organization } = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
    await only(organization.id, ['nothing_logged']);
    const people = [await person(organization.id, 'member'), await person(organization.id, 'member')];
    // Each worker has its own mailer (its own connection to the SMTP server).
    const second: MailDeps = {
      mailer: createMailer({ smtpUrl: smtp.url, from: 'Proofwork <w2@test.example>', mailDir: '' }),
      publicUrl: ORIGIN,
    };
    try {
      clock.set('2026-04-01T16:00:00Z'); // Wednesday 18:00 in Paris
      await Promise.all([remind(context()), remind(context(second)), remind(context()), remind(context(second))]);
      await remind(context(second));
      for (const p of people) expect(smtp.to(p.user.email)).toHaveLength(1);
    } finally {
      second.mailer.close();
    }
  });
});

describe('mail delivery of notices', () => {
  it('a mail the SMTP server did not take is sent by a later pass, once; a day-old one only stays in the app', async () => {
    const { organization } = await createOrganization(tdb.db, { timeZone: 'Europe/Paris' });
    await only(organization.id, ['nothing_logged']);
    const p = await person(organization.id, 'member');
    // Nothing listens on this port: the first pass records the notice but cannot send it.
    const down: MailDeps = {
      mailer: createMailer({ smtpUrl: 'smtp://127.0.0.1:9', from: 'x <x@test.example>', mailDir: '' }),
      publicUrl: ORIGIN,
    };
    clock.set('2026-04-02T16:00:00Z'); // Thursday 18:00 in Paris
    await remind(context(down));
    expect(smtp.to(p.user.email)).toHaveLength(0);
    const [row] = await tdb.db
      .select()
      .from(schema.notifications)
      .where(eq(schema.notifications.memberId, p.member.id));
    expect(row).toMatchObject({ mailStatus: 'pending', mailAttempts: 1 });
    // Right away, even with a working server, it waits; the next pass sends it, once.
    await remind();
    expect(smtp.to(p.user.email)).toHaveLength(0);
    clock.set('2026-04-02T16:05:00Z');
    await remind();
    await remind();
    expect(smtp.to(p.user.email)).toHaveLength(1);
    down.mailer.close();

    // A notice whose mail never left for a day is not mailed late.
    const q = await person(organization.id, 'member');
    clock.set('2026-04-03T16:00:00Z');
    await remind(context(down));
    clock.set('2026-04-04T16:30:00Z'); // Saturday: no new reminder, only the old mail
    await remind();
    expect(smtp.to(q.user.email)).toHaveLength(0);
    const [old] = await tdb.db
      .select()
      .from(schema.notifications)
      .where(eq(schema.notifications.memberId, q.member.id));
    expect(old!.mailStatus).toBe('skipped');
  });
});

describe('every kind of message, in English and French', () => {
  const SUBJECTS: Record<string, Record<'en' | 'fr', RegExp>> = {
    nothing_logged: { en: /^Nothing logged for Monday 7 December$/, fr: /^Rien de saisi pour lundi 7 décembre$/ },
    timer_running: {
      en: /^Your timer has been running for over 4 h$/,
      fr: /^Votre minuteur tourne depuis plus de 4 h$/,
    },
    week_unsubmitted: {
      en: /^Week of Monday 30 November not submitted$/,
      fr: /^Semaine du lundi 30 novembre non soumise$/,
    },
    manager_digest: { en: /: the week of Monday 30 November$/, fr: / : la semaine du lundi 30 novembre$/ },
    webhook_disabled: { en: /^Webhook disabled on /, fr: /^Webhook désactivé sur / },
  };
  const kindOf = (m: CaughtMail, locale: 'en' | 'fr') =>
    Object.keys(SUBJECTS).find((k) => SUBJECTS[k]![locale].test(m.subject));

  it('are read back with their links, and a reminder stops with one click and no session', async () => {
    const { organization, owner } = await createOrganization(tdb.db, {
      timeZone: 'Europe/Paris',
      name: 'Agence Lumen',
    });
    await tdb.db
      .update(schema.members)
      .set({ createdAt: new Date('2026-01-01T00:00:00Z') })
      .where(eq(schema.members.organizationId, organization.id));
    const fr = await person(organization.id, 'manager', { locale: 'fr', name: 'Camille' });
    const en = await person(organization.id, 'manager', { locale: 'en', name: 'Jordan' });
    // Timers started on Friday 4 December at 09:00 in Paris and left running over the weekend.
    for (const p of [fr, en]) {
      await tdb.db.execute(sql`
        insert into time_entries (id, organization_id, member_id, category_id, started_at, local_date, week_start, source)
        select gen_random_uuid(), ${organization.id}, ${p.member.id}, c.id, '2026-12-04T08:00:00Z', '2026-12-04', '2026-11-30', 'timer'
        from categories c where c.organization_id = ${organization.id} limit 1`);
    }
    clock.set('2026-12-07T18:35:00Z'); // Monday 19:35 in Paris: every reminder is due
    await remind();
    // A webhook that has failed for a day, through the webhook job itself.
    const [webhook] = await tdb.db
      .insert(schema.webhooks)
      .values({
        organizationId: organization.id,
        url: 'http://127.0.0.1:9/hooks?key=secret',
        events: ['entry.created'],
        secret: 'whsec_test',
        failingSince: new Date('2026-12-06T12:00:00Z'),
      })
      .returning();
    const eventId = '0193a000-0000-7000-8000-000000000001';
    const [delivery] = await tdb.db
      .insert(schema.webhookDeliveries)
      .values({
        organizationId: organization.id,
        webhookId: webhook!.id,
        eventId,
        eventType: 'entry.created',
        body: '{}',
        nextAttemptAt: new Date('2026-12-07T00:00:00Z'),
      })
      .returning();
    await registry.run(context(), 'webhook.deliver', { organizationId: organization.id, deliveryId: delivery!.id });
    // Delivered once: the same disabling seen again (another worker) adds nothing.
    await registry.run(context(), 'webhook.deliver', { organizationId: organization.id, deliveryId: delivery!.id });

    const app = await buildTestApp({ db: tdb.db, clock });
    try {
      for (const [p, locale] of [
        [fr, 'fr'],
        [en, 'en'],
      ] as const) {
        const received = smtp.to(p.user.email);
        const kinds = received.map((m) => kindOf(m, locale));
        expect(kinds.sort()).toEqual([
          'manager_digest',
          'nothing_logged',
          'timer_running',
          'webhook_disabled',
          'week_unsubmitted',
        ]);
        for (const m of received) {
          const kind = kindOf(m, locale)!;
          expect(m.headers.get('content-language')).toBe(locale);
          const oneClick = /^<(.+)>$/.exec(m.header('list-unsubscribe') ?? '')?.[1];
          for (const link of m.links) {
            expect(link.startsWith(`${ORIGIN}/`), link).toBe(true);
            if (link !== oneClick) expect(isWebPage(link), link).toBe(true);
            expect(m.html).toContain(link.replaceAll('&', '&amp;'));
          }
          if (kind === 'webhook_disabled') {
            expect(oneClick).toBeUndefined();
            expect(m.text).toContain('127.0.0.1:9');
            expect(m.text).not.toContain('key=secret');
            continue;
          }
          expect(oneClick).toMatch(new RegExp(`^${ORIGIN}/api/v1/unsubscribe/[A-Za-z0-9_-]{43}$`));
          expect(m.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
          const page = m.links.find((l) => l.includes('/unsubscribe/'))!;
          expect(page).toBe(oneClick!.replace('/api/v1/', '/'));
        }
        const timer = received.find((m) => kindOf(m, locale) === 'timer_running')!;
        const stop = new URL(timer.links.find((l) => l.includes('stopTimer'))!);
        expect(stop.pathname).toBe('/week');
        // "The time I left": the end of that day's working hours, 18:00 in Paris.
        expect(stop.searchParams.get('at')).toBe('2026-12-04T17:00:00.000Z');
        const digest = received.find((m) => kindOf(m, locale) === 'manager_digest')!;
        expect(digest.text).toContain(locale === 'fr' ? 'Camille' : 'Jordan');
        expect(new URL(digest.links[0]!).pathname).toBe('/team');
      }
      // The owner was told of the webhook once too.
      expect(smtp.to(owner.email).filter((m) => kindOf(m, 'en') === 'webhook_disabled')).toHaveLength(1);

      // One click from the mail client: no session, no Origin, a form body.
      const nothing = smtp.to(fr.user.email).find((m) => kindOf(m, 'fr') === 'nothing_logged')!;
      const oneClick = /^<(.+)>$/.exec(nothing.header('list-unsubscribe') ?? '')![1]!;
      const path = new URL(oneClick).pathname;
      // Opening the page (a GET, as a link scanner would) changes nothing.
      const looked = await anonymous(app).get(path);
      expect(looked.statusCode).toBe(200);
      expect(looked.json()).toMatchObject({
        kind: 'nothing_logged',
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
      expect(clicked.json()).toMatchObject({ kind: 'nothing_logged', enabled: false });
      expect((await anonymous(app).get(path)).json().enabled).toBe(false);
      // A guessed secret opens nothing.
      expect((await anonymous(app).post(`/api/v1/unsubscribe/${'A'.repeat(43)}`, {})).statusCode).toBe(404);
      // Only that kind, only for that member: the next day brings the others' reminders, not this one.
      const session = await signIn(app, fr.user.email);
      const mine = (await session.get(`/api/v1/organizations/${organization.id}/reminders`)).json().items;
      expect(mine.find((s: { kind: string }) => s.kind === 'nothing_logged').enabled).toBe(false);
      expect(mine.find((s: { kind: string }) => s.kind === 'timer_running').enabled).toBe(true);
      const before = { fr: smtp.to(fr.user.email).length, en: smtp.to(en.user.email).length };
      clock.set('2026-12-08T18:35:00Z');
      await remind();
      const subjects = (email: string, from: number) =>
        smtp
          .to(email)
          .slice(from)
          .map((m) => m.subject);
      expect(subjects(fr.user.email, before.fr).filter((t) => t.startsWith('Rien de saisi'))).toEqual([]);
      expect(subjects(en.user.email, before.en)).toContain('Nothing logged for Tuesday 8 December');
    } finally {
      await app.close();
    }
  });
});
