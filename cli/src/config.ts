// Where the command keeps its settings (address, token, organization) and its offline queue: the
// user's config folder, readable by the user alone (the token is a credential).
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

export interface Settings {
  url: string;
  token: string;
  organizationId: string;
  memberId: string;
}

/** A line typed while Proofwork could not be reached, with the key that makes its resend safe. */
export interface QueuedLine {
  key: string;
  text: string;
  queuedAt: string;
}

export interface State {
  queue: QueuedLine[];
  /** The last entry this terminal created, for `undo`. */
  lastEntryId: string | null;
}

/** PROOFWORK_CONFIG_DIR, else the platform's config folder. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PROOFWORK_CONFIG_DIR) return env.PROOFWORK_CONFIG_DIR;
  if (process.platform === 'win32' && env.APPDATA) return path.join(env.APPDATA, 'proofwork');
  if (process.platform === 'darwin') return path.join(homedir(), 'Library', 'Application Support', 'proofwork');
  return path.join(env.XDG_CONFIG_HOME || path.join(homedir(), '.config'), 'proofwork');
}

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Written whole then renamed, mode 0600 in a 0700 folder: never half a file, never readable by others. */
async function writePrivate(dir: string, name: string, value: unknown) {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const file = path.join(dir, name);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, file);
  await chmod(file, 0o600);
  return file;
}

export class Store {
  constructor(readonly dir: string = configDir()) {}

  get settingsFile() {
    return path.join(this.dir, 'config.json');
  }

  settings() {
    return readJson<Settings>(this.settingsFile);
  }

  saveSettings(settings: Settings) {
    return writePrivate(this.dir, 'config.json', settings);
  }

  async forget() {
    await rm(this.settingsFile, { force: true });
  }

  async state(): Promise<State> {
    return (await readJson<State>(path.join(this.dir, 'state.json'))) ?? { queue: [], lastEntryId: null };
  }

  async saveState(state: State) {
    await writePrivate(this.dir, 'state.json', state);
  }
}
