// Netgraph part of planning, step one: match design nodes to observed ones,
// decide which observed nodes and links go, and which design links already
// exist. Pure bookkeeping; the commands are built in netgraph-teardown/build.
import type { NgNode } from '../model/snapshot.js';
import type { DesignNode } from '../design/types.js';
import { creatable } from '../design/hook-rules.js';
import { isIdKey } from '../design/name-rules.js';
import type { Ctx } from './context.js';
import { nodeKey, note, removable } from './context.js';
import { ksocketConfig, ownedConfig } from './ledger.js';

export interface ObservedLink {
  a: NgNode;
  aHook: string;
  b: NgNode;
  bHook: string;
}

export interface NgAnalysis {
  /** Design name → the observed node it is. */
  existing: Map<string, NgNode>;
  /** ether nodes that appear once `kldload ng_ether` runs. */
  pendingEther: Set<string>;
  /** Design nodes to create (sorted). */
  create: DesignNode[];
  /** Design nodes that cannot exist (reported in notes); their links are skipped. */
  missing: Set<string>;
  /** Observed nodes to shut down explicitly (sorted by key). */
  shutdown: NgNode[];
  /** Observed links between two kept design nodes that the design does not have. */
  disconnect: ObservedLink[];
  /** Keys (`linkKey`) of design links that exist already. */
  present: Set<string>;
  /** `node:hook` of design nodes held by links to nodes outside the design → that node. */
  foreignHooks: Map<string, NgNode>;
  /** Every observed link, once. */
  links: ObservedLink[];
  /**
   * Pipes shut down with both hooks linked (pipe ID → its two peers): ng_pipe's
   * shutdown links those peers to each other (ng_bypass). `wanted`: the design
   * has that link, so the shutdown makes it; otherwise the pipe is unhooked first.
   */
  bypass: Map<string, { upper: { node: NgNode; hook: string }; lower: { node: NgNode; hook: string }; wanted: boolean }>;
}

/** Canonical key of an undirected link between two `node:hook` ends. */
export function linkKey(a: string, ah: string, b: string, bh: string): string {
  const x = `${a}:${ah}`;
  const y = `${b}:${bh}`;
  return x < y ? `${x}|${y}` : `${y}|${x}`;
}

/** ng_ether names its node after the interface with `.` and `:` replaced by `_` (facts §3.3). */
export function etherNodeName(ifname: string): string {
  return ifname.replace(/[.:]/g, '_');
}

/** Every observed link once (each appears in both nodes' hook lists). */
function observedLinks(ctx: Ctx): ObservedLink[] {
  const out: ObservedLink[] = [];
  const seen = new Set<string>();
  for (const a of ctx.observed.netgraph.nodes) {
    for (const h of a.hooks) {
      const b = ctx.nodeById.get(h.peerId);
      if (!b) continue;
      const k = linkKey(a.id, h.hook, b.id, h.peerHook);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ a, aHook: h.hook, b, bHook: h.peerHook });
    }
  }
  return out;
}

function matchEther(ctx: Ctx, dn: DesignNode, an: NgAnalysis): void {
  const obs = ctx.nodeByKey.get(dn.name);
  if (obs?.type === 'ether') {
    an.existing.set(dn.name, obs);
    return;
  }
  const nic = ctx.observed.interfaces.find((i) => i.jail === null && etherNodeName(i.name) === dn.name && i.kind !== 'eiface');
  if (!obs && nic && !ctx.observed.modules.includes('ng_ether')) {
    an.pendingEther.add(dn.name);
    return;
  }
  an.missing.add(dn.name);
  const why = obs ? `node ${dn.name} exists but is of type ${obs.type}` : `there is no host interface behind an ng_ether node named ${dn.name}`;
  note(ctx, 'blocker', { kind: 'node', name: dn.name }, `${why}; its links are left out`);
}

/**
 * A ksocket ngstudio made with other addresses than the design gives it now
 * (the ledger recorded them; a socket cannot be re-bound): made again.
 */
function remade(ctx: Ctx, dn: DesignNode): boolean {
  if (dn.type !== 'ksocket') return false;
  const was = ownedConfig(ctx.ledger, dn.name);
  return was !== undefined && was !== ksocketConfig(dn);
}

/** Sorts design nodes into existing / to create / impossible; queues replaced nodes for shutdown. */
function matchNodes(ctx: Ctx, an: NgAnalysis, doomed: Map<string, NgNode>): void {
  const sorted = [...ctx.design.nodes].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  for (const dn of sorted) {
    if (dn.type === 'ether') {
      matchEther(ctx, dn, an);
      continue;
    }
    const obs = ctx.nodeByKey.get(dn.name);
    if (obs && obs.type === dn.type && !remade(ctx, dn)) {
      an.existing.set(dn.name, obs);
      continue;
    }
    const ref = { kind: 'node' as const, name: dn.name };
    if (obs && !removable(ctx, 'node', dn.name)) {
      an.missing.add(dn.name);
      note(ctx, 'blocker', ref, `node ${dn.name} exists with type ${obs.type}, not ${dn.type}, and ngstudio did not create it; delete it explicitly to replace it`);
    } else if (!obs && isIdKey(dn.name)) {
      an.missing.add(dn.name);
      note(ctx, 'blocker', ref, `the unnamed node ${dn.name} no longer exists and an unnamed node cannot be created; give it a name`);
    } else if (!creatable(dn.type)) {
      an.missing.add(dn.name);
      note(ctx, 'blocker', ref, `a node of type ${dn.type} cannot be created with mkpeer`);
    } else {
      if (obs) doomed.set(obs.id, obs);
      an.create.push(dn);
    }
  }
}

/** Matches the design against the observed netgraph. */
export function analyzeNetgraph(ctx: Ctx): NgAnalysis {
  const an: NgAnalysis = {
    existing: new Map(), pendingEther: new Set(), create: [], missing: new Set(), shutdown: [],
    disconnect: [], present: new Set(), foreignHooks: new Map(), links: observedLinks(ctx), bypass: new Map(),
  };
  const doomed = new Map<string, NgNode>();
  matchNodes(ctx, an, doomed);
  for (const n of ctx.observed.netgraph.nodes) {
    const key = nodeKey(n);
    if (n.type === 'socket' || ctx.designNode.has(key)) continue;
    if (removable(ctx, 'node', key)) doomed.set(n.id, n);
  }
  an.shutdown = [...doomed.values()].sort((x, y) => (nodeKey(x) < nodeKey(y) ? -1 : 1));
  const designLinks = new Set(ctx.design.links.map((l) => linkKey(l.a.node, l.a.hook, l.b.node, l.b.hook)));
  const keptKey = new Map([...an.existing].map(([name, n]) => [n.id, name]));
  for (const l of an.links) {
    if (doomed.has(l.a.id) || doomed.has(l.b.id)) continue;
    const ka = keptKey.get(l.a.id);
    const kb = keptKey.get(l.b.id);
    if (ka !== undefined && kb !== undefined) {
      const k = linkKey(ka, l.aHook, kb, l.bHook);
      if (designLinks.has(k)) an.present.add(k);
      else an.disconnect.push(l);
    } else {
      if (ka !== undefined) an.foreignHooks.set(`${ka}:${l.aHook}`, l.b);
      if (kb !== undefined) an.foreignHooks.set(`${kb}:${l.bHook}`, l.a);
    }
  }
  pipeBypasses(ctx, an, doomed, keptKey, designLinks);
  return an;
}

/** Doomed pipes whose shutdown joins two surviving peers: the joined link counts as present when the design wants it. */
function pipeBypasses(ctx: Ctx, an: NgAnalysis, doomed: Map<string, NgNode>, keptKey: Map<string, string>, designLinks: Set<string>): void {
  for (const p of doomed.values()) {
    if (p.type !== 'pipe') continue;
    const end = (hook: string): { node: NgNode; hook: string } | null => {
      const h = p.hooks.find((x) => x.hook === hook);
      const n = h && ctx.nodeById.get(h.peerId);
      return h && n && !doomed.has(n.id) && n !== p ? { node: n, hook: h.peerHook } : null;
    };
    const upper = end('upper');
    const lower = end('lower');
    if (!upper || !lower) continue;
    const ku = keptKey.get(upper.node.id);
    const kl = keptKey.get(lower.node.id);
    const k = ku !== undefined && kl !== undefined ? linkKey(ku, upper.hook, kl, lower.hook) : null;
    const wanted = k !== null && designLinks.has(k);
    if (wanted) an.present.add(k);
    an.bypass.set(p.id, { upper, lower, wanted });
  }
}
