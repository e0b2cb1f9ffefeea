// P7's dataset: one organization of CMs and a Toggl Track detailed export of their last two years
// (the same rows also written as a COPY file of time_entries, the baseline). Deterministic: the
// same seed gives the same files. Descriptions come from a CM's vocabulary, so they repeat the way
// real ones do (a few thousand distinct texts over 100k rows).

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { TZDate } from '@date-fns/tz';
import { addDays, isoWeekdayOf, type LocalDate, weekStartOf } from '@proofwork/core';
import { createOrganizationWithOwner, type Database, schema, seededRandom } from '@proofwork/db';
import { sql } from 'drizzle-orm';

const ZONE = 'Europe/Paris';
const FIRST_DAY = '2024-12-02';
const CLIENTS = ['Boulangerie Martin', 'Bistrot Léon', 'Maison Céleste', 'Northwind', 'Atelier Nova', 'Café Lumière'];
const PROJECTS = ['Social', 'Ads', 'Lancement'];
const ACTIONS = [
  'Montage',
  'Retouche',
  'Rédaction',
  'Modération commentaires',
  'Veille',
  'Reporting',
  'Réunion',
  'Programmation',
  'Brief',
  'Tournage',
  'Design',
  'Community management',
  'Planning éditorial',
  'Réponses DMs',
];
/** A quarter of the rows name a deliverable (as in the main dataset, bench/README.md). */
const OBJECTS = ['reel', 'story', 'carousel', 'post', 'newsletter', 'article', ...Array<string>(18).fill('')];
const PLATFORM_WORDS = ['Instagram', 'Facebook', 'LinkedIn', 'TikTok', ''];
const CAMPAIGNS = ['', '', '', 'soldes', 'rentrée', 'Noël', 'Saint-Valentin', 'printemps', 'été', 'anniversaire'];
const TAGS = ['urgent', 'client', 'interne', 'v2'];

export interface ImportDataset {
  organizationId: string;
  ownerMemberId: string;
  members: { memberId: string; email: string; name: string }[];
  categoryId: string;
  rows: number;
  togglFile: string;
  copyFile: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const clock = (seconds: number) =>
  `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

export async function generateImportDataset(
  db: Database,
  options: { rows: number; members?: number; togglFile: string; copyFile: string; seed?: number },
): Promise<ImportDataset> {
  const random = seededRandom(options.seed ?? 17).next;
  const memberCount = options.members ?? 25;
  const [ownerUser] = await db
    .insert(schema.users)
    .values({ email: 'owner@p7.bench.example', name: 'Owner P7', emailVerified: true })
    .returning();
  const { organization, owner } = await db.transaction((tx) =>
    createOrganizationWithOwner(
      tx,
      {
        name: 'P7 agency',
        slug: 'p7-agency',
        timeZone: ZONE,
        weekStart: 1,
        defaultLocale: 'fr',
        defaultWeeklyContractSeconds: 35 * 3600,
      },
      ownerUser!.id,
    ),
  );
  const users = await db
    .insert(schema.users)
    .values(
      Array.from({ length: memberCount }, (_, i) => ({
        email: `cm${pad(i + 1)}@p7.bench.example`,
        name: `CM ${pad(i + 1)}`,
        emailVerified: true,
      })),
    )
    .returning();
  const members = await db
    .insert(schema.members)
    .values(users.map((u) => ({ organizationId: organization.id, userId: u.id, role: 'member' as const })))
    .returning();
  // Half the clients already are brands (matched by name, accents and case aside); the others are new.
  for (const name of CLIENTS.slice(0, 3)) {
    await db.insert(schema.brands).values({
      organizationId: organization.id,
      name: name.toUpperCase(),
      slug: name
        .normalize('NFD')
        .replace(/\p{Diacritic}/gu, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-'),
    });
  }
  const [category] = await db.execute<{ id: string }>(
    sql`select id from categories where organization_id = ${organization.id} and key = 'admin'`,
  );

  const toggl = createWriteStream(options.togglFile);
  const copy = createWriteStream(options.copyFile);
  const write = async (stream: NodeJS.WritableStream, text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  await write(
    toggl,
    '\uFEFFUser,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags,Amount (EUR)\n',
  );
  const offsets = new Map<string, number>();
  const instant = (day: LocalDate, second: number) => {
    let offset = offsets.get(day);
    if (offset === undefined) {
      const [y, m, d] = day.split('-').map(Number) as [number, number, number];
      offset = -new TZDate(y, m - 1, d, 12, 0, 0, ZONE).getTimezoneOffset();
      offsets.set(day, offset);
    }
    return new Date(Date.parse(`${day}T00:00:00Z`) + (second - offset * 60) * 1000);
  };
  const perDay = 8;
  let rows = 0;
  let n = 0;
  for (let day = FIRST_DAY; rows < options.rows; day = addDays(day, 1)) {
    if (isoWeekdayOf(day) > 5) continue;
    for (const [m, member] of members.entries()) {
      let second = 9 * 3600 + Math.floor(random() * 4) * 900;
      for (let task = 0; task < perDay && rows < options.rows; task++) {
        const minutes = 10 + Math.floor(random() * 6) * 10;
        const start = second;
        const end = start + minutes * 60 + Math.floor(random() * 60);
        second = end + Math.floor(random() * 3) * 300;
        const client = CLIENTS[(m + Math.floor(random() * 2)) % CLIENTS.length]!;
        const project = `${client} ${PROJECTS[Math.floor(random() * PROJECTS.length)]}`;
        const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
        const description = [pick(ACTIONS), pick(OBJECTS), pick(PLATFORM_WORDS), pick(CAMPAIGNS)]
          .filter(Boolean)
          .join(' ');
        const tags = TAGS.filter(() => random() < 0.15).join(', ');
        const billable = random() < 0.7;
        const user = users[m]!;
        await write(
          toggl,
          `${[
            user.name,
            user.email,
            client,
            project,
            '',
            description,
            billable ? 'Yes' : 'No',
            day,
            clock(start),
            day,
            clock(end),
            clock(end - start),
            tags,
            billable ? ((end - start) / 36).toFixed(2) : '',
          ]
            .map(quote)
            .join(',')}\n`,
        );
        n++;
        const startedAt = instant(day, start).toISOString();
        const endedAt = instant(day, end).toISOString();
        const id = `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
        await write(
          copy,
          `${[
            id,
            organization.id,
            member.id,
            category!.id,
            quote(description),
            `"{${tags ? tags.split(', ').join(',') : ''}}"`,
            startedAt,
            endedAt,
            end - start,
            day,
            weekStartOf(day, 1),
            'import',
          ].join(',')}\n`,
        );
        rows++;
      }
    }
  }
  toggl.end();
  copy.end();
  await Promise.all([once(toggl, 'close'), once(copy, 'close')]);
  return {
    organizationId: organization.id,
    ownerMemberId: owner.id,
    members: members.map((m, i) => ({ memberId: m.id, email: users[i]!.email, name: users[i]!.name })),
    categoryId: category!.id,
    rows,
    togglFile: options.togglFile,
    copyFile: options.copyFile,
  };
}
