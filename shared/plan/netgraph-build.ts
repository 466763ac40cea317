// Netgraph build: create the design's new nodes, name them, connect the rest.
// A node can only be created by `mkpeer` from a node that exists, so new nodes
// grow out of kept nodes along design links (each mkpeer also makes that link).
// A group of new nodes touching nothing that exists is grown from ngctl's own
// socket node `.` on a spare hook; the whole phase is one `ngctl -f -` script,
// so `.` lives until the end and every bridge has its design links (or
// setpersistent) before ngctl exits. Each node is named right after its mkpeer,
// through the path it was created on (`name br0:link3 X`), so later lines can
// use `X:`; an eiface names itself `ngethN`, and naming a node to the name it
// already has fails (EADDRINUSE), so a design name of that form goes through a
// temporary name.
import type { DesignLink, DesignNode } from '../design/types.js';
import { releaseHookRefusal, spareHook } from '../design/hook-rules.js';
import type { Ctx } from './context.js';
import { ngctl, note, tmpName } from './context.js';
import type { NgAnalysis } from './netgraph-analysis.js';
import { linkKey } from './netgraph-analysis.js';
import type { Change, Command } from './types.js';

type State = {
  /** Design name → ngctl address of nodes that exist at this point of the script. */
  addr: Map<string, string>;
  /** Keys of design links made. */
  made: Set<string>;
  out: Change[];
  socketHooks: number;
};

const other = (l: DesignLink, name: string): { node: string; hook: string; mine: string } =>
  l.a.node === name ? { node: l.b.node, hook: l.b.hook, mine: l.a.hook } : { node: l.a.node, hook: l.a.hook, mine: l.b.hook };

function nameCommands(ctx: Ctx, dn: DesignNode, path: string): Command[] {
  if (dn.type === 'eiface' && /^ngeth[0-9]+$/.test(dn.name)) {
    const tmp = tmpName(ctx);
    return [ngctl('name', path, tmp), ngctl('name', `${tmp}:`, dn.name)];
  }
  return [ngctl('name', path, dn.name)];
}

/** mkpeer + name (+ setpersistent / setconfig) for one new node. */
function createNode(ctx: Ctx, st: State, dn: DesignNode, from: string, hook: string, peerHook: string, fromNode: string | null): void {
  const object = { kind: 'node' as const, name: dn.name };
  const path = `${from.endsWith(':') ? from : `${from}:`}${hook}`;
  st.out.push({
    type: 'create-node', impact: 'create', phase: 'build-netgraph', object, node: dn.name, ngType: dn.type, from, hook, peerHook,
    commands: [ngctl('mkpeer', from, dn.type, hook, peerHook)],
  });
  st.out.push({ type: 'name-node', impact: 'create', phase: 'build-netgraph', object, node: dn.name, path, commands: nameCommands(ctx, dn, path) });
  st.addr.set(dn.name, `${dn.name}:`);
  if (fromNode !== null) st.made.add(linkKey(fromNode, hook, dn.name, peerHook));
  if (dn.persistent && (dn.type === 'bridge' || dn.type === 'hub')) {
    st.out.push({ type: 'set-persistent', impact: 'update', phase: 'build-netgraph', object, node: dn.name, reason: 'design', commands: [ngctl('msg', `${dn.name}:`, 'setpersistent')] });
  }
  for (const msg of ['bind', 'connect'] as const) {
    const address = dn.type === 'ksocket' ? dn[msg] : undefined;
    if (address === undefined) continue;
    st.out.push({ type: 'ksocket-msg', impact: 'update', phase: 'build-netgraph', object, node: dn.name, msg, address, commands: [ngctl('msg', `${dn.name}:`, msg, address)] });
  }
  const cfg = dn.type === 'bridge' ? dn.config : undefined;
  if (cfg && Object.keys(cfg).length > 0) {
    const fields = Object.entries(cfg).map(([k, v]) => `${k}=${v}`);
    st.out.push({ type: 'set-config', impact: 'update', phase: 'build-netgraph', object, node: dn.name, commands: [ngctl('msg', `${dn.name}:`, 'setconfig', '{', ...fields, '}')] });
  }
}

/** Grows new nodes out of existing ones along design links until nothing more can be reached. */
function grow(ctx: Ctx, st: State, pending: Map<string, DesignNode>, links: DesignLink[]): void {
  for (let progress = true; progress; ) {
    progress = false;
    for (const l of links) {
      for (const side of [l.a, l.b]) {
        const o = other(l, side.node);
        const from = st.addr.get(side.node);
        const dn = pending.get(o.node);
        if (from === undefined || !dn || st.made.has(linkKey(l.a.node, l.a.hook, l.b.node, l.b.hook))) continue;
        pending.delete(o.node);
        createNode(ctx, st, dn, from, o.mine, o.hook, side.node);
        progress = true;
      }
    }
  }
}

/** Roots one group of unreachable new nodes at ngctl's socket node; false when no node can be a root. */
function rootAtSocket(ctx: Ctx, st: State, pending: Map<string, DesignNode>, links: DesignLink[]): boolean {
  const usedHooks = (name: string): Set<string> =>
    new Set(links.flatMap((l) => [l.a, l.b]).filter((e) => e.node === name).map((e) => e.hook));
  const candidates = [...pending.values()];
  // A non-eiface root keeps the eiface's only hook free for its design link.
  const root = candidates.find((d) => d.type !== 'eiface' && spareHook(d.type, usedHooks(d.name)) !== null)
    ?? candidates.find((d) => d.type === 'eiface');
  if (!root) return false;
  pending.delete(root.name);
  const sock = `ngctl${st.socketHooks++}`;
  const spare = root.type === 'eiface' ? 'ether' : (spareHook(root.type, usedHooks(root.name)) as string);
  createNode(ctx, st, root, '.', sock, spare, null);
  if (root.type === 'eiface' && usedHooks(root.name).size > 0) {
    // Free the eiface's only hook for its design link; an eiface outlives its hooks.
    st.out.push({
      type: 'disconnect', impact: 'update', phase: 'build-netgraph', object: { kind: 'link', name: `.:${sock}` },
      node: '.', hook: sock, peer: { node: root.name, hook: 'ether' }, commands: [ngctl('rmhook', '.', sock)],
    });
  }
  return true;
}

/** The build-netgraph changes: creations, names, remaining connects, vlan filters. */
export function planNetgraphBuild(ctx: Ctx, an: NgAnalysis): Change[] {
  const st: State = { addr: new Map(), made: new Set(an.present), out: [], socketHooks: 0 };
  for (const [name, n] of an.existing) st.addr.set(name, `${n.name ?? `[${n.id}]`}:`);
  for (const name of an.pendingEther) st.addr.set(name, `${name}:`);
  const usable = (l: DesignLink): boolean => !an.missing.has(l.a.node) && !an.missing.has(l.b.node);
  const links = ctx.design.links.filter((l) => {
    if (!usable(l)) return false;
    const held = [l.a, l.b].find((e) => an.foreignHooks.has(`${e.node}:${e.hook}`));
    const by = held && an.foreignHooks.get(`${held.node}:${held.hook}`);
    if (held && by?.type === 'pipe') {
      const pipe = by.name ?? `[${by.id}]`;
      note(ctx, 'blocker', { kind: 'link', name: `${held.node}:${held.hook}` }, `hook ${held.node}:${held.hook} goes through pipe node ${pipe}, which ngstudio did not create; impair the link to keep it, or list {"kind": "node", "name": "${pipe}"} under delete to remove it`);
    } else if (held) note(ctx, 'blocker', { kind: 'link', name: `${held.node}:${held.hook}` }, `hook ${held.node}:${held.hook} is used by a link to a node outside the design; this link is left out`);
    if (held) return false;
    for (const e of [l.a, l.b]) {
      const type = ctx.designNode.get(e.node)?.type ?? ctx.nodeByKey.get(e.node)?.type;
      const why = type === undefined ? null : releaseHookRefusal(type, e.hook, ctx.observed.host.release);
      if (why !== null) {
        note(ctx, 'blocker', { kind: 'link', name: `${e.node}:${e.hook}` }, `hook ${e.node}:${e.hook}: ${why}; this link is left out`);
        return false;
      }
    }
    return true;
  });
  const pending = new Map(an.create.map((d) => [d.name, d]));
  grow(ctx, st, pending, links);
  while (pending.size > 0) {
    if (!rootAtSocket(ctx, st, pending, links)) {
      for (const d of pending.values()) note(ctx, 'blocker', { kind: 'node', name: d.name }, `node ${d.name} (${d.type}) cannot be created: link it to an existing node`);
      break;
    }
    grow(ctx, st, pending, links);
  }
  const created = new Set(an.create.map((d) => d.name));
  for (const l of links) {
    const k = linkKey(l.a.node, l.a.hook, l.b.node, l.b.hook);
    const a = st.addr.get(l.a.node);
    const b = st.addr.get(l.b.node);
    if (st.made.has(k) || a === undefined || b === undefined) continue;
    st.made.add(k);
    st.out.push({
      type: 'connect', impact: 'create', phase: 'build-netgraph', object: { kind: 'link', name: k }, a: l.a, b: l.b,
      commands: [ngctl('connect', a, b, l.a.hook, l.b.hook)],
    });
  }
  st.out.push(...vlanFilters(ctx, an, created));
  return st.out;
}

/** addfilter for vlan filters whose hook is linked in this plan (ng_vlan wants the hook to exist). */
function vlanFilters(ctx: Ctx, an: NgAnalysis, created: Set<string>): Change[] {
  const out: Change[] = [];
  for (const dn of ctx.design.nodes) {
    if (dn.type !== 'vlan' || !dn.filters || an.missing.has(dn.name)) continue;
    for (const f of dn.filters) {
      const linked = ctx.design.links.some((l) => [l.a, l.b].some((e) => e.node === dn.name && e.hook === f.hook));
      const fresh = created.has(dn.name) || !ctx.design.links.some((l) => an.present.has(linkKey(l.a.node, l.a.hook, l.b.node, l.b.hook)) && [l.a, l.b].some((e) => e.node === dn.name && e.hook === f.hook));
      if (!linked || !fresh) continue;
      out.push({
        type: 'vlan-filter', impact: 'update', phase: 'build-netgraph', object: { kind: 'node', name: dn.name }, node: dn.name, vlan: f.vlan, hook: f.hook,
        commands: [ngctl('msg', `${dn.name}:`, 'addfilter', '{', `vlan=${f.vlan}`, `hook="${f.hook}"`, '}')],
      });
    }
  }
  return out;
}
