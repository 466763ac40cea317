// IPv4 and IPv6 address text as FreeBSD's libc reads and writes it:
// inet_aton (1 to 4 parts, octal/hex/decimal), inet_ntoa, inet_pton and
// inet_ntop for IPv6 (longest zero run as ::), masks and prefixes, EUI-64
// interface identifiers. Pure functions over numbers and strings.

/** inet_aton(3): `a.b.c.d`, `a.b.c` (c 16 bits), `a.b` (b 24 bits), `a` (32 bits); each part decimal, 0x hex or 0 octal. */
export function inetAton(s: string): number | null {
  const parts = s.split('.');
  if (parts.length > 4 || parts.some((p) => p === '')) return null;
  const vals: number[] = [];
  for (const p of parts) {
    let v: number;
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) v = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) v = parseInt(p, 8);
    else if (/^[1-9][0-9]*$/.test(p)) v = Number(p);
    else return null;
    if (!Number.isFinite(v) || v > 0xffffffff) return null;
    vals.push(v);
  }
  const last = vals[vals.length - 1] as number;
  const head = vals.slice(0, -1);
  if (head.some((v) => v > 0xff)) return null;
  const room = [0xffffffff, 0xffffff, 0xffff, 0xff][head.length] as number;
  if (last > room) return null;
  let n = 0;
  head.forEach((v, i) => (n += v * 2 ** (24 - 8 * i)));
  return (n + last) >>> 0;
}

/** Strict dotted quad (inet_pton AF_INET): exactly four decimal parts 0..255, no leading zeros. */
export function inetPton4(s: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const p = m.slice(1).map(Number);
  if (p.some((x, i) => x > 255 || ((m[i + 1] as string).length > 1 && (m[i + 1] as string).startsWith('0')))) return null;
  return ((p[0] as number) * 2 ** 24 + (p[1] as number) * 2 ** 16 + (p[2] as number) * 2 ** 8 + (p[3] as number)) >>> 0;
}

/** inet_ntoa: dotted quad. */
export function inetNtoa(n: number): string {
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');
}

/** The netmask of a prefix length as a 32-bit number. */
export function maskOf(plen: number): number {
  return plen <= 0 ? 0 : (0xffffffff << (32 - plen)) >>> 0;
}

/** Number of one bits (__bitcount32): how `netmask X` becomes a prefix length. */
export function bitcount(n: number): number {
  let c = 0;
  for (let v = n >>> 0; v; v >>>= 1) c += v & 1;
  return c;
}

/** Is `a` inside `net`/`plen`? */
export function inPrefix(a: number, net: number, plen: number): boolean {
  const m = maskOf(plen);
  return ((a & m) >>> 0) === ((net & m) >>> 0);
}

/** The classful default prefix (in_setdefaultmask_nl: class A /8, B /16, else /24). */
export function classfulPlen(a: number): number {
  if (a >>> 31 === 0) return 8;
  if (a >>> 30 === 2) return 16;
  return 24;
}

/** An IPv6 address as eight 16-bit groups. */
export type In6 = number[];

/** inet_pton(AF_INET6): `::` compression, an embedded dotted quad at the end. */
export function inet6Pton(s: string): In6 | null {
  if (s === '' || /[^0-9a-fA-F:.]/.test(s)) return null;
  const dbl = s.indexOf('::');
  if (dbl !== -1 && s.indexOf('::', dbl + 1) !== -1) return null;
  const side = (t: string): number[] | null => {
    if (t === '') return [];
    const out: number[] = [];
    const groups = t.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] as string;
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = inetPton4(g);
        if (v4 === null) return null;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(parseInt(g, 16));
      else return null;
    }
    return out;
  };
  if (dbl === -1) {
    const all = side(s);
    return all !== null && all.length === 8 ? all : null;
  }
  const left = side(s.slice(0, dbl));
  const right = side(s.slice(dbl + 2));
  if (left === null || right === null || left.length + right.length > 7) return null;
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** inet_ntop(AF_INET6): lowercase, the longest run of two or more zero groups as `::` (first one on a tie). */
export function inet6Ntop(a: In6): string {
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (a[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && a[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) best = -1;
  const hex = (g: number): string => g.toString(16);
  // ::ffff:a.b.c.d and ::a.b.c.d keep the dotted tail.
  if (best === 0 && (bestLen === 6 || (bestLen === 5 && a[5] === 0xffff))) {
    const tail = `${(a[6] as number) >>> 8}.${(a[6] as number) & 0xff}.${(a[7] as number) >>> 8}.${(a[7] as number) & 0xff}`;
    return bestLen === 6 ? `::${tail}` : `::ffff:${tail}`;
  }
  if (best === -1) return a.map(hex).join(':');
  return `${a.slice(0, best).map(hex).join(':')}::${a.slice(best + bestLen).map(hex).join(':')}`;
}

/** The address masked to its prefix. */
export function in6Masked(a: In6, plen: number): In6 {
  return a.map((g, i) => {
    const bits = Math.max(0, Math.min(16, plen - i * 16));
    return bits === 0 ? 0 : g & ((0xffff << (16 - bits)) & 0xffff);
  });
}

/** fe80::/10 */
export const isLinkLocal6 = (a: In6): boolean => ((a[0] as number) & 0xffc0) === 0xfe80;

/** The EUI-64 link-local address of a MAC (universal/local bit flipped, ff:fe in the middle). */
export function linkLocalFromMac(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  const g = [0xfe80, 0, 0, 0, (((b[0] as number) ^ 2) << 8) | (b[1] as number), ((b[2] as number) << 8) | 0xff, 0xfe00 | (b[3] as number), ((b[4] as number) << 8) | (b[5] as number)];
  return inet6Ntop(g);
}
