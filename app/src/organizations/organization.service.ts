// Organizations: creation with their default catalog, and their work settings (zone, week start,
// contract, schedule, lateness).
import { isValidTimeZone, type Locale, localDateOf, parseClock, slugify, type WorkingSchedule } from '@proofwork/core';
import {
  createOrganizationWithOwner,
  getOrganization,
  isKnownHolidayPlace,
  type OrganizationPatch,
  type OrganizationRow,
  slugTaken,
  updateOrganization,
} from '@proofwork/db';
import { writePublicHolidays } from '../absences/absence.service';
import { type Actor, twoFactorRequiredFor } from '../actor';
import type { ServiceDeps } from '../context';
import { invalidField, notFound } from '../errors';

export function organizationView(row: OrganizationRow) {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    timeZone: row.timeZone,
    weekStart: row.weekStart,
    defaultLocale: row.defaultLocale,
    defaultWeeklyContractSeconds: row.defaultWeeklyContractSeconds,
    workingSchedule: row.workingSchedule,
    lateAfterDays: row.lateAfterDays,
    twoFactorRequired: row.twoFactorRequired,
    holidayCountry: row.holidayCountry,
    holidayRegion: row.holidayRegion,
    coverageThresholdPercent: row.coverageThresholdPercent,
    createdAt: row.createdAt.toISOString(),
  };
}

export function assertTimeZone(field: string, zone: string | null | undefined) {
  if (zone != null && !isValidTimeZone(zone)) throw invalidField(field, `"${zone}" is not an IANA time zone`);
}

/** Each slot must end after it starts; overnight shifts are two slots. */
export function assertSchedule(field: string, schedule: WorkingSchedule | null | undefined) {
  schedule?.forEach((slot, i) => {
    if (parseClock(slot.end) <= parseClock(slot.start)) throw invalidField(`${field}.${i}.end`, 'must be after start');
  });
}

export interface OrganizationInput {
  name: string;
  timeZone?: string;
  weekStart?: number;
  defaultLocale?: Locale;
  defaultWeeklyContractSeconds?: number;
}

/** A new organization with its creator as owner; the slug is made unique. */
export async function createOrganization({ db }: ServiceDeps, userId: string, input: OrganizationInput) {
  assertTimeZone('timeZone', input.timeZone);
  const values = {
    name: input.name,
    timeZone: input.timeZone ?? 'Europe/Paris',
    weekStart: input.weekStart ?? 1,
    defaultLocale: input.defaultLocale ?? 'en',
    defaultWeeklyContractSeconds: input.defaultWeeklyContractSeconds ?? 35 * 3600,
  };
  const { organization, owner } = await db.transaction(async (tx) => {
    const base = slugify(input.name, { maxLength: 48, fallback: 'organization' });
    let slug = base;
    for (let n = 2; await slugTaken(tx, slug); n++) slug = `${base}-${n}`;
    return createOrganizationWithOwner(tx, { ...values, slug }, userId);
  });
  return { organization: organizationView(organization), memberId: owner.id };
}

export async function getOrganizationView({ db }: ServiceDeps, actor: Actor) {
  const row = await getOrganization(db, actor.organizationId);
  if (!row) throw notFound('Organization');
  return organizationView(row);
}

export async function changeOrganization({ db, clock }: ServiceDeps, actor: Actor, patch: OrganizationPatch) {
  assertTimeZone('timeZone', patch.timeZone);
  // Requiring a second factor the owner making the change does not have would lock them out.
  if (patch.twoFactorRequired && twoFactorRequiredFor(patch.twoFactorRequired, actor.role) && !actor.twoFactorEnabled) {
    throw invalidField('twoFactorRequired', 'enable two-factor authentication on your own account first');
  }
  assertSchedule('workingSchedule', patch.workingSchedule);
  const countryGiven = patch.holidayCountry !== undefined;
  const regionGiven = patch.holidayRegion !== undefined;
  const placeChanged = countryGiven || regionGiven;
  const row = await db.transaction(async (tx) => {
    const before = await getOrganization(tx, actor.organizationId);
    if (!before) throw notFound('Organization');
    // A new country drops the old country's region unless one is given.
    const country = countryGiven ? (patch.holidayCountry ?? null) : before.holidayCountry;
    const region = regionGiven ? (patch.holidayRegion ?? null) : countryGiven ? null : before.holidayRegion;
    if (placeChanged) {
      if (region && !country) throw invalidField('holidayRegion', 'a region needs a country');
      if (country && !isKnownHolidayPlace(country))
        throw invalidField('holidayCountry', `"${country}" is not a known country code`);
      if (country && region && !isKnownHolidayPlace(country, region)) {
        throw invalidField('holidayRegion', `"${region}" is not a region of ${country}`);
      }
    }
    const updated = await updateOrganization(tx, actor.organizationId, {
      ...patch,
      ...(placeChanged ? { holidayCountry: country, holidayRegion: region } : {}),
    });
    if (!updated) throw notFound('Organization');
    if (placeChanged) {
      await writePublicHolidays(
        tx,
        actor.organizationId,
        { country, region, locale: updated.defaultLocale },
        localDateOf(clock.now(), updated.timeZone),
      );
    }
    return updated;
  });
  return organizationView(row);
}
