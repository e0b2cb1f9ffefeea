// Text rules shared by every package: the one way a name becomes a slug or a key.

/** Lower-case ASCII words joined by '-', accents dropped ("Bistrot Léon" → "bistrot-leon"). */
export function slugify(text: string, options: { maxLength?: number; fallback?: string } = {}): string {
  const { maxLength = 40, fallback = 'item' } = options;
  const slug = text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
  return slug || fallback;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A record id as the database writes it (any UUID version, either case). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
