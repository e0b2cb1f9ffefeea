import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMailer } from './mailer';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the mailer without SMTP', () => {
  it('writes a private .eml file in a private folder, the folders above it left open to other users', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'pw-mail-'));
    made.push(root);
    const data = path.join(root, 'data');
    const mailDir = path.join(data, 'mail');
    const mailer = createMailer({ from: 'Proofwork <no-reply@test.example>', mailDir });
    const sent = await mailer.send({ to: 'cm@test.example', subject: 'Hello', text: 'Body', html: '<p>Body</p>' });
    mailer.close();
    expect(path.dirname(sent.file!)).toBe(mailDir);
    expect(readFileSync(sent.file!, 'utf8')).toContain('Subject: Hello');
    expect(statSync(sent.file!).mode & 0o777).toBe(0o600);
    expect(statSync(mailDir).mode & 0o777).toBe(0o700);
    // The data folder also holds the embedded PostgreSQL's cluster, run by its own user.
    expect(statSync(data).mode & 0o005).toBe(0o005);
  });
});
