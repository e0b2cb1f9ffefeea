// Export and share-link routes on the demo: bad input names its field, a file is 409 until built,
// the in-process runner builds it after the POST, every format carries the same data-set hash, and
// share links show their own period only, until they expire or are revoked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '@proofwork/db';
import {
  createRegistry,
  type ExportRunner,
  hashOfJsonExport,
  PROCESSORS,
  silentLog,
  startExportRunner,
} from '@proofwork/workers';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, describe, expect, it } from 'vitest';
import { testFolders } from '../support/app';
import { anonymous, ORIGIN, signIn } from '../support/http';
import { FROM, TO, useDemo } from './fixture';

const exportDir = mkdtempSync(path.join(tmpdir(), 'pw-exports-'));
process.env.EXPORT_DIR = exportDir;
const ctx = useDemo();
let runner: ExportRunner | null = null;
const base = () => `/api/v1/organizations/${ctx.orgId}`;

afterAll(async () => {
  await runner?.stop();
  rmSync(exportDir, { recursive: true, force: true });
  // The next file of this worker must not inherit a removed folder.
  delete process.env.EXPORT_DIR;
});

async function startRunner() {
  const registry = createRegistry(PROCESSORS);
  const folders = testFolders();
  const jobCtx = { db: ctx.tdb.db, log: silentLog, clock: { now: () => new Date() }, folders };
  runner = await startExportRunner({
    db: ctx.tdb.db,
    log: silentLog,
    folders,
    run: (p) => registry.run(jobCtx, 'export.build', p),
    pollMs: 200,
  });
}

async function waitDone(id: string) {
  for (let i = 0; i < 200; i++) {
    const row = (await ctx.manager.get(`${base()}/exports/${id}`)).json();
    if (row.status === 'done' || row.status === 'failed') return row;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('export did not finish');
}

const request = (format: string, extra: object = {}) =>
  ctx.manager.post(`${base()}/exports`, { format, from: FROM, to: TO, locale: 'en', ...extra });

describe('export routes', () => {
  it('rejects bad input with the field named, and members', async () => {
    const cases: [object, string][] = [
      [{ format: 'docx' }, 'body.format'],
      [{ from: '2026-11-30', to: '2026-11-01' }, 'body.to'],
      [{ memberIds: ['0190a0a0-0000-7000-8000-000000000000'] }, 'body.memberIds'],
      [{ brandIds: ['0190a0a0-0000-7000-8000-000000000000'] }, 'body.brandIds'],
      [{ locale: 'de' }, 'body.locale'],
    ];
    for (const [extra, field] of cases) {
      const res = await request('csv', extra);
      expect(res.statusCode, field).toBe(400);
      expect(res.json().details[0].field).toBe(field);
    }
    expect(
      (await ctx.cm.post(`${base()}/exports`, { format: 'csv', from: FROM, to: TO, locale: 'en' })).statusCode,
    ).toBe(403);
  });

  it('queues, answers 409 for the file until built, then builds after the POST with the same hash in every format', async () => {
    const ids: Record<string, string> = {};
    for (const format of ['json', 'csv', 'xlsx', 'pdf']) {
      const res = await request(format);
      expect(res.statusCode).toBe(202);
      expect(res.json()).toMatchObject({ status: 'queued', progress: 0, format, sha256: null });
      ids[format] = res.json().id;
    }
    // A retry with the same Idempotency-Key answers the same export.
    const key = { 'idempotency-key': 'export-retry-1' };
    const body = { format: 'csv', from: FROM, to: TO, locale: 'en' };
    const first = await ctx.manager.post(`${base()}/exports`, body, key);
    const retry = await ctx.manager.post(`${base()}/exports`, body, key);
    expect(retry.statusCode).toBe(202);
    expect(retry.json().id).toBe(first.json().id);
    ids.retried = first.json().id;

    const early = await ctx.manager.get(`${base()}/exports/${ids.csv}/file`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toBe('conflict');

    const started = performance.now();
    await startRunner();
    const rows = Object.fromEntries(
      await Promise.all(Object.entries(ids).map(async ([f, id]) => [f, await waitDone(id)])),
    );
    console.log(`4 exports built in ${Math.round(performance.now() - started)} ms`);
    for (const row of Object.values(rows)) expect(row).toMatchObject({ status: 'done', progress: 100, error: null });
    for (const [format, row] of Object.entries(rows) as [
      string,
      { fileSize: number; createdAt: string; finishedAt: string },
    ][])
      console.log(
        `${format}: ${row.fileSize} bytes, ${Date.parse(row.finishedAt) - Date.parse(row.createdAt)} ms from request`,
      );

    const json = await ctx.manager.get(`${base()}/exports/${ids.json}/file`);
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-disposition']).toMatch(
      /^attachment; filename="proofwork-agence-lumen-2026-09-07-2026-11-22\.json"/,
    );
    const parsed = JSON.parse(json.body);
    const sha = hashOfJsonExport(parsed);
    for (const row of Object.values(rows) as { sha256: string }[]) expect(row.sha256).toBe(sha);

    const csv = await ctx.manager.get(`${base()}/exports/${ids.csv}/file`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const records = parse(csv.rawPayload, { bom: true, columns: true }) as { 'Entry id': string }[];
    expect(records.map((r) => r['Entry id'])).toEqual(parsed.entries.map((e: { id: string }) => e.id));

    const pdf = await ctx.manager.get(`${base()}/exports/${ids.pdf}/file`);
    const doc = await getDocument({ data: new Uint8Array(pdf.rawPayload), verbosity: 0 }).promise;
    const lastPage = await (await doc.getPage(doc.numPages)).getTextContent();
    expect(lastPage.items.map((i) => ('str' in i ? i.str : '')).join(' ')).toContain(sha);

    const list = (await ctx.manager.get(`${base()}/exports`)).json().items as { id: string }[];
    expect(list.map((e) => e.id)).toEqual(expect.arrayContaining(Object.values(ids)));
  });
});

describe('a built export', () => {
  it('is named after the organization in ASCII words, accents dropped ("Léon" → leon), and announced to the webhooks', async () => {
    const [org] = await ctx.tdb.db.execute<{ name: string }>(
      sql`select name from organizations where id = ${ctx.orgId}`,
    );
    await ctx.tdb.db.execute(sql`update organizations set name = 'Bistrot Léon & Fils' where id = ${ctx.orgId}`);
    const hook = await ctx.manager.post(`${base()}/webhooks`, {
      url: 'https://hooks.example.com/proofwork',
      events: ['export.done'],
    });
    expect(hook.statusCode).toBe(201);
    try {
      const queued = await request('csv');
      expect(queued.statusCode).toBe(202);
      if (!runner) await startRunner();
      const built = await waitDone(queued.json().id);
      const fileName = 'proofwork-bistrot-leon-fils-2026-09-07-2026-11-22.csv';
      expect(built).toMatchObject({ status: 'done', fileName });
      const file = await ctx.manager.get(`${base()}/exports/${built.id}/file`);
      expect(file.headers['content-disposition']).toContain(`attachment; filename="${fileName}"`);
      // Written in the transaction that marked it done: the event carries the finished export.
      const events = await ctx.tdb.db.execute<{ data: { export: { id: string } } }>(
        sql`select data from domain_events where organization_id = ${ctx.orgId} and type = 'export.done'`,
      );
      expect(events.map((e) => e.data.export)).toEqual([built]);
    } finally {
      await ctx.manager.delete(`${base()}/webhooks/${hook.json().id}`);
      await ctx.tdb.db.execute(sql`update organizations set name = ${org!.name} where id = ${ctx.orgId}`);
    }
  });
});

describe('share links', () => {
  const period = { from: '2026-11-02', to: '2026-11-15' };

  it('shows its own period only, counts views, and stops after revocation', async () => {
    const created = await ctx.manager.post(`${base()}/share-links`, { ...period, locale: 'fr', label: 'Budget 2027' });
    expect(created.statusCode).toBe(201);
    const { token, id, url } = created.json();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url).toContain(`/share/${token}`);
    const [stored] = await ctx.tdb.db.execute<{ token_hash: string }>(
      sql`select token_hash from share_links where id = ${id}`,
    );
    expect(stored!.token_hash).not.toContain(token);

    const res = await anonymous(ctx.app).get(`/api/v1/share/${token}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const snapshot = res.json();
    expect(snapshot.period).toMatchObject({
      from: period.from,
      to: period.to,
      firstWeek: '2026-11-02',
      lastDay: '2026-11-15',
    });
    expect(snapshot.weeks.map((w: { weekStart: string }) => w.weekStart)).toEqual(['2026-11-02', '2026-11-09']);
    // The headline reads the complete member-weeks, as the dashboard's "complete weeks only".
    const team = (
      await ctx.manager.get(`${base()}/dashboards/team?from=${period.from}&to=${period.to}&completeOnly=true`)
    ).json().items as {
      loggedSeconds: number;
    }[];
    expect(snapshot.totals.loggedSeconds).toBe(team.reduce((s, r) => s + r.loggedSeconds, 0));
    expect(snapshot.coverage.thresholdPercent).toBe(80);
    expect(snapshot.coverage.members.every((m: { member: string }) => /^(Member|Membre) \d+$/.test(m.member))).toBe(
      true,
    );
    expect(snapshot.headline.key).toBe('post');
    expect(JSON.stringify(snapshot)).not.toMatch(/Manon|Théo|Yanis|memberId/);

    const listed = (await ctx.manager.get(`${base()}/share-links`))
      .json()
      .items.find((l: { id: string }) => l.id === id);
    expect(listed).toMatchObject({ viewCount: 1, label: 'Budget 2027' });
    expect(listed.token).toBeUndefined();

    expect((await ctx.manager.delete(`${base()}/share-links/${id}`)).statusCode).toBe(200);
    const gone = await anonymous(ctx.app).get(`/api/v1/share/${token}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ error: 'not_found' });
    expect(gone.body).not.toContain('loggedSeconds');
  });

  it('answers 404 for an expired link and for an unknown token', async () => {
    const { token, id } = (
      await ctx.manager.post(`${base()}/share-links`, { ...period, locale: 'en', expiresInDays: 1 })
    ).json();
    expect((await anonymous(ctx.app).get(`/api/v1/share/${token}`)).statusCode).toBe(200);
    await ctx.tdb.db.execute(sql`update share_links set expires_at = now() - interval '1 second' where id = ${id}`);
    const expired = await anonymous(ctx.app).get(`/api/v1/share/${token}`);
    expect(expired.statusCode).toBe(404);
    expect(expired.body).not.toContain('totals');
    expect((await anonymous(ctx.app).get(`/api/v1/share/${'x'.repeat(43)}`)).statusCode).toBe(404);
    expect((await anonymous(ctx.app).get('/api/v1/share/short')).statusCode).toBe(404);
  });

  it('rejects bad input naming the field', async () => {
    const res = await ctx.manager.post(`${base()}/share-links`, { ...period, locale: 'en', expiresInDays: 365 });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('body.expiresInDays');
    expect((await ctx.cm.post(`${base()}/share-links`, { ...period, locale: 'en' })).statusCode).toBe(403);
  });
});

describe('export progress events', () => {
  it('streams the export’s progress up to 100 and done, then ends the stream', async () => {
    // The runner is stopped so the stream is open before the build starts.
    await runner?.stop();
    runner = null;
    const { cookie } = await signIn(ctx.app, 'manager@lumen.example', DEMO_PASSWORD);
    const id = (await request('pdf')).json().id as string;
    if (!ctx.app.server.listening) await ctx.app.listen({ host: '127.0.0.1', port: 0 });
    const address = ctx.app.server.address();
    const port = (address as { port: number }).port;
    const response = await fetch(`http://127.0.0.1:${port}${base()}/exports/${id}/events`, {
      headers: { cookie, origin: ORIGIN },
      signal: AbortSignal.timeout(20_000),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    // The first event is the export as it is now: queued.
    while (!received.includes('event: progress')) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value, { stream: true });
    }
    await startRunner();
    // The server ends the stream once the export is done.
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value, { stream: true });
    }
    const events = [...received.matchAll(/event: progress\ndata: (.*)\n/g)].map(
      (m) => JSON.parse(m[1]!) as { id: string; status: string; progress: number },
    );
    expect(events.every((e) => e.id === id)).toBe(true);
    expect(events[0]).toMatchObject({ status: 'queued', progress: 0 });
    expect(events.at(-1)).toMatchObject({ status: 'done', progress: 100 });
    // Progress in between, never going back.
    const values = events.map((e) => e.progress);
    expect(values.some((v) => v > 0 && v < 100)).toBe(true);
    expect(values).toEqual([...values].sort((a, b) => a - b));
  });

  it('answers 404 before streaming for another organization’s or an unknown export', async () => {
    const res = await ctx.manager.get(`${base()}/exports/0190a0a0-0000-7000-8000-000000000000/events`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/json');
  });
});
