// safeNext keeps ?next= on this site, whatever a crafted link puts in it.
import { describe, expect, it } from 'vitest';
import { safeNext } from './nav';

describe('safeNext', () => {
  it.each([
    ['/week', '/week'],
    ['/invite/AbC_d-123', '/invite/AbC_d-123'],
    ['/team?from=2026-11-02&to=2026-11-15', '/team?from=2026-11-02&to=2026-11-15'],
    ['/settings/members#invite', '/settings/members#invite'],
    ['/a/../b', '/b'],
  ])('keeps the same-site path %j', (value, expected) => {
    expect(safeNext(value)).toBe(expected);
  });

  it.each([
    null,
    undefined,
    '',
    'week',
    'https://evil.com',
    'http:/evil.com',
    'javascript:alert(1)',
    '//evil.com',
    '///evil.com',
    '/\\evil.com',
    '\\\\evil.com',
    '/\t/evil.com',
    '/\n/evil.com',
    '/\r\n/evil.com',
    '\t//evil.com',
    ' //evil.com',
    '/%09/evil.com',
    '/%2F/evil.com',
    '/%2f%2fevil.com',
    '/%5Cevil.com',
    '/%252F%252Fevil.com',
    '/%E0%A4%A',
    '/\u0000/evil.com',
    '/\u007f/evil.com',
  ])('refuses %j (falls back)', (value) => {
    expect(safeNext(value)).toBe('/week');
    expect(safeNext(value, '')).toBe('');
  });

  it('refuses what a browser would read as another origin, for every tab, newline or slash mix', () => {
    const parts = ['/', '\\', '\t', '\n', '%09', '%2F', '%5C'];
    for (const a of parts) {
      for (const b of parts) {
        const value = `/${a}${b}evil.com`;
        const result = safeNext(value);
        // Whatever is kept must load on this site when resolved the way a browser does.
        const cleaned = result.replace(/[\t\n\r]/g, '').replace(/\\/g, '/');
        expect(new URL(cleaned, 'https://proofwork.example').host, JSON.stringify(value)).toBe('proofwork.example');
      }
    }
  });
});
