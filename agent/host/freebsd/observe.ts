// One observation of a FreeBSD host from command output, with a constant
// number of processes whatever the graph size: ngctl list -l, ngctl types, one
// ngctl -f - batch of getifname, jls, ifconfig, kldstat, and ngctl list -l
// again to catch a graph that changed meanwhile — plus one
// `jexec JID ifconfig` per vnet jail, only when something that decides what
// sits inside the jails changed (FreeBSD has no host-wide view of that).
import { hostname as osHostname, release as osRelease } from 'node:os';
import type { HostFacts, HostSnapshot, Jail, NgNode, NgType } from '../../../shared/model/snapshot.js';
import { normalizeSnapshot, compareStrings } from '../../../shared/model/normalize.js';
import { nodesFromListL, parseNgctlListL, parseNgctlTypes } from '../../../shared/parse/ngctl.js';
import { jailsFromJls, parseJlsJson } from '../../../shared/parse/jls.js';
import { parseIfconfig, type IfconfigInterface } from '../../../shared/parse/ifconfig.js';
import type { Exec } from './exec.js';
import { buildInterfaces, IFNET_NODE_TYPES, type VnetInterfaces } from './interfaces.js';
import { bridgeHooksOf, jlsVersionOf, listLayoutOf, parseGetifnames, parseKldstat, parseProblem } from './parse.js';

/** jls parameters that fill a snapshot Jail in one call (parameter mode; -d adds dying jails). */
export const JLS_ARGV = ['jls', '-d', '--libxo', 'json', 'jid', 'name', 'host.hostname', 'path', 'vnet', 'persist', 'dying', 'ip4.addr', 'ip6.addr'];

/** What the observer keeps between cycles. */
export interface ObserveMemory {
  /** What the per-jail answers were asked under; a different key asks again. */
  jailKey: string | null;
  jailIfs: Map<number, IfconfigInterface[]>;
  /** Cycles since the jails were last asked. */
  sinceJailRefresh: number;
  sockets: number;
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
}

/** Fresh memory for an observer. */
export function newObserveMemory(): ObserveMemory {
  return { jailKey: null, jailIfs: new Map(), sinceJailRefresh: 0, sockets: 0 };
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

/** Node ID → interface name for every node bound to an interface, in one ngctl process. */
async function getifnames(exec: Exec, sock: string, nodes: NgNode[]): Promise<Map<string, string>> {
  const bound = nodes.filter((n) => IFNET_NODE_TYPES.includes(n.type));
  if (bound.length === 0) return new Map();
  const script = bound.map((n) => `msg [${n.id}]: getifname\n`).join('');
  // A node that vanished since list -l stops the batch there; the answers before it still count.
  const r = await exec.run(['ngctl', '-n', sock, '-f', '-'], { stdin: script });
  return parseGetifnames(r.stdout);
}

/** What decides the jails' interfaces as seen from outside: host interfaces, vnet jails, eiface link states. */
function jailKeyOf(host: IfconfigInterface[], jails: Jail[], nodes: NgNode[]): string {
  const ifs = host.map((i) => i.name).sort(compareStrings);
  const js = jails.filter((j) => j.vnet).map((j) => `${j.jid}:${j.name}:${j.state}`);
  const eifaces = nodes.filter((n) => n.type === 'eiface' || n.type === 'iface').map((n) => `${n.id}:${n.hooks.length}`);
  return JSON.stringify([ifs, js, eifaces]);
}

/** The interfaces inside each active vnet jail: asked again only when the key changed (or on refresh). */
async function jailInterfaces(exec: Exec, mem: ObserveMemory, key: string, jails: Jail[], refreshEvery: number): Promise<Map<number, IfconfigInterface[]>> {
  const refresh = refreshEvery > 0 && mem.sinceJailRefresh >= refreshEvery;
  if (mem.jailKey === key && !refresh) {
    mem.sinceJailRefresh++;
    return mem.jailIfs;
  }
  const vnetJails = jails.filter((j) => j.vnet && j.state === 'ACTIVE');
  let complete = true;
  const answers = await Promise.all(
    vnetJails.map(async (j) => {
      const r = await exec.run(['jexec', String(j.jid), 'ifconfig']);
      // A jail removed since jls: no interfaces now, and ask again next cycle.
      if (r.code !== 0) complete = false;
      return [j.jid, r.code === 0 ? parseIf(`jexec ${j.jid} ifconfig`, r.stdout) : []] as const;
    }),
  );
  mem.jailIfs = new Map(answers);
  mem.jailKey = complete ? key : null;
  mem.sinceJailRefresh = 0;
  return mem.jailIfs;
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
  const [listOut, typesOut, jlsOut, ifOut, kldOut] = await Promise.all([
    exec.check(['ngctl', '-n', sock(), 'list', '-l']),
    exec.check(['ngctl', '-n', sock(), 'types']),
    exec.check(JLS_ARGV),
    exec.check(['ifconfig']),
    exec.check(['kldstat']),
  ]);
  const nodes = hostNodes(listOut, prefix);
  // As read, before the snapshot is built from (and normalizes) them: what the end-of-cycle read is compared with.
  const nodesRead = JSON.stringify(nodes);
  const typeNames = must('ngctl types', parseNgctlTypes(typesOut)).map((t) => t.name);
  const jails = jailsFromJls(must('jls', parseJlsJson(jlsOut)));
  const hostIfs = parseIf('ifconfig', ifOut);
  const kld = parseKldstat(kldOut);
  if (!kld.ok) throw new Error(`cannot read the output of ${kld.error}`);
  const [ifnames, inJails] = await Promise.all([
    getifnames(exec, sock(), nodes),
    jailInterfaces(exec, mem, jailKeyOf(hostIfs, jails, nodes), jails, opts.jailRefreshEvery ?? 30),
  ]);
  const vnets: VnetInterfaces[] = [{ jail: null, list: hostIfs }];
  for (const j of jails) {
    const list = inJails.get(j.jid);
    if (j.vnet && list) {
      vnets.push({ jail: j.name, list });
      j.interfaces = list.map((i) => i.name).sort(compareStrings);
    }
  }
  const release = opts.release ?? (process.platform === 'freebsd' ? osRelease() : '');
  const listLayout = listLayoutOf(listOut);
  const facts: HostFacts = { listLayout, jlsVersion: jlsVersionOf(jlsOut), ngEther: kld.modules.includes('ng_ether'), bridgeHooks: bridgeHooksOf(release, listLayout) };
  const snapshot = normalizeSnapshot({
    version: 0,
    host: { hostname: opts.hostname ?? osHostname(), backend: 'freebsd', release, emulated: false, facts },
    modules: kld.modules,
    netgraph: { nodes, types: typesWithCounts(typeNames, nodes) },
    interfaces: buildInterfaces(vnets, nodes, ifnames),
    jails,
  });
  return { snapshot, nodesRead };
}
