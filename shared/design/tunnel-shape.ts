// Structural reading of the parts of a design that span hosts: tunnels and
// vxlan interfaces (the ranges and references are checked in span-rules.ts).
import type { DesignTunnel, DesignVxlan, TunnelEnd } from './types.js';
import { label, type Obj, type Reader } from './shape.js';

function readTunnelEnd(r: Reader, v: unknown, path: string, el: string): TunnelEnd | null {
  const o = r.obj(v, path, el, ['host', 'node', 'hook']);
  if (!o) return null;
  const node = r.str(o, 'node', path, el, true);
  const hook = r.str(o, 'hook', path, el, false);
  if (node === undefined) return null;
  const e: TunnelEnd = { node };
  r.host(o, path, el, e);
  if (hook !== undefined) e.hook = hook;
  return e;
}

/** One element of `tunnels`. */
export function readTunnel(r: Reader, v: unknown, i: number): DesignTunnel | null {
  const path = `tunnels[${i}]`;
  const el = label('tunnel', (v as Obj | null)?.['name'], i);
  const o = r.obj(v, path, el, ['name', 'kind', 'a', 'b', 'port', 'vni']);
  if (!o) return null;
  const name = r.str(o, 'name', path, el, true);
  const kind = r.str(o, 'kind', path, el, true);
  if (kind !== undefined && kind !== 'udp' && kind !== 'vxlan') {
    r.err(`${path}.kind`, el, 'kind', 'enum', `${el}: "kind" must be "udp" or "vxlan", not ${JSON.stringify(kind)}`);
  }
  const a = readTunnelEnd(r, o['a'], `${path}.a`, el);
  const b = readTunnelEnd(r, o['b'], `${path}.b`, el);
  const port = r.int(o, 'port', path, el, true);
  const vni = r.int(o, 'vni', path, el, false);
  if (name === undefined || (kind !== 'udp' && kind !== 'vxlan') || !a || !b || port === undefined) return null;
  const t: DesignTunnel = { name, kind, a, b, port };
  if (vni !== undefined) t.vni = vni;
  return t;
}

/** One element of `vxlans`. */
export function readVxlan(r: Reader, v: unknown, i: number): DesignVxlan | null {
  const path = `vxlans[${i}]`;
  const el = label('vxlan', (v as Obj | null)?.['name'], i);
  const o = r.obj(v, path, el, ['host', 'name', 'vni', 'local', 'remote', 'port']);
  if (!o) return null;
  const name = r.str(o, 'name', path, el, true);
  const vni = r.int(o, 'vni', path, el, true);
  const local = r.str(o, 'local', path, el, true);
  const remote = r.str(o, 'remote', path, el, true);
  const port = r.int(o, 'port', path, el, false);
  if (name === undefined || vni === undefined || local === undefined || remote === undefined) return null;
  const x: DesignVxlan = { name, vni, local, remote };
  r.host(o, path, el, x);
  if (port !== undefined) x.port = port;
  return x;
}
