// The rules of a design that spans hosts: tunnels (names, kinds, ports, VNIs,
// ends on two different hosts, each end on a node or if_bridge the design
// has on that host, one port used once per host), vxlan interfaces, and —
// given the hosts that are known — objects on hosts that are not.
import type { Design, DesignVxlan, Problem } from './types.js';
import { hostKey, LOCAL_HOST, VXLAN_PORT } from './hosts.js';
import { checkHook, checkIfName, checkNodeKey } from './name-rules.js';

const err = (path: string, element: string, field: string, rule: string, message: string): Problem => ({ severity: 'error', path, element, field, rule, message });

/** How a host is named in messages. */
export function hostWords(host: string): string {
  return host === LOCAL_HOST ? 'the local host' : `host ${host}`;
}

/** A host name as `hostname` prints it: letters, digits, `-`, dot-separated labels. */
export function checkHostName(h: string): string | null {
  if (h.length === 0 || h.length > 253) return `host name ${JSON.stringify(h.slice(0, 40))} must be 1 to 253 characters`;
  if (!/^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/.test(h)) return `${JSON.stringify(h.slice(0, 40))} is not a host name (letters, digits and -, in labels separated by dots)`;
  return null;
}

/** A dotted IPv4 address, each part 0-255 without leading zeros. */
export function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

/** ng_ksocket's `inet/ADDR:PORT` (bind / connect), or why not. */
export function checkInetSockaddr(s: string): string | null {
  const m = /^inet\/([0-9.]+):([0-9]+)$/.exec(s);
  if (!m || !isIpv4(m[1] as string) || Number(m[2]) < 1 || Number(m[2]) > 65535) return `${JSON.stringify(s.slice(0, 60))} is not inet/ADDR:PORT (an IPv4 address and a port from 1 to 65535)`;
  return null;
}

const portWhy = (p: number): string | null => (p >= 1 && p <= 65535 ? null : `port ${p} is out of range (1-65535)`);
const vniWhy = (v: number): string | null => (v <= 16777215 ? null : `VNI ${v} is out of range (0-16777215, 24 bits)`);

/** Problems of vxlan interfaces (within one host's design). */
export function vxlanProblems(xs: DesignVxlan[]): Problem[] {
  const out: Problem[] = [];
  xs.forEach((x, i) => {
    const path = `vxlans[${i}]`;
    const el = `vxlan ${x.name}`;
    const bad = checkIfName(x.name);
    if (bad) out.push(err(`${path}.name`, el, 'name', 'if-name', `${el}: name ${bad}`));
    const v = vniWhy(x.vni);
    if (v) out.push(err(`${path}.vni`, el, 'vni', 'vni-range', `${el}: ${v}`));
    for (const k of ['local', 'remote'] as const) {
      if (!isIpv4(x[k])) out.push(err(`${path}.${k}`, el, k, 'ipv4', `${el}: "${k}" must be an IPv4 address, not ${JSON.stringify(x[k].slice(0, 40))}`));
    }
    const p = x.port === undefined ? null : portWhy(x.port);
    if (p) out.push(err(`${path}.port`, el, 'port', 'port-range', `${el}: ${p}`));
  });
  return out;
}

/** Problems of the tunnels of a (well-shaped) design. */
export function tunnelProblems(d: Design): Problem[] {
  const out: Problem[] = [];
  const names = new Map<string, number>();
  // host → port → who uses it ("tunnel t1", "vxlan vx0").
  const ports = new Map<string, Map<number, string>>();
  const usePort = (host: string, port: number, who: string): string | undefined => {
    const m = ports.get(host) ?? new Map<number, string>();
    ports.set(host, m);
    const prev = m.get(port);
    if (prev === undefined) m.set(port, who);
    return prev;
  };
  for (const x of d.vxlans ?? []) usePort(hostKey(x), x.port ?? VXLAN_PORT, `vxlan ${x.name}`);
  (d.tunnels ?? []).forEach((t, i) => {
    const path = `tunnels[${i}]`;
    const el = `tunnel ${t.name}`;
    const badName = t.kind === 'vxlan' ? (checkIfName(t.name) ? `${checkIfName(t.name)} (a vxlan tunnel is an interface of that name)` : null) : checkNodeKey(t.name);
    if (badName) out.push(err(`${path}.name`, el, 'name', t.kind === 'vxlan' ? 'if-name' : 'node-name', `${el}: name ${badName}`));
    const prev = names.get(t.name);
    if (prev !== undefined) out.push(err(`${path}.name`, el, 'name', 'duplicate', `two tunnels are named ${t.name} (tunnels[${prev}] and tunnels[${i}])`));
    else names.set(t.name, i);
    const pw = portWhy(t.port);
    if (pw) out.push(err(`${path}.port`, el, 'port', 'port-range', `${el}: ${pw}`));
    if (t.kind === 'vxlan') {
      if (t.vni === undefined) out.push(err(`${path}.vni`, el, 'vni', 'required', `${el}: a vxlan tunnel needs "vni" (0-16777215)`));
      else if (vniWhy(t.vni)) out.push(err(`${path}.vni`, el, 'vni', 'vni-range', `${el}: ${vniWhy(t.vni)}`));
    } else if (t.vni !== undefined) out.push(err(`${path}.vni`, el, 'vni', 'option-kind', `${el}: "vni" is for vxlan tunnels; a udp tunnel has none`));
    if (hostKey(t.a) === hostKey(t.b)) {
      out.push(err(`${path}.b.host`, el, 'host', 'same-host', `${el}: both ends are on ${hostWords(hostKey(t.a))}; a tunnel joins two different hosts`));
    }
    for (const side of ['a', 'b'] as const) {
      const e = t[side];
      const host = hostKey(e);
      const ep = `${path}.${side}`;
      if (e.host !== undefined && checkHostName(e.host)) out.push(err(`${ep}.host`, el, 'host', 'host-name', `${el}: ${checkHostName(e.host)}`));
      if (t.kind === 'udp') {
        if (e.hook === undefined) out.push(err(`${ep}.hook`, el, 'hook', 'required', `${el}: end ${side} needs "hook", the hook of ${e.node} the tunnel carries`));
        else if (checkHook(e.hook)) out.push(err(`${ep}.hook`, el, 'hook', 'hook-name', `${el}: hook ${checkHook(e.hook)}`));
        if (!d.nodes.some((n) => n.name === e.node && hostKey(n) === host)) {
          out.push(err(`${ep}.node`, el, 'node', 'unknown-node', `${el}: there is no node ${e.node} on ${hostWords(host)} in the design`));
        }
      } else {
        if (e.hook !== undefined) out.push(err(`${ep}.hook`, el, 'hook', 'option-kind', `${el}: a vxlan tunnel joins an if_bridge; end ${side} takes no "hook"`));
        if (!d.bridges.some((b) => b.name === e.node && hostKey(b) === host)) {
          out.push(err(`${ep}.node`, el, 'node', 'unknown-bridge', `${el}: there is no if_bridge ${e.node} on ${hostWords(host)} in the design (a vxlan tunnel ends on an if_bridge)`));
        }
      }
      if (pw === null && hostKey(t.a) !== hostKey(t.b)) {
        const held = usePort(host, t.port, el);
        if (held !== undefined) out.push(err(`${path}.port`, el, 'port', 'port-in-use', `${el}: UDP port ${t.port} on ${hostWords(host)} is already used by ${held}`));
      }
    }
  });
  return out;
}

/** Every path in `d` naming a host, with the host. */
function hostRefs(d: Design): { path: string; element: string; host: string }[] {
  const out: { path: string; element: string; host: string }[] = [];
  const add = (xs: { host?: string }[] | undefined, section: string, el: (i: number) => string): void => {
    (xs ?? []).forEach((x, i) => x.host !== undefined && out.push({ path: `${section}[${i}].host`, element: el(i), host: x.host }));
  };
  add(d.nodes, 'nodes', (i) => `node ${d.nodes[i]?.name}`);
  add(d.links, 'links', (i) => `link #${i + 1}`);
  add(d.epairs, 'epairs', (i) => `epair ${d.epairs[i]?.a.name}`);
  add(d.bridges, 'bridges', (i) => `if_bridge ${d.bridges[i]?.name}`);
  add(d.jails, 'jails', (i) => `jail ${d.jails[i]?.name}`);
  add(d.vxlans, 'vxlans', (i) => `vxlan ${d.vxlans?.[i]?.name}`);
  add(d.delete, 'delete', (i) => `delete #${i + 1}`);
  (d.tunnels ?? []).forEach((t, i) => {
    for (const side of ['a', 'b'] as const) if (t[side].host !== undefined) out.push({ path: `tunnels[${i}].${side}.host`, element: `tunnel ${t.name}`, host: t[side].host as string });
  });
  return out;
}

/** Host names that are not well formed (any design). */
export function hostNameProblems(d: Design): Problem[] {
  return hostRefs(d).filter((r) => !r.path.startsWith('tunnels[') && checkHostName(r.host) !== null)
    .map((r) => err(r.path, r.element, 'host', 'host-name', `${r.element}: ${checkHostName(r.host)}`));
}

/** Objects and tunnel ends on hosts not in `known` (the peers' hostnames; the local host is always known). */
export function unknownHostProblems(d: Design, known: string[]): Problem[] {
  const list = known.length > 0 ? `the known hosts are ${known.join(', ')}` : 'no peer hosts are known (give them with --peer URL)';
  return hostRefs(d).filter((r) => !known.includes(r.host))
    .map((r) => err(r.path, r.element, 'host', 'unknown-host', `${r.element}: host ${r.host} is neither this host nor a peer; ${list}`));
}
