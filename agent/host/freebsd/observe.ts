// One observation of a FreeBSD host from command output, with a constant
// number of processes whatever the graph size: ngctl list -l, ngctl types, one
// ngctl -f - batch of per-node questions (getifname, pipe getcfg; with traffic
// on, bridge getstats of every link and gettable), jls, ifconfig, kldstat, with traffic
// on one netstat, and ngctl list -l again to catch a graph that changed
// meanwhile — plus `jexec JID ifconfig` (and with traffic on `jexec JID
// netstat`) per vnet jail, only when something that decides what sits inside
// the jails changed (FreeBSD has no host-wide view of that).
import { hostname as osHostname, release as osRelease } from 'node:os';
import type { Counters, HostFacts, HostSnapshot, Jail, NgNode, NgType } from '../../../shared/model/snapshot.js';
import { normalizeSnapshot, compareStrings } from '../../../shared/model/normalize.js';
import { nodesFromListL, parseNgctlListL, parseNgctlTypes } from '../../../shared/parse/ngctl.js';
import { jailsFromJls, parseJlsJson } from '../../../shared/parse/jls.js';
import { parseIfconfig, type IfconfigInterface } from '../../../shared/parse/ifconfig.js';
import type { Exec } from './exec.js';
import { buildInterfaces, type VnetInterfaces } from './interfaces.js';
import { askNodes, questionsFor, withTraffic } from './batch.js';
import { readNetstat, type NetstatRead } from './netstat.js';
import { bridgeHooksOf, jlsVersionOf, listLayoutOf, parseKldstat, parseProblem } from './parse.js';
import { withPipes } from './pipes.js';

/** jls parameters that fill a snapshot Jail in one call (parameter mode; -d adds dying jails). */
export const JLS_ARGV = ['jls', '-d', '--libxo', 'json', 'jid', 'name', 'host.hostname', 'path', 'vnet', 'persist', 'dying', 'ip4.addr', 'ip6.addr'];

/** What the observer keeps between cycles. */
export interface ObserveMemory {
  /** What the per-jail answers were asked under; a different key asks again. */
  jailKey: string | null;
  jailIfs: Map<number, IfconfigInterface[]>;
  /** Interface counters inside each vnet jail, as of when the jails were last asked. */
  jailCounters: Map<number, Map<string, Counters>>;
  /** Cycles since the jails were last asked. */
  sinceJailRefresh: number;
  sockets: number;
  /** Notes already reported (each is said once, not every poll). */
  notes: Set<string>;
}

export interface ObserveOptions {
  /** Host facts the commands cannot tell (default: this machine's hostname, and its release on FreeBSD). */
  hostname?: string;
  release?: string;
  /**
   * Ask the jails again after this many cycles even if nothing changed, so
   * changes made inside a jail (ifconfig run there) show up eventually (0 = never).
   */
  jailRefreshEvery?: number;
  /**
   * Read traffic: interface counters (netstat), ng_bridge link counters and
   * learned-host tables (default true). Off, a cycle runs one process fewer
   * and the snapshot carries no counters or tables.
   */
  counters?: boolean;
  /** Told once per distinct note: what the host could not tell (e.g. netstat missing) and what was left out. */
  onNote?: (note: string) => void;
}

/** Fresh memory for an observer. */
export function newObserveMemory(): ObserveMemory {
  return { jailKey: null, jailIfs: new Map(), jailCounters: new Map(), sinceJailRefresh: 0, sockets: 0, notes: new Set() };
}

/** Our ngctl socket names share this prefix so our own nodes can be left out of the graph. */
export const socketPrefix = (): string => `ngstudio${process.pid}_`;

/** A parse result's value, or an Error naming the command and the line. */
function must<T>(what: string, p: { ok: true; value: T } | { ok: false; errors: unknown[] }): T {
  if (p.ok) return p.value;
  throw new Error(`cannot read the output of ${parseProblem(what, p as never)}`);
}

function parseIf(what: string, text: string): IfconfigInterface[] {
  const p = parseIfconfig(text);
  // A vnet jail with no interface at all prints nothing.
  if (!p.ok && text.trim() === '') return [];
  return must(what, p);
}

/** Most distinct notes remembered (a note is reported once; the memory must not grow forever). */
const MAX_NOTES = 100;

/** Reports `note` unless it was reported before. */
function note(mem: ObserveMemory, opts: ObserveOptions, text: string): void {
  if (mem.notes.has(text)) return;
  if (mem.notes.size >= MAX_NOTES) mem.notes.clear();
  mem.notes.add(text);
  opts.onNote?.(text);
}

/** The counters a netstat read gave, or undefined after reporting why there are none. */
function countersOf(read: NetstatRead | null, mem: ObserveMemory, opts: ObserveOptions): Map<string, Counters> | undefined {
  if (read === null) return undefined;
  if ('note' in read) {
    note(mem, opts, read.note);
    return undefined;
  }
  return read.counters;
}

/** What decides the jails' interfaces as seen from outside: host interfaces, vnet jails, eiface link states. */
function jailKeyOf(host: IfconfigInterface[], jails: Jail[], nodes: NgNode[]): string {
  const ifs = host.map((i) => i.name).sort(compareStrings);
  const js = jails.filter((j) => j.vnet).map((j) => `${j.jid}:${j.name}:${j.state}`);
  const eifaces = nodes.filter((n) => n.type === 'eiface' || n.type === 'iface').map((n) => `${n.id}:${n.hooks.length}`);
  return JSON.stringify([ifs, js, eifaces]);
}

/**
 * The interfaces inside each active vnet jail (and, with traffic on, their
 * counters): asked again only when the key changed (or on refresh), so the
 * counters of jailed interfaces are as of that moment.
 */
async function jailInterfaces(exec: Exec, mem: ObserveMemory, opts: ObserveOptions, key: string, jails: Jail[], traffic: boolean): Promise<void> {
  const refreshEvery = opts.jailRefreshEvery ?? 30;
  const refresh = refreshEvery > 0 && mem.sinceJailRefresh >= refreshEvery;
  if (mem.jailKey === key && !refresh) {
    mem.sinceJailRefresh++;
    return;
  }
  const vnetJails = jails.filter((j) => j.vnet && j.state === 'ACTIVE');
  let complete = true;
  const answers = await Promise.all(
    vnetJails.map(async (j) => {
      const [r, counters] = await Promise.all([exec.run(['jexec', String(j.jid), 'ifconfig']), traffic ? readNetstat(exec, ['jexec', String(j.jid)]) : null]);
      // A jail removed since jls: no interfaces now, and ask again next cycle.
      if (r.code !== 0) complete = false;
      return { jid: j.jid, list: r.code === 0 ? parseIf(`jexec ${j.jid} ifconfig`, r.stdout) : [], counters: r.code === 0 ? countersOf(counters, mem, opts) : undefined };
    }),
  );
  mem.jailIfs = new Map(answers.map((a) => [a.jid, a.list]));
  mem.jailCounters = new Map(answers.flatMap((a) => (a.counters ? [[a.jid, a.counters] as const] : [])));
  mem.jailKey = complete ? key : null;
  mem.sinceJailRefresh = 0;
}

/** Loaded types with the number of host-vnet nodes of each, counted from the node list (our sockets excluded). */
function typesWithCounts(names: string[], nodes: NgNode[]): NgType[] {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.type, (counts.get(n.type) ?? 0) + 1);
  return names.map((name) => ({ name, count: counts.get(name) ?? 0 }));
}

/** How many times a cycle is run when the graph keeps changing under it (the last one is taken as it is). */
const MAX_ATTEMPTS = 2;

/** The host's netgraph nodes from `ngctl list -l` output, without our own ngctl sockets (and those of our concurrent runs). */
const hostNodes = (listOut: string, prefix: string): NgNode[] =>
  nodesFromListL(must('ngctl list -l', parseNgctlListL(listOut))).filter((n) => !(n.type === 'socket' && n.name?.startsWith(prefix)));

/**
 * Observes the host; `mem` carries the per-jail answers between cycles. The
 * commands of a cycle are separate reads: a node made while they run can show
 * as its interface without the node (or the reverse). So the node list is read
 * once more at the end, and the cycle runs again when it changed.
 */
export async function observeFreebsd(exec: Exec, mem: ObserveMemory, opts: ObserveOptions = {}): Promise<HostSnapshot> {
  const prefix = socketPrefix();
  const sock = (): string => `${prefix}${mem.sockets++ % 1_000_000}`;
  for (let attempt = 1; ; attempt++) {
    const { snapshot, nodesRead } = await observeOnce(exec, mem, opts, prefix, sock);
    if (attempt >= MAX_ATTEMPTS) return snapshot;
    const again = hostNodes(await exec.check(['ngctl', '-n', sock(), 'list', '-l']), prefix);
    if (JSON.stringify(again) === nodesRead) return snapshot;
  }
}

/** One pass over the host's commands. */
async function observeOnce(exec: Exec, mem: ObserveMemory, opts: ObserveOptions, prefix: string, sock: () => string): Promise<{ snapshot: HostSnapshot; nodesRead: string }> {
  const traffic = opts.counters !== false;
  const [listOut, typesOut, jlsOut, ifOut, kldOut, netstat] = await Promise.all([
    exec.check(['ngctl', '-n', sock(), 'list', '-l']),
    exec.check(['ngctl', '-n', sock(), 'types']),
    exec.check(JLS_ARGV),
    exec.check(['ifconfig']),
    exec.check(['kldstat']),
    traffic ? readNetstat(exec) : null,
  ]);
  const nodes = hostNodes(listOut, prefix);
  // As read, before the snapshot is built from (and normalizes) them: what the end-of-cycle read is compared with.
  const nodesRead = JSON.stringify(nodes);
  const typeNames = must('ngctl types', parseNgctlTypes(typesOut)).map((t) => t.name);
  const jails = jailsFromJls(must('jls', parseJlsJson(jlsOut)));
  const hostIfs = parseIf('ifconfig', ifOut);
  const kld = parseKldstat(kldOut);
  if (!kld.ok) throw new Error(`cannot read the output of ${kld.error}`);
  const release = opts.release ?? (process.platform === 'freebsd' ? osRelease() : '');
  const listLayout = listLayoutOf(listOut);
  const facts: HostFacts = { listLayout, jlsVersion: jlsVersionOf(jlsOut), ngEther: kld.modules.includes('ng_ether'), bridgeHooks: bridgeHooksOf(release, listLayout) };
  const [answers] = await Promise.all([
    askNodes(exec, sock, questionsFor(nodes, traffic, facts.bridgeHooks)),
    jailInterfaces(exec, mem, opts, jailKeyOf(hostIfs, jails, nodes), jails, traffic),
  ]);
  for (const n of answers.notes) note(mem, opts, n);
  const vnets: VnetInterfaces[] = [{ jail: null, list: hostIfs, counters: countersOf(netstat, mem, opts) }];
  for (const j of jails) {
    const list = mem.jailIfs.get(j.jid);
    if (j.vnet && list) {
      vnets.push({ jail: j.name, list, counters: traffic ? mem.jailCounters.get(j.jid) : undefined });
      j.interfaces = list.map((i) => i.name).sort(compareStrings);
    }
  }
  const snapshot = normalizeSnapshot({
    version: 0,
    host: { hostname: opts.hostname ?? osHostname(), backend: 'freebsd', release, emulated: false, facts },
    modules: kld.modules,
    netgraph: { nodes: withPipes(withTraffic(nodes, answers), answers.pipes), types: typesWithCounts(typeNames, nodes) },
    interfaces: buildInterfaces(vnets, nodes, answers.ifnames),
    jails,
  });
  return { snapshot, nodesRead };
}
