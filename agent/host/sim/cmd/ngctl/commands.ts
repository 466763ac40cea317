// The handlers of the emulated ngctl's commands (list, show, mkpeer, msg, …):
// each takes the session and its argv (argv[0] = the command word) and
// returns ngctl's CMDRTN code, writing exactly what ngctl prints.
import { writeFileSync } from 'node:fs';
import { resolve as resolveFs } from 'node:path';
import { formatDot, formatListLong, formatList, formatMsgResponse, formatShow, formatTypes, type NgNodeLinks } from '../../../../../shared/ngctl/format.js';
import { strerror } from '../../errno.js';
import * as ng from '../../netgraph.js';
import { typeCount } from '../../netgraph/messages.js';
import { releaseMajor, type SimNode } from '../../state.js';
import type { Session } from './session.js';
import { findCommand, helpFor, helpSummary, type Rtn } from './table.js';

/** getopt(3) over argv[1..]: flags until the first non-option; an unknown flag → null (after getopt's warning). */
function getopt(s: Session, argv: string[], flags: string): { set: Set<string>; rest: string[] } | null {
  const set = new Set<string>();
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') { i++; break; }
    if (!a.startsWith('-') || a === '-') break;
    for (const ch of a.slice(1)) {
      if (!flags.includes(ch)) return s.warn(`illegal option -- ${ch}`), null;
      set.add(ch);
    }
  }
  return { set, rest: argv.slice(i) };
}

/** Runs a kernel operation; an errno becomes `ngctl: <what>: <strerror>` and CMDRTN_ERROR. */
function kernel(s: Session, what: string, op: () => void): Rtn {
  try {
    op();
    return 'OK';
  } catch (e) {
    s.warn(`${what}: ${strerror(e)}`);
    return 'ERROR';
  }
}

/** A node with its hooks resolved to peers, for the printers. */
function links(s: Session, n: SimNode): NgNodeLinks {
  const g = ng.graphOf(s.state, s.vnet);
  return {
    id: n.id,
    name: n.name,
    type: n.type,
    links: n.hooks.map((h) => {
      const p = ng.nodeById(g, h.peer);
      return { ourhook: h.name, peerhook: h.peerHook, peer: { id: h.peer, name: p?.name ?? null, type: p?.type ?? 'dead', hooks: p?.hooks.length ?? 0 } };
    }),
  };
}

const nodes = (s: Session): SimNode[] => ng.graphOf(s.state, s.vnet).nodes;

function list(s: Session, argv: string[]): Rtn {
  const o = getopt(s, argv, 'ln');
  if (o === null || o.rest.length !== 0) return 'USAGE';
  const named = o.set.has('n');
  const all = nodes(s).filter((n) => !named || n.name !== null);
  // Blank lines between -l blocks: not in 12.x; UNCONFIRMED whether 13.0 or 14.0 added them, so every release after 12 has them.
  if (o.set.has('l')) s.out(formatListLong(all.map((n) => links(s, n)), releaseMajor(s.state) > 12));
  else s.out(formatList(all.map((n) => ({ ...n, hooks: n.hooks.length })), named));
  return 'OK';
}

function show(s: Session, argv: string[]): Rtn {
  const o = getopt(s, argv, 'n');
  if (o === null || o.rest.length !== 1) return 'USAGE';
  let node: SimNode | undefined;
  const r = kernel(s, 'send msg', () => (node = ng.resolvePath(s.state, s.vnet, s.sock, o.rest[0] as string)));
  if (node !== undefined) s.out(formatShow(links(s, node), o.set.has('n')));
  return r;
}

function dot(s: Session, argv: string[]): Rtn {
  const o = getopt(s, argv, '');
  if (o === null || o.rest.length > 1) return 'USAGE';
  const text = formatDot(nodes(s).map((n) => links(s, n)));
  const file = o.rest[0];
  if (file === undefined) return s.out(text), 'OK';
  try {
    writeFileSync(resolveFs(s.ctx.cwd, file), text);
    return 'OK';
  } catch (e) {
    s.warn(`Could not open ${file} for writing: ${strerror(e)}`);
    return 'ERROR';
  }
}

function types(s: Session, argv: string[]): Rtn {
  if (argv.length !== 1) return 'USAGE';
  s.out(formatTypes(ng.graphOf(s.state, s.vnet).types.map((t) => ({ name: t, count: typeCount(s.state, t) }))));
  return 'OK';
}

function msg(s: Session, argv: string[]): Rtn {
  if (argv.length < 3) return 'USAGE';
  return kernel(s, 'send msg', () => {
    const target = ng.resolvePath(s.state, s.vnet, s.sock, argv[1] as string);
    const resp = ng.sendMsg(s.caller, target, argv[2] as string, argv.slice(3).join(' '));
    if (resp !== null) s.out(formatMsgResponse(resp));
  });
}

/** `[path] a b c`: the optional leading path defaults to ".". */
const withPath = (argv: string[], n: number): string[] | null => (argv.length === n + 1 ? argv.slice(1) : argv.length === n ? ['.', ...argv.slice(1)] : null);

function mkpeer(s: Session, argv: string[]): Rtn {
  const a = withPath(argv, 4);
  if (a === null) return 'USAGE';
  return kernel(s, 'send msg', () => void ng.mkpeer(s.caller, a[0] as string, a[1] as string, a[2] as string, a[3] as string));
}

function connect(s: Session, argv: string[]): Rtn {
  const a = withPath(argv, 4);
  if (a === null) return 'USAGE';
  return kernel(s, 'send msg', () => ng.connect(s.caller, a[0] as string, a[1] as string, a[2] as string, a[3] as string));
}

function rmhook(s: Session, argv: string[]): Rtn {
  const a = withPath(argv, 2);
  if (a === null) return 'USAGE';
  return kernel(s, 'send msg', () => ng.rmhook(s.caller, a[0] as string, a[1] as string));
}

function name(s: Session, argv: string[]): Rtn {
  if (argv.length !== 3) return 'USAGE';
  return kernel(s, 'send msg', () => ng.name(s.caller, argv[1] as string, argv[2] as string));
}

function shutdown(s: Session, argv: string[]): Rtn {
  if (argv.length !== 2) return 'USAGE';
  return kernel(s, 'shutdown', () => ng.shutdown(s.caller, argv[1] as string));
}

/** status/config: no emulated type has text status, so a reachable node has none (exit 0). */
function textInfo(s: Session, argv: string[], what: 'Status' | 'Config'): Rtn {
  if (what === 'Status' ? argv.length !== 2 : argv.length < 2) return 'USAGE';
  const r = kernel(s, 'send msg', () => void ng.resolvePath(s.state, s.vnet, s.sock, argv[1] as string));
  if (r === 'OK') s.out(`No ${what.toLowerCase()} available for "${argv[1] as string}"\n`);
  return r;
}

function debug(s: Session, argv: string[]): Rtn {
  if (argv.length === 1) return s.out(`Current debug level is ${s.debug}\n`), 'OK';
  if (argv.length !== 2) return 'USAGE';
  const a = argv[1] as string;
  const level = a === '+' ? s.debug + 1 : a === '-' ? s.debug - 1 : Number.parseInt(a, 10) || 0;
  if (a !== '+' && a !== '-' && level < 0) return 'USAGE';
  s.debug = level;
  return 'OK';
}

function help(s: Session, argv: string[]): Rtn {
  if (argv.length <= 1) return s.out(helpSummary()), 'OK';
  const c = findCommand(argv[1] as string);
  if ('warning' in c) s.warn(c.warning);
  // 12.x wraps descriptions at 64 bytes, main at 63; UNCONFIRMED in which release it changed (newest behaviour after 12).
  else s.out(helpFor(c, releaseMajor(s.state) > 12 ? 63 : 64));
  return 'OK';
}

/** write: bytes are checked like sscanf("%i") in -128..255; they go nowhere (the data plane carries decoded frames, not raw bytes). */
function write(s: Session, argv: string[]): Rtn {
  if (argv.length < 3) return 'USAGE';
  const hook = argv[1] as string;
  if (argv[2] !== '-f') {
    for (const b of argv.slice(2)) {
      const v = Number(/^[-+]?0[0-7]+$/.test(b) ? Number.parseInt(b, 8) : b);
      if (!Number.isInteger(v) || v < -128 || v > 255) return s.warn(`invalid byte "${b}"`), 'ERROR';
    }
  } else if (argv.length !== 4) return 'USAGE';
  if (!s.sock.hooks.some((h) => h.name === hook)) return s.warn(`writing to hook "${hook}": ${strerror({ code: 'ENOTCONN' })}`), 'ERROR';
  return 'OK';
}

/** Command name → handler (read and quit live in the session, which owns the script reader). */
export const HANDLERS: Record<string, (s: Session, argv: string[]) => Rtn | Promise<Rtn>> = {
  config: (s, a) => textInfo(s, a, 'Config'),
  connect,
  debug,
  dot,
  help,
  list,
  mkpeer,
  msg,
  name,
  rmhook,
  show,
  shutdown,
  status: (s, a) => textInfo(s, a, 'Status'),
  types,
  write,
  quit: () => 'QUIT',
};
