// The outbox of dirty member-weeks. Marks are written in the caller's transaction, next to the
// entry change they describe; a newer write bumps `version` so a running worker can't clear it.
import { sql } from 'drizzle-orm';
import type { Executor } from '../client';
import { dirtyMemberWeeks } from '../schema/index';

export interface MemberWeek {
  organizationId: string;
  memberId: string;
  weekStart: string;
}

export async function markMemberWeeksDirty(db: Executor, weeks: MemberWeek[]): Promise<void> {
  if (weeks.length === 0) return;
  const unique = new Map(weeks.map((w) => [`${w.memberId}:${w.weekStart}`, w]));
  await db
    .insert(dirtyMemberWeeks)
    .values([...unique.values()])
    .onConflictDoUpdate({
      target: [dirtyMemberWeeks.memberId, dirtyMemberWeeks.weekStart],
      set: {
        version: sql`${dirtyMemberWeeks.version} + 1`,
        dirtiedAt: sql`now()`,
        enqueuedAt: sql`null`,
      },
    });
}
