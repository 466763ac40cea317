// FreeBSD naming rules (facts.md §2, §5.1, design.md Security): validators that
// return null for a good name or a reason in words, and the netgraph address grammar.
// Where FreeBSD accepts more than is safe (any byte but `.`/`:` in a node name),
// these rules are stricter on purpose: names end up in ngctl scripts (no quoting,
// facts §1.3), sh scripts and jail.conf, so only plain characters are allowed.

/** NG_NODESIZ/NG_HOOKSIZ/NG_TYPESIZ are 32 bytes including the NUL (ng_message.h). */
export const NG_NAME_MAX = 31;
/** IFNAMSIZ is 16 including the NUL (net/if.h). */
export const IF_NAME_MAX = 15;
/** NG_PATHSIZ is 512 including the NUL. */
export const NG_PATH_MAX = 511;
/** Jail names live in a MAXHOSTNAMELEN (256) buffer in the kernel (kern_jail.c). */
export const JAIL_NAME_MAX = 255;

function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (c === ' ') return 'a space';
  if (code < 0x20 || code === 0x7f) return `a control character (0x${code.toString(16).padStart(2, '0')})`;
  if (code > 0x7e) return `a non-ASCII character '${c}'`;
  return `'${c}'`;
}

/** The first character of `s` outside `allowed`, described in words, or null. */
function badChar(s: string, allowed: RegExp): string | null {
  for (const c of s) if (!allowed.test(c)) return describeChar(c);
  return null;
}

function lengthProblem(what: string, s: string, max: number): string | null {
  if (s.length === 0) return `${what} is empty`;
  if (s.length > max) return `${what} '${s.slice(0, 40)}' is ${s.length} characters long; FreeBSD allows at most ${max}`;
  return null;
}

/**
 * Node names: 1..31 chars; the kernel refuses `.`, `:` and the ID form `[hex]`
 * (ng_name_node); `[`/`]`/whitespace are refused too because they break paths and
 * scripts. Accepted: ASCII letters, digits, `_` and `-` (what jng, jib, ngbuddy use).
 */
export function validateNodeName(name: string): string | null {
  const len = lengthProblem('node name', name, NG_NAME_MAX);
  if (len) return len;
  if (/^\[[0-9a-fA-F]*\]$/.test(name)) return `node name '${name}' looks like a node ID address`;
  const bad = badChar(name, /[A-Za-z0-9_-]/);
  if (bad) return `node name '${name}' contains ${bad}; use letters, digits, '_' and '-'`;
  return null;
}

/**
 * Hook names: 1..31 chars, no `.` (path separator), `:` or whitespace (netgraph(4)).
 * `/` is allowed because ng_ksocket hooks are named `inet/stream/tcp`.
 */
export function validateHookName(hook: string): string | null {
  const len = lengthProblem('hook name', hook, NG_NAME_MAX);
  if (len) return len;
  const bad = badChar(hook, /[A-Za-z0-9_/-]/);
  if (bad) return `hook name '${hook}' contains ${bad}; use letters, digits, '_', '-' and '/'`;
  return null;
}

/** Node type names (`bridge`, `eiface`, `one2many`): 1..31 chars, lowercase letters, digits, `_`. */
export function validateTypeName(type: string): string | null {
  const len = lengthProblem('node type', type, NG_NAME_MAX);
  if (len) return len;
  const bad = badChar(type, /[a-z0-9_]/);
  if (bad) return `node type '${type}' contains ${bad}; type names are lowercase letters, digits and '_'`;
  return null;
}

/**
 * Interface names: 1..15 chars (IFNAMSIZ-1). The kernel's rename only checks
 * length and uniqueness; we require a leading letter and only letters, digits,
 * `_`, `-`, `.` (vlan `em0.42`), since rc.conf and scripts build variable names from them.
 */
export function validateInterfaceName(name: string): string | null {
  const len = lengthProblem('interface name', name, IF_NAME_MAX);
  if (len) return len;
  if (!/^[A-Za-z]/.test(name)) return `interface name '${name}' must start with a letter`;
  const bad = badChar(name, /[A-Za-z0-9_.-]/);
  if (bad) return `interface name '${name}' contains ${bad}; use letters, digits, '_', '-' and '.'`;
  return null;
}

/** Short alias of validateInterfaceName (used by shared/design). */
export const validateIfName = validateInterfaceName;

/**
 * Jail names: not empty, no `.` (hierarchy separator), not purely numeric (jail_getid
 * would read it as a JID), ≤ 255 chars; letters, digits, `_`, `-` only (jail.conf block names).
 */
export function validateJailName(name: string): string | null {
  const len = lengthProblem('jail name', name, JAIL_NAME_MAX);
  if (len) return len;
  if (name.includes('.')) return `jail name '${name}' contains '.', which separates parent and child jails`;
  // libjail's jail_getid() takes any name strtoul() reads whole as a JID, sign included.
  if (/^[+-]?\d+$/.test(name)) return `jail name '${name}' is a number and would be taken as a JID`;
  const bad = badChar(name, /[A-Za-z0-9_-]/);
  if (bad) return `jail name '${name}' contains ${bad}; use letters, digits, '_' and '-'`;
  return null;
}

/** MAC addresses as ifconfig prints them: six two-digit hex octets separated by `:`. */
export function validateMac(mac: string): string | null {
  if (!/^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}$/.test(mac)) return `'${mac.slice(0, 40)}' is not a MAC address like aa:bb:cc:dd:ee:ff`;
  return null;
}

/** True for a valid MAC whose group bit (bit 0 of the first octet) is clear, i.e. usable by an interface. */
export function isUnicastMac(mac: string): boolean {
  return validateMac(mac) === null && (parseInt(mac.slice(0, 2), 16) & 1) === 0;
}

/** True for a valid MAC with the locally-administered bit set (what epair and generated MACs use). */
export function isLocalMac(mac: string): boolean {
  return validateMac(mac) === null && (parseInt(mac.slice(0, 2), 16) & 2) === 2;
}

/** Command arguments must not carry NUL, CR or LF: they would split an ngctl script line or be cut by C strings. */
export function isSafeArg(s: string): boolean {
  return typeof s === 'string' && !/[\0\r\n]/.test(s);
}

/** Where an address starts: a named node, a node ID, ngctl's own node (`.`), or nowhere (relative). */
export type NgPathStart = { kind: 'name'; name: string } | { kind: 'id'; id: string } | { kind: 'self' } | null;

/** A parsed netgraph address: the start node (null for a relative path) and the hooks followed from it. */
export interface NgPath {
  start: NgPathStart;
  hooks: string[];
}

/**
 * Parses a netgraph address per ng_path_parse (facts §2): `name:`, `[hex]:`, `.:`,
 * `name:hook.hook`, or a relative `hook.hook` (relative to ngctl's own node; `.` alone
 * is that node). A leading or trailing `.` in the hook part is dropped, as the kernel does.
 */
export function parseNgPath(addr: string): { ok: true; path: NgPath } | { ok: false; reason: string } {
  const fail = (reason: string) => ({ ok: false as const, reason });
  if (typeof addr !== 'string' || addr.length === 0) return fail('empty netgraph address');
  if (addr.length > NG_PATH_MAX) return fail(`netgraph address is longer than ${NG_PATH_MAX} characters`);
  if (!isSafeArg(addr) || /\s/.test(addr)) return fail(`netgraph address '${addr.slice(0, 40)}' contains whitespace or a control character`);
  const colon = addr.indexOf(':');
  const nodePart = colon >= 0 ? addr.slice(0, colon) : null;
  const hookPart = colon >= 0 ? addr.slice(colon + 1) : addr;
  let start: NgPathStart = null;
  if (nodePart !== null) {
    const s = parseStart(nodePart);
    if (typeof s === 'string') return fail(s);
    start = s;
  }
  if (hookPart.includes(':')) return fail(`'${addr}' has more than one ':'`);
  const trimmed = hookPart.replace(/^\./, '').replace(/\.$/, '');
  if (trimmed === '') return { ok: true, path: { start: start ?? { kind: 'self' }, hooks: [] } };
  const hooks = trimmed.split('.');
  if (hooks.some((h) => h === '')) return fail(`'${addr}' has an empty hook name ('..')`);
  for (const h of hooks) if (h.length > NG_NAME_MAX) return fail(`hook '${h}' in '${addr}' is longer than ${NG_NAME_MAX} characters`);
  return { ok: true, path: { start, hooks } };
}

function parseStart(node: string): NgPathStart | string {
  if (node === '') return 'the node part before ":" is empty';
  if (node === '.') return { kind: 'self' };
  const id = /^\[([0-9a-fA-F]{1,8})\]$/.exec(node);
  if (id) {
    const v = parseInt(id[1]!, 16);
    return v === 0 ? 'node ID [0] does not exist (IDs start at 1)' : { kind: 'id', id: v.toString(16) };
  }
  if (node.startsWith('[')) return `'${node}' is not a node ID like [3f]`;
  if (node.includes('.')) return `node name '${node}' contains '.'`;
  if (node.length > NG_NAME_MAX) return `node name '${node.slice(0, 40)}' is longer than ${NG_NAME_MAX} characters`;
  return { kind: 'name', name: node };
}

/** Writes a path back in ngctl syntax (`name:`, `[2a]:hook`, `.:`, `hook1.hook2`). */
export function formatNgPath(p: NgPath): string {
  const hooks = p.hooks.join('.');
  if (p.start === null) return hooks === '' ? '.' : hooks;
  const node = p.start.kind === 'self' ? '.' : p.start.kind === 'id' ? `[${p.start.id}]` : p.start.name;
  return `${node}:${hooks}`;
}
