// Structural check of an untrusted design document (wrong types, missing
// fields, unknown keys, unknown format): every problem is collected, nothing
// throws. The semantic rules (FreeBSD names, hooks, jails) live in validate.ts.
import type {
  Design, DesignEpair, DesignIfBridge, DesignImpair, DesignJail, DesignLink, DesignNode, DeleteRef, EpairEnd, ImpairDirection, LinkEnd, Problem,
} from './types.js';
import { DESIGN_FORMAT } from './types.js';
import { DIRECTION_FIELDS } from './impair.js';
import { readTunnel, readVxlan } from './tunnel-shape.js';

export type Obj = Record<string, unknown>;

/** Collects problems while reading one document. */
export class Reader {
  problems: Problem[] = [];

  err(path: string, element: string, field: string, rule: string, message: string): void {
    this.problems.push({ severity: 'error', path, element, field, rule, message });
  }

  /** The value as an object, or null after recording why not. */
  obj(v: unknown, path: string, element: string, allowed: string[]): Obj | null {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      this.err(path, element, lastField(path), 'type', `${path || 'the document'} must be an object, not ${kindOf(v)}`);
      return null;
    }
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k)) this.err(join(path, k), element, k, 'unknown-field', `unknown field "${k}" in ${element}`);
    }
    return v as Obj;
  }

  str(o: Obj, key: string, path: string, element: string, required: boolean): string | undefined {
    const v = o[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string') {
      const what = v === undefined ? 'is missing' : `must be a string, not ${kindOf(v)}`;
      this.err(join(path, key), element, key, v === undefined ? 'required' : 'type', `${element}: "${key}" ${what}`);
      return undefined;
    }
    return v;
  }

  bool(o: Obj, key: string, path: string, element: string): boolean | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') {
      this.err(join(path, key), element, key, 'type', `${element}: "${key}" must be true or false, not ${kindOf(v)}`);
      return undefined;
    }
    return v;
  }

  int(o: Obj, key: string, path: string, element: string, required: boolean): number | undefined {
    const v = o[key];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      this.err(join(path, key), element, key, v === undefined ? 'required' : 'type',
        `${element}: "${key}" must be a non-negative integer${v === undefined ? '' : `, not ${kindOf(v)}`}`);
      return undefined;
    }
    return v;
  }

  /** A finite number (fractions allowed; ranges are validate.ts's business). */
  num(o: Obj, key: string, path: string, element: string): number | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.err(join(path, key), element, key, 'type', `${element}: "${key}" must be a number, not ${kindOf(v)}`);
      return undefined;
    }
    return v;
  }

  /** An array field; missing optional arrays read as []. */
  arr(o: Obj, key: string, path: string, element: string, required: boolean): unknown[] {
    const v = o[key];
    if (v === undefined && !required) return [];
    if (!Array.isArray(v)) {
      this.err(join(path, key), element, key, v === undefined ? 'required' : 'type',
        `${element}: "${key}" ${v === undefined ? 'is missing' : `must be an array, not ${kindOf(v)}`}`);
      return [];
    }
    return v;
  }

  /** The optional `host` field into `into`. */
  host(o: Obj, path: string, element: string, into: { host?: string }): void {
    const h = this.str(o, 'host', path, element, false);
    if (h !== undefined) into.host = h;
  }

  strList(o: Obj, key: string, path: string, element: string, required: boolean): string[] {
    const out: string[] = [];
    this.arr(o, key, path, element, required).forEach((v, i) => {
      if (typeof v === 'string') out.push(v);
      else this.err(`${join(path, key)}[${i}]`, element, key, 'type', `${element}: "${key}" entries must be strings, not ${kindOf(v)}`);
    });
    return out;
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
function lastField(path: string): string {
  const m = /([A-Za-z_]+)(\[\d+\])?$/.exec(path);
  return m?.[1] ?? '';
}
function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `a ${typeof v}`;
}
export function label(kind: string, name: unknown, i: number): string {
  return typeof name === 'string' && name !== '' ? `${kind} ${name}` : `${kind} #${i + 1}`;
}

function readNode(r: Reader, v: unknown, i: number): DesignNode | null {
  const path = `nodes[${i}]`;
  const el = label('node', (v as Obj | null)?.['name'], i);
  const o = r.obj(v, path, el, ['name', 'type', 'host', 'ifname', 'mac', 'up', 'persistent', 'config', 'filters', 'bind', 'connect']);
  if (!o) return null;
  const name = r.str(o, 'name', path, el, true);
  const type = r.str(o, 'type', path, el, true);
  const n: DesignNode = { name: name ?? '', type: type ?? '' };
  r.host(o, path, el, n);
  for (const k of ['bind', 'connect'] as const) {
    const x = r.str(o, k, path, el, false);
    if (x !== undefined) n[k] = x;
  }
  const ifname = r.str(o, 'ifname', path, el, false);
  const mac = r.str(o, 'mac', path, el, false);
  const up = r.bool(o, 'up', path, el);
  const persistent = r.bool(o, 'persistent', path, el);
  if (ifname !== undefined) n.ifname = ifname;
  if (mac !== undefined) n.mac = mac;
  if (up !== undefined) n.up = up;
  if (persistent !== undefined) n.persistent = persistent;
  if (o['config'] !== undefined) {
    const keys = ['debugLevel', 'loopTimeout', 'maxStaleness', 'minStableAge'] as const;
    const c = r.obj(o['config'], `${path}.config`, el, [...keys]);
    if (c) {
      n.config = {};
      for (const k of keys) {
        const x = r.int(c, k, `${path}.config`, el, false);
        if (x !== undefined) n.config[k] = x;
      }
    }
  }
  if (o['filters'] !== undefined) {
    n.filters = [];
    r.arr(o, 'filters', path, el, false).forEach((f, j) => {
      const fo = r.obj(f, `${path}.filters[${j}]`, el, ['vlan', 'hook']);
      if (!fo) return;
      const vlan = r.int(fo, 'vlan', `${path}.filters[${j}]`, el, true);
      const hook = r.str(fo, 'hook', `${path}.filters[${j}]`, el, true);
      if (vlan !== undefined && hook !== undefined) n.filters?.push({ vlan, hook });
    });
  }
  return name === undefined || type === undefined ? null : n;
}

function readEnd(r: Reader, v: unknown, path: string, el: string): LinkEnd | null {
  const o = r.obj(v, path, el, ['node', 'hook']);
  if (!o) return null;
  const node = r.str(o, 'node', path, el, true);
  const hook = r.str(o, 'hook', path, el, true);
  return node === undefined || hook === undefined ? null : { node, hook };
}

/** Fields ng_pipe cannot honour get their own words rather than "unknown field". */
function refuseImpairField(r: Reader, o: Obj, path: string, el: string, where: 'impair' | 'downstream' | 'upstream'): void {
  if (o['jitterMs'] !== undefined) {
    r.err(join(path, 'jitterMs'), el, 'jitterMs', 'no-jitter', `${el}: ng_pipe has no jitter: it delays every frame by the same time; remove "jitterMs"`);
  }
  if (where !== 'impair' && o['delayMs'] !== undefined) {
    r.err(join(path, 'delayMs'), el, 'delayMs', 'delay-both-directions', `${el}: ng_pipe has one delay for both directions; set "delayMs" on the impairment, not in "${where}"`);
  }
}

function readDirection(r: Reader, o: Obj, path: string, el: string, into: ImpairDirection): void {
  for (const k of DIRECTION_FIELDS) {
    const x = r.num(o, k, path, el);
    if (x !== undefined) into[k] = x;
  }
}

function readImpair(r: Reader, v: unknown, path: string, el: string): DesignImpair | null {
  const o = r.obj(v, path, el, ['delayMs', 'jitterMs', 'overheadBytes', ...DIRECTION_FIELDS, 'downstream', 'upstream']);
  if (!o) return null;
  refuseImpairField(r, o, path, el, 'impair');
  const imp: DesignImpair = {};
  const delay = r.num(o, 'delayMs', path, el);
  if (delay !== undefined) imp.delayMs = delay;
  const overhead = r.num(o, 'overheadBytes', path, el);
  if (overhead !== undefined) imp.overheadBytes = overhead;
  readDirection(r, o, path, el, imp);
  for (const dir of ['downstream', 'upstream'] as const) {
    if (o[dir] === undefined) continue;
    const dpath = join(path, dir);
    const d = r.obj(o[dir], dpath, el, [...DIRECTION_FIELDS, 'delayMs', 'jitterMs']);
    if (!d) continue;
    refuseImpairField(r, d, dpath, el, dir);
    const into: ImpairDirection = {};
    readDirection(r, d, dpath, el, into);
    imp[dir] = into;
  }
  return imp;
}

function readLink(r: Reader, v: unknown, i: number): DesignLink | null {
  const path = `links[${i}]`;
  const el = `link #${i + 1}`;
  const o = r.obj(v, path, el, ['host', 'a', 'b', 'impair']);
  if (!o) return null;
  const a = readEnd(r, o['a'], `${path}.a`, el);
  const b = readEnd(r, o['b'], `${path}.b`, el);
  if (!a || !b) return null;
  const l: DesignLink = { a, b };
  r.host(o, path, el, l);
  if (o['impair'] !== undefined) {
    const imp = readImpair(r, o['impair'], `${path}.impair`, el);
    if (imp) l.impair = imp;
  }
  return l;
}

function readEpairEnd(r: Reader, v: unknown, path: string, el: string): EpairEnd | null {
  const o = r.obj(v, path, el, ['name', 'mac', 'up']);
  if (!o) return null;
  const name = r.str(o, 'name', path, el, true);
  if (name === undefined) return null;
  const e: EpairEnd = { name };
  const mac = r.str(o, 'mac', path, el, false);
  const up = r.bool(o, 'up', path, el);
  if (mac !== undefined) e.mac = mac;
  if (up !== undefined) e.up = up;
  return e;
}

function readEpair(r: Reader, v: unknown, i: number): DesignEpair | null {
  const path = `epairs[${i}]`;
  const el = label('epair', ((v as Obj | null)?.['a'] as Obj | undefined)?.['name'], i);
  const o = r.obj(v, path, el, ['host', 'a', 'b']);
  if (!o) return null;
  const a = readEpairEnd(r, o['a'], `${path}.a`, el);
  const b = readEpairEnd(r, o['b'], `${path}.b`, el);
  if (!a || !b) return null;
  const e: DesignEpair = { a, b };
  r.host(o, path, el, e);
  return e;
}

function readBridge(r: Reader, v: unknown, i: number): DesignIfBridge | null {
  const path = `bridges[${i}]`;
  const el = label('if_bridge', (v as Obj | null)?.['name'], i);
  const o = r.obj(v, path, el, ['host', 'name', 'members', 'up']);
  if (!o) return null;
  const name = r.str(o, 'name', path, el, true);
  const members = r.strList(o, 'members', path, el, false);
  const up = r.bool(o, 'up', path, el);
  if (name === undefined) return null;
  const b: DesignIfBridge = { name, members };
  r.host(o, path, el, b);
  if (up !== undefined) b.up = up;
  return b;
}

function readJail(r: Reader, v: unknown, i: number): DesignJail | null {
  const path = `jails[${i}]`;
  const el = label('jail', (v as Obj | null)?.['name'], i);
  const o = r.obj(v, path, el, ['name', 'host', 'path', 'hostname', 'vnet', 'interfaces', 'ip4', 'ip6', 'params', 'state']);
  if (!o) return null;
  const name = r.str(o, 'name', path, el, true);
  const jpath = r.str(o, 'path', path, el, true);
  const vnet = r.bool(o, 'vnet', path, el);
  if (o['vnet'] === undefined) r.err(`${path}.vnet`, el, 'vnet', 'required', `${el}: "vnet" is missing`);
  const j: DesignJail = { name: name ?? '', path: jpath ?? '', vnet: vnet ?? false, interfaces: r.strList(o, 'interfaces', path, el, false) };
  r.host(o, path, el, j);
  const hostname = r.str(o, 'hostname', path, el, false);
  if (hostname !== undefined) j.hostname = hostname;
  if (o['ip4'] !== undefined) j.ip4 = r.strList(o, 'ip4', path, el, false);
  if (o['ip6'] !== undefined) j.ip6 = r.strList(o, 'ip6', path, el, false);
  if (o['params'] !== undefined) {
    const p = r.obj(o['params'], `${path}.params`, el, Object.keys((o['params'] as Obj | null) ?? {}));
    if (p) {
      j.params = {};
      for (const k of Object.keys(p)) {
        const s = r.str(p, k, `${path}.params`, el, true);
        if (s !== undefined) j.params[k] = s;
      }
    }
  }
  const state = r.str(o, 'state', path, el, false);
  if (state === 'running' || state === 'stopped') j.state = state;
  else if (state !== undefined) r.err(`${path}.state`, el, 'state', 'enum', `${el}: "state" must be "running" or "stopped", not ${JSON.stringify(state)}`);
  return name === undefined || jpath === undefined || vnet === undefined ? null : j;
}

function readDelete(r: Reader, v: unknown, i: number): DeleteRef | null {
  const path = `delete[${i}]`;
  const el = `delete #${i + 1}`;
  const o = r.obj(v, path, el, ['kind', 'name', 'host']);
  if (!o) return null;
  const kind = r.str(o, 'kind', path, el, true);
  const name = r.str(o, 'name', path, el, true);
  if (kind !== undefined && kind !== 'node' && kind !== 'interface' && kind !== 'jail') {
    r.err(`${path}.kind`, el, 'kind', 'enum', `${el}: "kind" must be "node", "interface" or "jail", not ${JSON.stringify(kind)}`);
    return null;
  }
  if (kind === undefined || name === undefined) return null;
  const d: DeleteRef = { kind, name };
  r.host(o, path, el, d);
  return d;
}

/** Reads each element of an array section, keeping the ones that are well formed. */
export function section<T>(r: Reader, o: Obj, key: string, read: (r: Reader, v: unknown, i: number) => T | null): T[] {
  const out: T[] = [];
  r.arr(o, key, '', 'the design', key === 'nodes')
    .forEach((v, i) => {
      const x = read(r, v, i);
      if (x) out.push(x);
    });
  return out;
}

/** Reads the document's shape; `design` is only trustworthy when `problems` is empty. */
export function readDesignShape(input: unknown): { design: Design; problems: Problem[] } {
  const r = new Reader();
  const empty: Design = { format: 1, nodes: [], links: [], epairs: [], bridges: [], jails: [] };
  const o = r.obj(input, '', 'the design', ['format', 'nodes', 'links', 'epairs', 'bridges', 'jails', 'vxlans', 'tunnels', 'delete', 'layout']);
  if (!o) return { design: empty, problems: r.problems };
  if (o['format'] !== DESIGN_FORMAT) {
    const msg = o['format'] === undefined ? 'has no "format" field (expected 1)' : `has format ${JSON.stringify(o['format'])}; this version reads format 1`;
    r.err('format', 'the design', 'format', o['format'] === undefined ? 'required' : 'format-version', `the design ${msg}`);
  }
  const design: Design = {
    format: 1,
    nodes: section(r, o, 'nodes', readNode),
    links: section(r, o, 'links', readLink),
    epairs: section(r, o, 'epairs', readEpair),
    bridges: section(r, o, 'bridges', readBridge),
    jails: section(r, o, 'jails', readJail),
  };
  if (o['vxlans'] !== undefined) design.vxlans = section(r, o, 'vxlans', readVxlan);
  if (o['tunnels'] !== undefined) design.tunnels = section(r, o, 'tunnels', readTunnel);
  if (o['delete'] !== undefined) design.delete = section(r, o, 'delete', readDelete);
  if (o['layout'] !== undefined) {
    // Layout is the UI's business; only its container type is checked here.
    const l = r.obj(o['layout'], 'layout', 'the layout', ['positions', 'viewport']);
    if (l) design.layout = l as Design['layout'] & object;
  }
  return { design, problems: r.problems };
}
