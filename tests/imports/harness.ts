// What the import tests share: the app on the file's own database, a team (owner, manager and two
// CMs, named "Owner", "Manager", "Cm" and "Other"), uploads through the API, and runs done right
// away by the job's own function (no runner to wait for) unless a test starts the pipeline.
import { executeImport } from '@proofwork/app';
import { schema } from '@proofwork/db';
import { asc, eq, sql } from 'drizzle-orm';
import { beforeAll } from 'vitest';
import { createTeam, manualClock, type People, signInPeople, type Team } from '../api/time-entries.fixtures';
import { testImportDirectory, useTestApp } from '../support/app';
import type { Client } from '../support/http';
import { fileUpload } from '../support/multipart';

/** "Now" for every import test: the fixtures' rows are in the weeks before. */
export const NOW = '2026-11-25T14:00:00.000Z';

export interface ImportTeam extends Team {
  emails: { cm: string; other: string; manager: string };
}

export function useImports() {
  const clock = manualClock(NOW);
  const ctx = useTestApp({ clock });
  const state = {} as { people: People; team: ImportTeam };
  beforeAll(async () => {
    state.people = await signInPeople(ctx.app, ctx.tdb.db);
    state.team = await newTeam();
  });

  async function emailOf(userId: string) {
    const [user] = await ctx.tdb.db.select().from(schema.users).where(eq(schema.users.id, userId));
    return user!.email;
  }

  /** A fresh organization with the same people (so names and e-mails are the same in each). */
  async function newTeam(): Promise<ImportTeam> {
    const team = await createTeam(ctx.tdb.db, state.people);
    return {
      ...team,
      emails: {
        cm: await emailOf(state.people.cm.userId),
        other: await emailOf(state.people.otherCm.userId),
        manager: await emailOf(state.people.manager.userId),
      },
    };
  }

  /** Fills in the team's e-mails in a fixture (`{cm}`, `{other}`, `{manager}`). */
  const fill = (text: string, team = state.team) =>
    text
      .replaceAll('{cm}', team.emails.cm)
      .replaceAll('{other}', team.emails.other)
      .replaceAll('{manager}', team.emails.manager);

  async function upload(content: string | Buffer, options: { name?: string; as?: Client; team?: Team } = {}) {
    const team = options.team ?? state.team;
    const { payload, headers } = fileUpload(options.name ?? 'export.csv', content);
    return (options.as ?? team.manager).request('POST', `${team.base}/imports`, payload, headers);
  }

  /** Uploads (expecting 201), runs with the mapping and returns the finished import. */
  async function importFile(
    content: string | Buffer,
    mapping: object = {},
    options: { team?: Team; as?: Client } = {},
  ) {
    const team = options.team ?? state.team;
    const as = options.as ?? team.manager;
    const uploaded = await upload(content, { team, as });
    if (uploaded.statusCode !== 201) throw new Error(`upload: ${uploaded.statusCode} ${uploaded.body}`);
    return run(uploaded.json().id, mapping, { team, as });
  }

  /** Queues a run and does it now, as the job would. */
  async function run(importId: string, mapping: object = {}, options: { team?: Team; as?: Client } = {}) {
    const team = options.team ?? state.team;
    const queued = await (options.as ?? team.manager).post(`${team.base}/imports/${importId}/run`, mapping);
    if (queued.statusCode !== 202) throw new Error(`run: ${queued.statusCode} ${queued.body}`);
    await executeImport({ db: ctx.tdb.db, clock, directory: testImportDirectory() }, team.organizationId, importId);
    const done = await team.manager.get(`${team.base}/imports/${importId}`);
    return done.json();
  }

  /** The entries an import wrote, in file order. */
  async function entriesOf(importId: string) {
    return ctx.tdb.db
      .select()
      .from(schema.timeEntries)
      .where(eq(schema.timeEntries.importId, importId))
      .orderBy(asc(schema.timeEntries.importRow));
  }

  async function count(table: 'time_entries' | 'imports' | 'time_entry_events', organizationId: string) {
    const [row] = await ctx.tdb.db.execute<{ n: number }>(
      sql`select count(*)::int as n from ${sql.identifier(table)} where organization_id = ${organizationId}`,
    );
    return row!.n;
  }

  return { ctx, clock, state, newTeam, fill, upload, importFile, run, entriesOf, count };
}

/** The category key, brand name and deliverable type key of an entry, read back from the catalog. */
export async function describeEntries(
  db: ReturnType<typeof useImports>['ctx']['tdb']['db'],
  entryIds: string[],
): Promise<
  Map<
    string,
    { category: string; brand: string | null; type: string | null; deliverable: string | null; quantity: number | null }
  >
> {
  if (entryIds.length === 0) return new Map();
  const rows = await db.execute<{
    id: string;
    category: string;
    brand: string | null;
    type: string | null;
    deliverable: string | null;
    quantity: number | null;
  }>(sql`
    select e.id, c.key as category, b.name as brand, t.key as type, d.title as deliverable,
      d.quantity::int as quantity
    from time_entries e join categories c on c.id = e.category_id
    left join brands b on b.id = e.brand_id
    left join deliverables d on d.id = e.deliverable_id
    left join deliverable_types t on t.id = d.deliverable_type_id
    where e.id = any(${`{${entryIds.join(',')}}`}::uuid[])`);
  return new Map(rows.map((r) => [r.id, r]));
}
