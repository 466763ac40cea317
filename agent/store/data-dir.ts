// Where ngstudio keeps its data: `--data-dir`, else `$XDG_DATA_HOME/ngstudio`
// when XDG_DATA_HOME is set, else `~/.ngstudio`.
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** The data folder for the given option and environment (not created). */
export function dataDirFor(option: string | undefined, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  if (option !== undefined && option !== '') return resolve(option);
  const xdg = env.XDG_DATA_HOME;
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  if (xdg && isAbsolute(xdg)) return join(xdg, 'ngstudio');
  return join(home, '.ngstudio');
}

/** Creates the data folder (private to the user: designs describe the host) and its designs/ folder. */
export async function ensureDataDir(dir: string): Promise<void> {
  await mkdir(join(dir, 'designs'), { recursive: true, mode: 0o700 });
}
