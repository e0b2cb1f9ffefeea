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
