// What a path endpoint names (pure): a jail, an interface (`name`, or
// `jail/name` inside a vnet jail), or a netgraph node (`name:` or `[id]`, as
// ngctl addresses it). A bare name is a jail first, then an interface (the
// host's own before one inside a jail), then a node.
import { interfaceKey } from '../model/snapshot.js';
import type { HostSnapshot, Interface } from '../model/snapshot.js';
import { hostKey, ifKey, jailKey, ngKey } from './graph.js';
import type { PathRef } from './types.js';

export interface Endpoint {
  /** The element's key in the path graph. */
  key: string;
  /** How hops name it (a jail without a vnet keeps its name; it traces as the host's stack). */
  ref: PathRef;
}

export type Resolved = Endpoint | { error: string };

const nodeRef = (s: HostSnapshot, id: string): Resolved => {
  const n = s.netgraph.nodes.find((x) => x.id === id);
  return n ? { key: ngKey(n.id), ref: { kind: 'node', id: n.id, name: n.name, type: n.type } } : { error: `no netgraph node [${id}] on the host` };
};

const ifRef = (i: Interface): Endpoint => ({ key: ifKey(i), ref: { kind: 'interface', name: i.name, jail: i.jail } });

/** The endpoint of an element named by a ref (the UI's selection). */
export function endpointOf(s: HostSnapshot, r: PathRef): Resolved {
  switch (r.kind) {
    case 'host':
      return { key: hostKey, ref: r };
    case 'jail': {
      const j = s.jails.find((x) => x.name === r.name);
      if (!j) return { error: `no jail ${r.name} on the host` };
      return { key: j.vnet ? jailKey(j.name) : hostKey, ref: r };
    }
    case 'interface': {
      const i = s.interfaces.find((x) => x.name === r.name && x.jail === r.jail);
      return i ? ifRef(i) : { error: `no interface ${interfaceKey(r)} on the host` };
    }
    case 'node':
      return nodeRef(s, r.id);
    case 'wire':
      return { error: `a NIC's wire is not an endpoint: name the interface ${r.name}` };
  }
}

/** The endpoint an argument names, or why it names nothing. */
export function resolveEndpoint(s: HostSnapshot, text: string): Resolved {
  const t = text.trim();
  if (t === '') return { error: 'empty endpoint: name a jail, an interface or a netgraph node' };
  const id = /^\[([0-9a-fA-F]+)\]:?$/.exec(t);
  if (id) return nodeRef(s, (id[1] as string).toLowerCase().replace(/^0+(?=.)/, ''));
  if (t.endsWith(':')) {
    const n = s.netgraph.nodes.find((x) => x.name === t.slice(0, -1));
    return n ? nodeRef(s, n.id) : { error: `no netgraph node named ${t.slice(0, -1)} on the host` };
  }
  const slash = t.indexOf('/');
  if (slash > 0) {
    const [jail, name] = [t.slice(0, slash), t.slice(slash + 1)];
    const i = s.interfaces.find((x) => x.jail === jail && x.name === name);
    if (i) return ifRef(i);
    return s.jails.some((j) => j.name === jail) ? { error: `no interface ${name} in jail ${jail}` } : { error: `no jail ${jail} on the host (in ${t})` };
  }
  if (s.jails.some((j) => j.name === t)) return endpointOf(s, { kind: 'jail', name: t });
  const ifs = s.interfaces.filter((x) => x.name === t);
  const onHost = ifs.find((x) => x.jail === null);
  if (onHost) return ifRef(onHost);
  if (ifs.length === 1) return ifRef(ifs[0] as Interface);
  if (ifs.length > 1) return { error: `interface ${t} is in several jails (${ifs.map(interfaceKey).join(', ')}): name one as JAIL/${t}` };
  const n = s.netgraph.nodes.find((x) => x.name === t);
  if (n) return nodeRef(s, n.id);
  return { error: `no jail, interface or netgraph node named ${t} on the host` };
}

/** An IPv4 address without its prefix length. */
const bare = (a: string): string => a.split('/')[0] as string;

/**
 * The IPv4 address a probe pings to reach an endpoint, and the interface it
 * belongs to: the interface's first address; for a jail, the first address of
 * its interfaces (a vnet jail) or its ip4 list (a jail without vnet); for a
 * node, that of the interface bound to it. Null when the snapshot knows none.
 */
export function probeAddress(s: HostSnapshot, r: PathRef): { addr: string; on: string | null } | null {
  const first = (i: Interface | undefined): { addr: string; on: string } | null => {
    const a = i?.inet?.[0];
    return i && a ? { addr: bare(a), on: i.name } : null;
  };
  switch (r.kind) {
    case 'interface':
      return first(s.interfaces.find((x) => x.name === r.name && x.jail === r.jail));
    case 'node':
      return first(s.interfaces.find((x) => x.ngNode === r.id && x.jail === null) ?? s.interfaces.find((x) => x.ngNode === r.id));
    case 'jail': {
      const j = s.jails.find((x) => x.name === r.name);
      if (!j) return null;
      if (!j.vnet) return j.ip4[0] ? { addr: bare(j.ip4[0]), on: null } : null;
      for (const i of s.interfaces) {
        if (i.jail !== j.name || i.kind === 'loopback') continue;
        const p = first(i);
        if (p) return p;
      }
      return null;
    }
    default:
      return null;
  }
}
