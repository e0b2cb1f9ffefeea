// After a catalog change in settings, the rest of the app (quick-add, entry editor, week grid)
// must see it at once: the session keeps the organization's active rows.
import type { Brand, Category, DeliverableType, Organization } from '$lib/api/admin';
import { session } from '$lib/state/session.svelte';

const active = <T extends { archivedAt: string | null }>(rows: T[]) => rows.filter((r) => !r.archivedAt);

export function syncCategories(rows: Category[]) {
  session.categories = active(rows);
}

export function syncBrands(rows: Brand[]) {
  session.brands = active(rows);
}

export function syncDeliverableTypes(rows: DeliverableType[]) {
  session.deliverableTypes = active(rows);
}

export function syncOrganization(organization: Organization) {
  session.organization = organization;
}

/** Replaces one row of a list by id (or appends it), keeping the order. */
export function upsert<T extends { id: string }>(rows: T[], row: T): T[] {
  return rows.some((r) => r.id === row.id) ? rows.map((r) => (r.id === row.id ? row : r)) : [...rows, row];
}
