// Where to go after signing in: only a path of this site, never another origin.

/** A stand-in origin: what matters is whether a value resolved against it stays on it. */
const HERE = 'https://proofwork.invalid';

/**
 * Browsers drop tabs and line breaks inside a URL and read `\` as `/`, so `/\t/evil.com` and
 * `/\evil.com` load `//evil.com`, another site. Anything such, at any level of percent-decoding,
 * is refused rather than cleaned.
 */
function suspicious(value: string): boolean {
  let current = value;
  for (let i = 0; i < 3; i++) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
    if (/[\u0000-\u001f\u007f\\]/.test(current) || current.startsWith('//')) return true;
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return true;
    }
    if (decoded === current) return false;
    current = decoded;
  }
  return true;
}

export function safeNext(value: string | null | undefined, fallback = '/week'): string {
  if (!value?.startsWith('/') || suspicious(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, HERE);
  } catch {
    return fallback;
  }
  if (url.origin !== HERE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('/') && !path.startsWith('//') ? path : fallback;
}
