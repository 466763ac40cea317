// Design → a jail.conf fragment in the spirit of FreeBSD's jng: each vnet
// jail builds its own netgraph pieces in exec.prestart (its eifaces on the
// design's bridge, named, their interfaces renamed to what vnet.interface
// lists) and shuts them down in exec.poststop. The rest of the design (the
// bridge, uplinks, host-side interfaces: "shared") is built by whichever jail
// starts first: the prestart checks for it and, when it is missing, builds it
// together with the jail's pieces in one ngctl session (a bridge whose only
// links go to jails would die if built alone). The commands come from the
// planner: "shared + this jail" planned against a host that has nothing, or
// against one that has the shared part. One prestart value holds them all,
// because each exec.* value is its own sh and captured names must survive
// from one command to the next (facts §5.1: a value with `$` goes to sh -c).
import type { Design, DesignJail } from '../design/types.js';
import { emptyLedger } from '../plan/ledger.js';
import { plan } from '../plan/plan.js';
import { PHASES, isNetgraphPhase, type Command, type Plan } from '../plan/types.js';
import type { JailConfParam } from '../parse/jailconf/types.js';
import { printJailConf } from './jailconf-print.js';
import { neededModules } from './modules.js';
import { ngctlLine } from './ngctl.js';
import { builtSnapshot } from './observed.js';
import { shCommand, shWord } from './sh.js';
import { nameUnnamed, targetHost } from './target.js';
import { expandImpairs } from '../plan/pipes.js';
import type { ExportOptions, ExportResult } from './result.js';

/** The design without jails, split into what belongs to one jail and what is shared. */
interface Split {
  shared: Design;
  pieces: Map<string, Design>;
}

/** The part of `d` that `keep` keeps (keys: node names, `epair:A`, `if:NAME` for if_bridge members); no jails. */
const noJails = (d: Design, keep: (key: string) => boolean): Design => ({
  format: 1,
  nodes: d.nodes.filter((n) => keep(n.name)),
  links: d.links.filter((l) => keep(l.a.node) && keep(l.b.node)),
  epairs: d.epairs.filter((e) => keep(`epair:${e.a.name}`)),
  // An if_bridge is shared; a member that is one jail's epair end joins it with that jail.
  bridges: d.bridges.map((b) => ({ ...b, members: b.members.filter((m) => keep(`if:${m}`)) })),
  jails: [],
});

/** A jail's pieces: eifaces whose interface it holds, epairs one end of which it holds. */
function split(d: Design): Split {
  const owner = new Map<string, string>();
  for (const j of d.jails) {
    if (!j.vnet) continue;
    for (const n of d.nodes) if (n.type === 'eiface' && n.ifname !== undefined && j.interfaces.includes(n.ifname)) owner.set(n.name, j.name);
    for (const e of d.epairs) {
      if (!j.interfaces.includes(e.a.name) && !j.interfaces.includes(e.b.name)) continue;
      owner.set(`epair:${e.a.name}`, j.name).set(`if:${e.a.name}`, j.name).set(`if:${e.b.name}`, j.name);
    }
  }
  const shared = noJails(d, (k) => !owner.has(k));
  const pieces = new Map<string, Design>();
  for (const j of d.jails) pieces.set(j.name, noJails(d, (k) => !owner.has(k) || owner.get(k) === j.name));
  return { shared, pieces };
}

/** A plan's commands as sh statements (netgraph phases piped into one `ngctl -f -`). */
function statements(p: Plan): string[] {
  const out: string[] = [];
  for (const phase of PHASES) {
    const cmds: Command[] = p.changes.filter((c) => c.phase === phase).flatMap((c) => c.commands);
    if (cmds.length === 0 || phase === 'modules' || phase === 'build-jails') continue;
    if (isNetgraphPhase(phase)) out.push(`printf '%s\\n' ${cmds.map((c) => shWord(ngctlLine(c))).join(' ')} | ngctl -f -`);
    else out.push(...cmds.map(shCommand));
  }
  return out;
}

const block = (s: string[]): string => (s.length === 0 ? ':' : s.join('; '));

/** How the prestart tells that the shared part exists: its first node, else its first interface. */
function sentinel(shared: Design): string | null {
  // ng_ether nodes exist as soon as the module is loaded: they prove nothing.
  const n = shared.nodes.filter((x) => x.type !== 'ether').sort((a, b) => (a.name < b.name ? -1 : 1))[0];
  if (n) return `ngctl info ${shWord(`${n.name}:`)} >/dev/null 2>&1`;
  const i = shared.epairs[0]?.a.name ?? shared.bridges[0]?.name;
  return i === undefined ? null : `ifconfig ${shWord(i)} >/dev/null 2>&1`;
}

/** The one prestart value that builds a jail's pieces (and the shared part when missing); null when there is nothing to build. */
function prestart(host: ReturnType<typeof targetHost>, s: Split, mine: Design): { value: string | null; errors: string[] } {
  const scratch = plan(host, mine, emptyLedger());
  const errors = scratch.notes.filter((n) => n.severity === 'blocker').map((n) => n.message);
  const fresh = statements(scratch);
  const check = sentinel(s.shared);
  if (errors.length > 0 || fresh.length === 0) return { value: null, errors };
  if (check === null) return { value: `set -e; ${block(fresh)}`, errors };
  const onShared = statements(plan(builtSnapshot(host, s.shared), mine, emptyLedger()));
  return { value: `set -e; if ${check}; then ${block(onShared)}; else ${block(fresh)}; fi`, errors };
}

const param = (name: string, values: string[]): JailConfParam => ({ name, values });

/** The jail.conf parameters of one jail, in a fixed order (`sharedPipes`: pipes of the shared part, which stay). */
function jailParamsOf(j: DesignJail, d: Design, mine: Design | undefined, build: string | null, sharedPipes: Set<string>): JailConfParam[] {
  const ps: JailConfParam[] = [param('path', [j.path])];
  if (j.hostname !== undefined) ps.push(param('host.hostname', [j.hostname]));
  if (j.vnet) ps.push({ name: 'vnet', values: [], bool: true });
  ps.push({ name: 'persist', values: [], bool: true });
  if (j.vnet && j.interfaces.length > 0) ps.push(param('vnet.interface', [...j.interfaces]));
  if (!j.vnet && j.ip4?.length) ps.push(param('ip4.addr', [...j.ip4]));
  if (!j.vnet && j.ip6?.length) ps.push(param('ip6.addr', [...j.ip6]));
  const extra = { ...(j.params ?? {}) };
  const pre: string[] = [];
  const mods = neededModules(mine ?? d);
  if (build !== null && mods.length > 0) pre.push(`kldload -n ${mods.join(' ')}`);
  if (build !== null) pre.push(build);
  if (extra['exec.prestart'] !== undefined) pre.push(extra['exec.prestart']);
  const post: string[] = extra['exec.poststop'] !== undefined ? [extra['exec.poststop']] : [];
  // The pipes of this jail's impaired links go first: a pipe outlives its hooks.
  if (mine) for (const name of expandImpairs([], mine).pipes.keys()) if (!sharedPipes.has(name)) post.push(`ngctl shutdown ${name}:`);
  const own = new Set((mine?.nodes ?? []).map((n) => n.name));
  for (const n of d.nodes) if (n.type === 'eiface' && own.has(n.name) && n.ifname !== undefined && j.interfaces.includes(n.ifname)) post.push(`ngctl shutdown ${n.name}:`);
  for (const e of d.epairs) if (j.interfaces.includes(e.a.name) || j.interfaces.includes(e.b.name)) post.push(`ifconfig ${j.interfaces.includes(e.a.name) ? e.b.name : e.a.name} destroy`);
  delete extra['exec.prestart'];
  delete extra['exec.poststop'];
  if (pre.length > 0) ps.push(param('exec.prestart', pre));
  if (post.length > 0) ps.push(param('exec.poststop', post));
  for (const k of Object.keys(extra).sort()) ps.push(param(k, [extra[k]!]));
  return ps;
}

/** The jail.conf fragment for the design's jails. */
export function exportJailConf(input: Design, opts: ExportOptions = {}): ExportResult {
  const { design: d } = nameUnnamed(input);
  if (d.jails.length === 0) return { ok: false, errors: ['the design has no jails: a jail.conf fragment describes jails (use the sh or ngctl export for the netgraph alone)'] };
  const host = targetHost(d, opts.release);
  const s = split(d);
  const errors: string[] = [];
  const sharedPipes = new Set(expandImpairs([], s.shared).pipes.keys());
  const jails = d.jails.map((j) => {
    const mine = j.vnet ? s.pieces.get(j.name) : undefined;
    const pre = mine ? prestart(host, s, mine) : { value: null, errors: [] };
    errors.push(...pre.errors);
    return { name: j.name, params: jailParamsOf(j, d, mine, pre.value, sharedPipes) };
  });
  if (errors.length > 0) return { ok: false, errors: [...new Set(errors)] };
  const head = [
    '# jail.conf fragment generated by ngstudio (jng style): each vnet jail builds its',
    '# netgraph pieces in exec.prestart and shuts them down in exec.poststop; the shared',
    '# part (bridges, uplinks) is built by whichever jail starts first.',
    '',
  ];
  // jng's convention: `+=` keeps whatever exec.* hooks the rest of jail.conf (a `*` block, globals) sets.
  const body = printJailConf(jails).replace(/^\t(exec\.[a-z]+) = /gm, '\t$1 += ');
  return { ok: true, text: `${head.join('\n')}${body}`, warnings: [] };
}
