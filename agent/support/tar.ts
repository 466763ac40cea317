// A small POSIX ustar writer (regular files and the folders above them) and
// its gzip, with Node built-ins only: what a support bundle needs, readable by
// any tar (`tar -tzf`, `tar -xzf`). Layout per POSIX pax/ustar: a 512-byte
// header per entry (name, octal mode/size/mtime, checksum, "ustar\0" "00"),
// the data padded to 512 bytes, two zero blocks at the end.
import { gzipSync } from 'node:zlib';

export interface TarEntry {
  /** Path inside the archive, `/`-separated, no leading `/`, no `..`. */
  name: string;
  data: string | Uint8Array;
  /** Default 0o644. */
  mode?: number;
}

const BLOCK = 512;

/** Writes `value` as NUL-terminated octal filling `width` bytes at `at`. */
function octal(h: Buffer, at: number, width: number, value: number): void {
  h.write(value.toString(8).padStart(width - 1, '0') + '\0', at, width, 'ascii');
}

/** name (≤100 bytes) and prefix (≤155) for a path, split at a `/` when longer than 100; null if it cannot fit. */
function splitName(path: string): { name: string; prefix: string } | null {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') return { name, prefix };
  }
  return null;
}

/** One ustar header block. */
function header(path: string, size: number, mode: number, type: '0' | '5', mtime: number): Buffer {
  const parts = splitName(path);
  if (parts === null) throw new Error(`tar: the path ${JSON.stringify(path)} is too long for a ustar header`);
  const h = Buffer.alloc(BLOCK, 0);
  h.write(parts.name, 0, 100, 'utf8');
  octal(h, 100, 8, mode);
  octal(h, 108, 8, 0); // uid
  octal(h, 116, 8, 0); // gid
  octal(h, 124, 12, size);
  octal(h, 136, 12, mtime);
  h.write(' '.repeat(8), 148, 8, 'ascii'); // checksum counted as spaces
  h.write(type, 156, 1, 'ascii');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write('root', 265, 32, 'ascii');
  h.write('wheel', 297, 32, 'ascii');
  h.write(parts.prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return h;
}

/** Refuses paths a tar reader could place outside its folder. */
function checkPath(name: string): void {
  if (name === '' || name.startsWith('/') || name.split('/').some((p) => p === '..' || p === '') || /[\0\n]/.test(name)) {
    throw new Error(`tar: refusing the path ${JSON.stringify(name)} (empty, absolute, with .. or an empty part)`);
  }
}

/** The tar archive (uncompressed) of the entries, each file's folders added before it once. */
export function tar(entries: TarEntry[], mtime: Date = new Date()): Buffer {
  const secs = Math.floor(mtime.getTime() / 1000);
  const out: Buffer[] = [];
  const dirs = new Set<string>();
  for (const e of entries) {
    checkPath(e.name);
    const parts = e.name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const d = `${parts.slice(0, i).join('/')}/`;
      if (dirs.has(d)) continue;
      dirs.add(d);
      out.push(header(d, 0, 0o755, '5', secs));
    }
    const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : Buffer.from(e.data);
    out.push(header(e.name, data.length, e.mode ?? 0o644, '0', secs), data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad > 0) out.push(Buffer.alloc(pad, 0));
  }
  out.push(Buffer.alloc(2 * BLOCK, 0));
  return Buffer.concat(out);
}

/** The gzip-compressed tar archive of the entries (a .tar.gz). */
export function tarGz(entries: TarEntry[], mtime?: Date): Buffer {
  return gzipSync(tar(entries, mtime));
}
