// Lock files shared by processes: created with O_EXCL holding "PID TOKEN", so
// exactly one process holds a lock; a lock whose pid is dead is broken
// safely (a second `.break` lock makes sure one process breaks it, and the
// content is re-checked under it so a fresh lock is never removed).
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { open, readFile, stat, unlink } from 'node:fs/promises';

const BREAKER_STALE_MS = 10_000;

/** Is a process with this pid alive? (EPERM means it exists under another user.) */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Content of a lock file, or null if it vanished. */
export async function readLock(lock: string): Promise<{ pid: number; token: string; raw: string } | null> {
  try {
    const raw = await readFile(lock, 'utf8');
    const [pid, token] = raw.trim().split(' ');
    return { pid: Number(pid), token: token ?? '', raw };
  } catch {
    return null;
  }
}

/** Removes a lock whose owner died, unless it changed since it was `seen`. */
async function breakStale(lock: string, seen: string): Promise<void> {
  const breaker = `${lock}.break`;
  let fh;
  try {
    fh = await open(breaker, 'wx');
  } catch {
    // Someone else is breaking it; a breaker left by a crash is removed by age.
    const st = await stat(breaker).catch(() => null);
    if (st && Date.now() - st.mtimeMs > BREAKER_STALE_MS) await unlink(breaker).catch(() => {});
    return;
  }
  try {
    const now = await readLock(lock);
    if (now && now.raw === seen) await unlink(lock).catch(() => {});
  } finally {
    await fh.close();
    await unlink(breaker).catch(() => {});
  }
}

export type LockAttempt = { ok: true; token: string; release: () => Promise<void> } | { ok: false; heldBy: number | null };

/** One attempt at `lock` (breaking it first if its owner is dead); never waits. */
export async function tryLock(lock: string): Promise<LockAttempt> {
  const token = `${process.pid}-${randomBytes(6).toString('hex')}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(lock, 'wx', 0o644);
      await fh.writeFile(`${process.pid} ${token}\n`);
      await fh.close();
      return { ok: true, token, release: () => unlink(lock).catch(() => {}) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`cannot create lock ${lock}: ${(e as Error).message}`);
    }
    const held = await readLock(lock);
    if (!(held && Number.isInteger(held.pid) && held.pid > 0 && !alive(held.pid))) return { ok: false, heldBy: held?.pid ?? null };
    await breakStale(lock, held.raw);
  }
  return { ok: false, heldBy: (await readLock(lock))?.pid ?? null };
}

/**
 * One synchronous attempt at `lock`, for code that cannot await (the emulated
 * wire delivering into another host's state): no stale-lock breaking, the
 * async tryLock of that host's next command does it.
 */
export function tryLockSync(lock: string): { token: string; release: () => void } | null {
  const token = `${process.pid}-${randomBytes(6).toString('hex')}`;
  let fd: number;
  try {
    fd = openSync(lock, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw new Error(`cannot create lock ${lock}: ${(e as Error).message}`);
  }
  try {
    writeSync(fd, `${process.pid} ${token}\n`);
  } finally {
    closeSync(fd);
  }
  return {
    token,
    release: () => {
      try {
        if (readFileSync(lock, 'utf8').split(' ')[1]?.trim() === token) unlinkSync(lock);
      } catch {
        /* already gone */
      }
    },
  };
}
