// Atomic file replacement: write a temporary file in the same folder, fsync
// it, rename it over the target, fsync the folder. A crash at any point leaves
// either the old file or the new one, never a mix; a leftover temporary file
// is named `.NAME.PID.RANDOM.tmp` so nothing mistakes it for data.
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The temporary name for `file` (hidden, `.tmp` suffix, unique per writer). */
export function tempName(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Whether a folder entry is a temporary file of atomicWrite. */
export function isTempName(entry: string): boolean {
  return entry.startsWith('.') && entry.endsWith('.tmp');
}

/** fsync a folder so a rename in it survives a power cut (best effort where folders cannot be opened). */
async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await fh.sync();
  } catch {
    // Some filesystems refuse fsync on a folder (EINVAL); the rename is still atomic.
  } finally {
    await fh.close();
  }
}

/** Replaces `file` with `data` atomically. */
export async function atomicWrite(file: string, data: string, mode = 0o600): Promise<void> {
  const tmp = tempName(file);
  const fh = await open(tmp, 'wx', mode);
  try {
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
  await syncDir(dirname(file));
}
