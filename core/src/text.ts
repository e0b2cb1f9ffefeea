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
