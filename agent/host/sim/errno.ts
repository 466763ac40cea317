// Kernel errors of the emulated host, with FreeBSD's own strerror texts
// (lib/libc/gen/errlst.c; several differ from glibc, e.g. ENXIO, EBUSY).
// Errors are recognised by their `code` brand, not by instanceof, so a
// SimErrno survives crossing module copies (tests, bundles).

/** FreeBSD errno names with their strerror(3) texts. */
export const STRERROR = {
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  ESRCH: 'No such process',
  EIO: 'Input/output error',
  ENXIO: 'Device not configured',
  E2BIG: 'Argument list too long',
  ENOMEM: 'Cannot allocate memory',
  EACCES: 'Permission denied',
  EBUSY: 'Device busy',
  EEXIST: 'File exists',
  ENODEV: 'Operation not supported by device',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EINVAL: 'Invalid argument',
  ENOSPC: 'No space left on device',
  EAGAIN: 'Resource temporarily unavailable',
  EINPROGRESS: 'Operation now in progress',
  EALREADY: 'Operation already in progress',
  EOPNOTSUPP: 'Operation not supported',
  EPFNOSUPPORT: 'Protocol family not supported',
  EAFNOSUPPORT: 'Address family not supported by protocol family',
  EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: "Can't assign requested address",
  ENOBUFS: 'No buffer space available',
  EISCONN: 'Socket is already connected',
  ENOTCONN: 'Socket is not connected',
  ELOOP: 'Too many levels of symbolic links',
  EDEADLK: 'Resource deadlock avoided',
  EPROTOTYPE: 'Protocol wrong type for socket',
  ENOPROTOOPT: 'Protocol not available',
  EPROTONOSUPPORT: 'Protocol not supported',
  EDESTADDRREQ: 'Destination address required',
  ENETDOWN: 'Network is down',
  ENETUNREACH: 'Network is unreachable',
  EHOSTDOWN: 'Host is down',
  EHOSTUNREACH: 'No route to host',
  ENAMETOOLONG: 'File name too long',
  ENOTEMPTY: 'Directory not empty',
  ENOSYS: 'Function not implemented',
  EMFILE: 'Too many open files',
} as const;

export type ErrnoName = keyof typeof STRERROR;

/** An errno raised by the emulated kernel; `message` is FreeBSD's strerror text. */
export class SimErrno extends Error {
  readonly errno: ErrnoName;
  /** Same value as `errno`: the brand shared with Node's errno errors (`err.code`). */
  readonly code: ErrnoName;
  constructor(errno: ErrnoName, detail?: string) {
    super(STRERROR[errno]);
    this.errno = errno;
    this.code = errno;
    // Kept out of enumeration so JSON/inspect output stays small.
    Object.defineProperty(this, 'name', { value: 'SimErrno', enumerable: false });
    if (detail !== undefined) Object.defineProperty(this, 'detail', { value: detail, enumerable: false });
  }
}

/** True for a SimErrno (from any module copy): checks the brand, not the prototype. */
export function isSimErrno(e: unknown): e is SimErrno {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'SimErrno' && typeof (e as { errno?: unknown }).errno === 'string';
}

/** The errno name of a SimErrno or a Node errno error (`ENOENT` from fs), or null. */
export function errnoOf(e: unknown): ErrnoName | null {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code in STRERROR ? (code as ErrnoName) : null;
}

/** FreeBSD's strerror text for an error: known errno → its text, else the error's message. */
export function strerror(e: unknown): string {
  const n = errnoOf(e);
  if (n !== null) return STRERROR[n];
  return e instanceof Error ? e.message : String(e);
}
