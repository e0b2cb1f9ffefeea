// Where to go after signing in: only a path of this site, never another origin.
export function safeNext(value: string | null | undefined, fallback = '/week'): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}
