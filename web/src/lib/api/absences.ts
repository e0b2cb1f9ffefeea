// Calls for days off (absences) and the organization's public holidays.
import { api, ok } from './client';
import type { Body } from './types';

type Org = '/api/v1/organizations/{orgId}';
export type AbsenceList = Body<`${Org}/absences`, 'get'>;
export type Absence = AbsenceList['items'][number];
export type AbsenceKind = Absence['kind'];
export const ABSENCE_KINDS: readonly AbsenceKind[] = ['holiday', 'sick', 'training', 'unpaid', 'other'];

export function listAbsences(orgId: string, query: { from: string; to: string; memberId?: string }) {
  return ok(api.GET('/api/v1/organizations/{orgId}/absences', { params: { path: { orgId }, query } }));
}

export async function recordAbsence(
  orgId: string,
  body: { memberId?: string; from: string; to?: string; kind: AbsenceKind; halfDay?: boolean; note?: string },
): Promise<Absence[]> {
  return (await ok(api.POST('/api/v1/organizations/{orgId}/absences', { params: { path: { orgId } }, body }))).items;
}

export async function removeAbsence(orgId: string, absenceId: string): Promise<void> {
  await ok(
    api.DELETE('/api/v1/organizations/{orgId}/absences/{absenceId}', { params: { path: { orgId, absenceId } } }),
  );
}
