// Hand-made hosts for the path tests: netgraph nodes linked hook to hook by
// name, interfaces bound to them, epairs, if_bridges and jails, written as data.
import type { HostSnapshot, Interface, Jail, NgNode } from '../../../shared/model/snapshot.js';
import { iface } from '../plan/helpers.js';

export class Host {
  nodes: NgNode[] = [];
  interfaces: Interface[] = [];
  jails: Jail[] = [];
  #id = 0;

  /** A netgraph node; its ID is the next hex number. */
  node(name: string | null, type: string): this {
    this.nodes.push({ id: (++this.#id).toString(16), name, type, hooks: [] });
    return this;
  }

  #find(name: string): NgNode {
    const n = this.nodes.find((x) => x.name === name || `[${x.id}]` === name);
    if (!n) throw new Error(`no node ${name}`);
    return n;
  }

  /** Links `a:hook` to `b:hook`. */
  link(a: string, b: string): this {
    const [an, ah] = a.split(':') as [string, string];
    const [bn, bh] = b.split(':') as [string, string];
    const [x, y] = [this.#find(an), this.#find(bn)];
    x.hooks.push({ hook: ah, peerId: y.id, peerHook: bh });
    y.hooks.push({ hook: bh, peerId: x.id, peerHook: ah });
    return this;
  }

  /** An ng_eiface node and its interface (same name), in `jail` or on the host. */
  eiface(name: string, jail: string | null = null, more: Partial<Interface> = {}): this {
    this.node(name, 'eiface');
    this.interfaces.push(iface(name, 'eiface', { jail, ngNode: this.#find(name).id, ...more }));
    return this;
  }

  /** A NIC, with its ng_ether node unless `ngEther` is false. */
  nic(name: string, ngEther = true, more: Partial<Interface> = {}): this {
    if (ngEther) this.node(name, 'ether');
    this.interfaces.push(iface(name, 'ether', { ngNode: ngEther ? this.#find(name).id : null, ...more }));
    return this;
  }

  /** An epair: `a` on the host, `b` in `jail` (or on the host). */
  epair(a: string, b: string, jail: string | null = null, more: { a?: Partial<Interface>; b?: Partial<Interface> } = {}): this {
    this.interfaces.push(iface(a, 'epair', { epairPeer: b, ...more.a }), iface(b, 'epair', { epairPeer: a, jail, ...more.b }));
    return this;
  }

  /** An if_bridge on the host with these members. */
  ifbridge(name: string, members: string[], more: Partial<Interface> = {}): this {
    this.interfaces.push(iface(name, 'bridge', { members, ...more }));
    return this;
  }

  iface(name: string, kind: Interface['kind'], more: Partial<Interface> = {}): this {
    this.interfaces.push(iface(name, kind, more));
    return this;
  }

  /** A jail; a vnet jail gets its interfaces from those placed in it. */
  jail(name: string, vnet = true, more: Partial<Jail> = {}): this {
    this.jails.push({ jid: this.jails.length + 1, name, hostname: name, path: `/jails/${name}`, vnet, persist: true, state: 'ACTIVE', ip4: [], ip6: [], interfaces: [], ...more });
    return this;
  }

  set(name: string, more: Partial<Interface>, jail: string | null = null): this {
    const i = this.interfaces.find((x) => x.name === name && x.jail === jail);
    if (!i) throw new Error(`no interface ${name}`);
    Object.assign(i, more);
    return this;
  }

  build(): HostSnapshot {
    const jails = this.jails.map((j) => ({ ...j, interfaces: j.vnet ? this.interfaces.filter((i) => i.jail === j.name).map((i) => i.name).sort() : [] }));
    return {
      version: 1,
      host: { hostname: 'h', backend: 'sim', release: '14.3-RELEASE', emulated: true },
      modules: [],
      netgraph: { nodes: structuredClone(this.nodes), types: [] },
      interfaces: structuredClone(this.interfaces),
      jails,
    };
  }
}

/** The FreeBSD wiki example with both jail interfaces up: br0 joining ng_host, ng_test1 (jail test1), ng_test2 (jail test2). */
export function wikiHost(): Host {
  return new Host()
    .node('br0', 'bridge')
    .eiface('ng_host')
    .eiface('ng_test1', 'test1')
    .eiface('ng_test2', 'test2')
    .link('br0:link0', 'ng_host:ether')
    .link('br0:link1', 'ng_test1:ether')
    .link('br0:link2', 'ng_test2:ether')
    .iface('lo0', 'loopback')
    .jail('test1')
    .jail('test2');
}
