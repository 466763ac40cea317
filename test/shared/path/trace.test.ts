// tracePath over hand-made hosts: each element kind forwards (or not) as
// FreeBSD does, breaks are named where the module comment's rule puts them,
// and endpoints that name nothing are bad input.
import { describe, expect, it } from 'vitest';
import { tracePath } from '../../../shared/path/trace.js';
import { isPathError } from '../../../shared/path/types.js';
import type { Hop, PathRef, PathResult, PathTrace, Port } from '../../../shared/path/types.js';
import type { HostSnapshot } from '../../../shared/model/snapshot.js';
import { Host, wikiHost } from './build.js';

const ref = (r: PathRef): string => {
  switch (r.kind) {
    case 'host':
      return 'host';
    case 'jail':
      return `jail:${r.name}`;
    case 'interface':
      return `if:${r.jail === null ? '' : `${r.jail}/`}${r.name}`;
    case 'node':
      return `ng:${r.name ?? `[${r.id}]`}`;
    case 'wire':
      return `wire:${r.name}`;
  }
};
const port = (p: Port | undefined): string => (p === undefined ? '' : 'hook' in p ? p.hook : ref(p.via));
/** A hop in one word: `ng:br0(link1>link2)`, elements of the other kinds without ports; `.` marks beyond the break. */
const word = (h: Hop): string => `${h.beyond ? '.' : ''}${ref(h.at)}${h.at.kind === 'node' ? `(${port(h.in)}>${port(h.out)})` : ''}`;

function trace(s: HostSnapshot, from: string, to: string): PathTrace {
  const r: PathResult = tracePath(s, from, to);
  if (isPathError(r)) throw new Error(r.error);
  return r;
}
const words = (t: PathTrace): string[] => t.hops.map(word);

describe('ng_bridge and ng_eiface', () => {
  it('goes jail → interface → eiface → bridge → eiface → interface → jail, naming hooks', () => {
    const t = trace(wikiHost().build(), 'test1', 'test2');
    expect(t.reachable).toBe(true);
    expect(t.breaks).toBeUndefined();
    expect(words(t)).toEqual(['jail:test1', 'if:test1/ng_test1', 'ng:ng_test1(if:test1/ng_test1>ether)', 'ng:br0(link1>link2)', 'ng:ng_test2(ether>if:test2/ng_test2)', 'if:test2/ng_test2', 'jail:test2']);
    expect(t.hops[0]).toEqual({ at: { kind: 'jail', name: 'test1' }, out: { via: { kind: 'interface', name: 'ng_test1', jail: 'test1' } } });
    expect(t.hops[3]).toEqual({ at: { kind: 'node', id: '1', name: 'br0', type: 'bridge' }, in: { hook: 'link1' }, out: { hook: 'link2' } });
    expect(t.hops.at(-1)?.out).toBeUndefined();
  });

  it('stops at a down interface and shows the way on past it', () => {
    const t = trace(wikiHost().set('ng_test2', { up: false }, 'test2').build(), 'test1', 'test2');
    expect(t.reachable).toBe(false);
    expect(t.breaks).toEqual({ at: { kind: 'interface', name: 'ng_test2', jail: 'test2' }, reason: 'interface ng_test2 is down', hop: 5 });
    expect(words(t)).toEqual(['jail:test1', 'if:test1/ng_test1', 'ng:ng_test1(if:test1/ng_test1>ether)', 'ng:br0(link1>link2)', 'ng:ng_test2(ether>if:test2/ng_test2)', 'if:test2/ng_test2', '.jail:test2']);
  });

  it('names the down interface nearest to the target when several are down on the way (rule 2), the first found on a tie', () => {
    const both = wikiHost().set('ng_test1', { up: false }, 'test1').set('ng_test2', { up: false }, 'test2').build();
    // From test1 the frames stop at once: ng_test1 is the only blocked element at the edge.
    expect(trace(both, 'test1', 'test2').breaks?.at).toMatchObject({ name: 'ng_test1' });
    // From ng_host, ng_test1 and ng_test2 both sit at the edge; ng_test2 is nearer to test2.
    const t = trace(both, 'ng_host', 'test2');
    expect(t.breaks?.reason).toBe('interface ng_test2 is down');
    expect(t.hops.filter((h) => !h.beyond).map(word)).toEqual(['if:ng_host', 'ng:ng_host(if:ng_host>ether)', 'ng:br0(link0>link2)', 'ng:ng_test2(ether>if:test2/ng_test2)', 'if:test2/ng_test2']);
  });

  it('a source interface that is down breaks at once', () => {
    const t = trace(wikiHost().set('ng_host', { up: false }).build(), 'ng_host', 'test1');
    expect(t.breaks).toMatchObject({ at: { kind: 'interface', name: 'ng_host' }, reason: 'interface ng_host is down', hop: 0 });
    expect(t.hops[0]?.beyond).toBeUndefined();
    expect(t.hops.slice(1).every((h) => h.beyond)).toBe(true);
  });

  it('an interface reporting no carrier stops frames too; one that does not report link state is not judged on it', () => {
    expect(trace(wikiHost().set('ng_test2', { linkUp: false }, 'test2').build(), 'test1', 'test2').breaks?.reason).toBe('interface ng_test2 has no carrier');
    expect(trace(wikiHost().set('ng_test2', { linkUp: true }, 'test2').build(), 'test1', 'test2').reachable).toBe(true);
  });

  it('an unconnected hook is the break (rule 3), on the target side when that is where it is', () => {
    // As after `ngctl rmhook br0: link2`: br0 keeps link0 and link1, ng_test2's ether hook is free.
    const h = wikiHost();
    h.nodes = h.nodes.map((n) => ({ ...n, hooks: n.hooks.filter((k) => !(n.name === 'br0' && k.hook === 'link2') && !(n.name === 'ng_test2' && k.hook === 'ether')) }));
    const t = trace(h.build(), 'test1', 'test2');
    expect(t.reachable).toBe(false);
    expect(t.breaks).toEqual({ at: { kind: 'node', id: '4', name: 'ng_test2', type: 'eiface' }, reason: 'hook ether of ng_test2 is not connected', hook: 'ether', hop: 0 });
    // The target's side, from the break on to test2, all past the break.
    expect(words(t)).toEqual(['.ng:ng_test2(>if:test2/ng_test2)', '.if:test2/ng_test2', '.jail:test2']);
    // Traced the other way, the missing link is on the source's side.
    const back = trace(h.build(), 'test2', 'test1');
    expect(back.breaks).toMatchObject({ at: { name: 'ng_test2' }, hook: 'ether', hop: 2 });
    expect(words(back)).toEqual(['jail:test2', 'if:test2/ng_test2', 'ng:ng_test2(if:test2/ng_test2>)']);
  });

  it('between two missing links as near as each other, names the source side one', () => {
    const h = new Host().eiface('a', 'ja').eiface('b', 'jb').jail('ja').jail('jb');
    expect(trace(h.build(), 'ja', 'jb').breaks?.at).toMatchObject({ name: 'a' });
    expect(trace(h.build(), 'jb', 'ja').breaks?.at).toMatchObject({ name: 'b' });
  });

  it('the same endpoint is reachable in one hop', () => {
    expect(words(trace(wikiHost().build(), 'br0', 'br0'))).toEqual(['ng:br0(>)']);
  });
});

describe('ng_hub, ng_one2many, ng_tee, ng_pipe, ng_socket and unknown types', () => {
  const two = (type: string, ha: string, hb: string): HostSnapshot =>
    new Host().node('x', type).eiface('a', 'ja').eiface('b', 'jb').link(`x:${ha}`, 'a:ether').link(`x:${hb}`, 'b:ether').jail('ja').jail('jb').build();

  it('a hub passes between any hooks', () => {
    expect(words(trace(two('hub', 'p', 'q'), 'ja', 'jb'))).toContain('ng:x(p>q)');
  });

  it('one2many passes one ↔ many, never many ↔ many, and says when one spreads over several many hooks', () => {
    expect(trace(two('one2many', 'one', 'many0'), 'ja', 'jb').reachable).toBe(true);
    expect(trace(two('one2many', 'many0', 'one'), 'ja', 'jb').reachable).toBe(true);
    const s = new Host().node('x', 'one2many').eiface('a', 'ja').eiface('b', 'jb').eiface('c', 'jc')
      .link('x:one', 'a:ether').link('x:many0', 'b:ether').link('x:many1', 'c:ether').jail('ja').jail('jb').jail('jc').build();
    const t = trace(s, 'jb', 'jc');
    expect(t.reachable).toBe(false);
    const down = trace(s, 'ja', 'jc');
    expect(down.reachable).toBe(true);
    expect(down.hops.find((h) => h.at.kind === 'node' && h.at.name === 'x')?.note).toMatch(/one many hook at a time.*only some frames leave by many1/);
    // many → one needs no note.
    expect(trace(s, 'jc', 'ja').hops.find((h) => h.at.kind === 'node' && h.at.name === 'x')?.note).toBeUndefined();
  });

  it('tee passes left ↔ right and each tap ↔ its own side, not a tap across', () => {
    expect(trace(two('tee', 'left', 'right'), 'ja', 'jb').reachable).toBe(true);
    expect(trace(two('tee', 'left', 'left2right'), 'ja', 'jb').reachable).toBe(true);
    expect(trace(two('tee', 'right', 'right2left'), 'ja', 'jb').reachable).toBe(true);
    const across = trace(two('tee', 'left', 'right2left'), 'ja', 'jb');
    expect(across.reachable).toBe(false);
    // x is where the two sides meet; its own missing link says why.
    expect(across.breaks?.reason).toBe('hook right of x is not connected');
    expect(words(across)).toEqual(['jail:ja', 'if:ja/a', 'ng:a(if:ja/a>ether)', 'ng:x(left>right2left)', '.ng:b(ether>if:jb/b)', '.if:jb/b', '.jail:jb']);
    expect(across.breaks?.hop).toBe(3);
  });

  it('a tee with both sides connected still keeps a tap to its own side', () => {
    const s = new Host().node('x', 'tee').eiface('a', 'ja').eiface('b', 'jb').eiface('c', 'jc')
      .link('x:left', 'a:ether').link('x:right', 'b:ether').link('x:right2left', 'c:ether').jail('ja').jail('jb').jail('jc').build();
    expect(trace(s, 'ja', 'jc').breaks?.reason).toBe('x passes no frames between hook left and hook right2left: left passes to right and left2right, right to left and right2left, and nothing else');
    expect(trace(s, 'jb', 'jc').reachable).toBe(true);
  });

  it('pipe passes upper ↔ lower', () => {
    expect(trace(two('pipe', 'upper', 'lower'), 'ja', 'jb').reachable).toBe(true);
  });

  it('a socket node is a program: frames end there', () => {
    const t = trace(two('socket', 'p', 'q'), 'ja', 'jb');
    expect(t.reachable).toBe(false);
    expect(t.breaks?.reason).toBe("ja's and jb's sides meet only at node x (socket), a program's socket: frames end there");
    expect(trace(two('socket', 'p', 'q'), 'ja', 'x:').reachable).toBe(true);
  });

  it('a node type ngstudio does not model stops frames, saying so', () => {
    const t = trace(two('nat', 'in', 'out'), 'ja', 'jb');
    expect(t.breaks).toMatchObject({ at: { kind: 'node', name: 'x', type: 'nat' }, reason: 'ngstudio does not know how a nat node forwards frames (x)' });
    expect(t.hops.at(-1)).toMatchObject({ at: { kind: 'jail', name: 'jb' }, beyond: true });
  });
});

describe('ng_vlan', () => {
  const vlan = (): Host =>
    new Host().nic('em0').node('v', 'vlan').eiface('a', 'ja').eiface('b', 'jb').eiface('u', 'ju')
      .link('em0:lower', 'v:downstream').link('v:vlan10', 'a:ether').link('v:vlan20', 'b:ether').link('v:nomatch', 'u:ether')
      .jail('ja').jail('jb').jail('ju');

  it('passes a filter hook to downstream, saying the filter is assumed', () => {
    const t = trace(vlan().build(), 'ja', 'em0');
    expect(t.reachable).toBe(true);
    const v = t.hops.find((h) => h.at.kind === 'node' && h.at.name === 'v');
    expect(v).toMatchObject({ in: { hook: 'vlan10' }, out: { hook: 'downstream' } });
    expect(v?.note).toBe("v's vlan filters are not in the snapshot: hook vlan10 is assumed bound to a VLAN tag (frames on downstream carry it)");
    expect(trace(vlan().build(), 'ju', 'em0').hops.find((h) => h.at.kind === 'node' && h.at.name === 'v')?.note).toMatch(/only untagged frames/);
  });

  it('never passes between two filter hooks, nor a filter hook and nomatch', () => {
    const t = trace(vlan().build(), 'ja', 'jb');
    expect(t.reachable).toBe(false);
    expect(t.breaks).toMatchObject({ at: { kind: 'node', name: 'v' }, reason: 'v passes no frames between hook vlan10 and hook vlan20: each filter hook is its own VLAN: they meet only on downstream' });
    const u = trace(vlan().build(), 'ja', 'ju');
    expect(u.reachable).toBe(false);
    expect(u.breaks?.reason).toBe('v passes no frames between hook vlan10 and hook nomatch: frames of a VLAN and untagged ones meet only on downstream');
  });

  it('two filter hooks whose frames leave on the same wire meet only there', () => {
    const h = new Host().nic('em0').node('v', 'vlan').node('w', 'vlan').eiface('a', 'ja').eiface('b', 'jb').node('s', 'hub')
      .link('em0:lower', 's:0').link('s:1', 'v:downstream').link('s:2', 'w:downstream').link('v:vlan10', 'a:ether').link('w:vlan10', 'b:ether').jail('ja').jail('jb');
    // Through the hub the two vlan nodes' downstreams meet: the trace assumes both hooks carry the same tag.
    const t = trace(h.build(), 'ja', 'jb');
    expect(t.reachable).toBe(true);
    expect(t.hops.filter((x) => x.note).length).toBe(2);
  });

  it('a vlan node without downstream is the break', () => {
    const h = new Host().node('v', 'vlan').eiface('a', 'ja').link('v:vlan10', 'a:ether').nic('em0', false).jail('ja');
    const t = trace(h.build(), 'ja', 'em0');
    expect(t.breaks).toMatchObject({ at: { name: 'v' }, hook: 'downstream', reason: 'hook downstream of v is not connected' });
  });
});

describe('ng_ether lower and upper', () => {
  // jng: em0 lower → link0, upper → link1 of em0bridge, jail web on link2; jail nv has no vnet (the host's stack).
  const jng = (upper = true): HostSnapshot => {
    const h = new Host().nic('em0').node('em0bridge', 'bridge').eiface('ng0_web', 'web').link('em0:lower', 'em0bridge:link0').link('em0bridge:link2', 'ng0_web:ether').jail('web').jail('nv', false);
    if (upper) h.link('em0:upper', 'em0bridge:link1');
    return h.build();
  };

  it('lower is the wire: a jail reaches the NIC through it', () => {
    const t = trace(jng(), 'web', 'em0');
    expect(words(t).slice(-3)).toEqual(['ng:em0bridge(link2>link0)', 'ng:em0(lower>if:em0)', 'if:em0']);
  });

  it("upper is the host's stack: a jail reaches it through upper", () => {
    const t = trace(jng(), 'web', 'nv');
    expect(t.reachable).toBe(true);
    expect(words(t).slice(-3)).toEqual(['ng:em0bridge(link2>link1)', 'ng:em0(upper>host)', 'jail:nv']);
    expect(t.hops.at(-1)?.note).toBe("jail nv has no vnet: it uses the host's stack");
  });

  it('lower connected and upper free: the stack is cut off from the wire, and the break says why', () => {
    const t = trace(jng(false), 'web', 'nv');
    expect(t.reachable).toBe(false);
    expect(t.breaks).toMatchObject({ at: { kind: 'node', name: 'em0' }, hook: 'upper' });
    expect(t.breaks?.reason).toBe("hook upper of em0 is not connected: with lower connected, frames from em0's wire go to lower and never reach its stack");
  });

  it('with no hooks connected frames flow between the wire and the stack as without netgraph', () => {
    const s = new Host().nic('em0').jail('nv', false).build();
    expect(words(trace(s, 'nv', 'em0'))).toEqual(['jail:nv', 'ng:em0(host>if:em0)', 'if:em0']);
    const plain = new Host().nic('em0', false).jail('nv', false).build();
    expect(words(trace(plain, 'nv', 'em0'))).toEqual(['jail:nv', 'if:em0']);
  });

  it('a NIC down stops frames on their way to the wire', () => {
    const s = new Host().nic('em0', true, { up: false }).jail('nv', false).build();
    expect(trace(s, 'nv', 'em0').breaks?.reason).toBe('interface em0 is down');
  });
});

describe('epair and if_bridge', () => {
  // jib: em1 and e0a_db members of if_bridge em1bridge; jail db holds e0b_db.
  const jib = (): Host => new Host().nic('em1', false).epair('e0a_db', 'e0b_db', 'db').ifbridge('em1bridge', ['e0a_db', 'em1']).jail('db').jail('nv', false);

  it('an epair joins its two ends', () => {
    expect(words(trace(jib().build(), 'db', 'e0a_db'))).toEqual(['jail:db', 'if:db/e0b_db', 'if:e0a_db']);
  });

  it('an if_bridge joins its members and its own stack', () => {
    expect(words(trace(jib().build(), 'db', 'em1'))).toEqual(['jail:db', 'if:db/e0b_db', 'if:e0a_db', 'if:em1bridge', 'if:em1']);
    const t = trace(jib().build(), 'db', 'em1');
    expect(t.hops[3]).toMatchObject({ in: { via: { name: 'e0a_db' } }, out: { via: { name: 'em1' } } });
    expect(trace(jib().build(), 'db', 'nv').reachable).toBe(true);
  });

  it('a down if_bridge stops frames; so does a down epair end', () => {
    expect(trace(jib().set('em1bridge', { up: false }).build(), 'db', 'em1').breaks).toMatchObject({ at: { name: 'em1bridge' }, reason: 'if_bridge em1bridge is down' });
    expect(trace(jib().set('e0a_db', { up: false }).build(), 'db', 'em1').breaks?.reason).toBe('interface e0a_db is down');
  });

  it('an epair whose other end is gone is a missing link', () => {
    const s = new Host().iface('e0b_x', 'epair', { jail: 'x', epairPeer: 'e0a_x' }).nic('em0', false).jail('x').build();
    expect(trace(s, 'x', 'em0').breaks?.reason).toBe('the other end of epair e0b_x (e0a_x) is not on the host');
  });

  it('a member with ng_ether lower connected no longer gives its frames to the bridge', () => {
    const h = jib().node('em1', 'ether').node('t', 'hub').link('em1:lower', 't:a');
    h.set('em1', { ngNode: h.nodes.find((n) => n.name === 'em1')?.id ?? null });
    expect(trace(h.build(), 'db', 'em1').reachable).toBe(false);
  });
});

describe('what else the break can be', () => {
  it('two parts of the graph that nothing joins', () => {
    const s = new Host().node('b1', 'bridge').node('b2', 'bridge').eiface('a', 'ja').eiface('b', 'jb').link('b1:link0', 'a:ether').link('b2:link0', 'b:ether').jail('ja').jail('jb').build();
    const t = trace(s, 'ja', 'jb');
    expect(t).toMatchObject({ reachable: false, hops: [], breaks: { at: { kind: 'jail', name: 'jb' } } });
    expect(t.breaks?.reason).toBe("nothing joins ja and jb: no netgraph link, epair, if_bridge membership or wire leads from one's part of the graph to the other's");
  });

  it('two NICs in different vnets: the parts may meet outside the host', () => {
    const s = new Host().nic('em0', false).nic('em1', false, { jail: 'j' }).jail('j').build();
    const t = trace(s, 'em0', 'j');
    expect(t.breaks).toMatchObject({ at: { kind: 'wire', name: 'em0' }, hop: 1 });
    expect(t.breaks?.reason).toBe("em0's side leaves the host on the wire of em0, j's on the wire of em1: whether they meet outside the host is not in the snapshot");
  });

  it("two sides that meet only at the host's stack: routing, not a layer 2 path", () => {
    const s = new Host().nic('em0', false).epair('e0a', 'e0b', 'j').eiface('ng0', 'k').node('b', 'bridge').link('b:link0', 'ng0:ether').nic('em9', false, { jail: 'k' }).jail('j').jail('k').build();
    // j reaches the host's stack through e0a; em0 reaches it too; they meet there and nowhere else.
    const t = trace(s, 'j', 'em0');
    expect(t.breaks).toMatchObject({ at: { kind: 'host' } });
    expect(t.breaks?.reason).toBe("j's and em0's sides meet only at the host's stack, which routes IP packets but does not bridge frames: no layer 2 path goes through it");
    expect(words(t)).toEqual(['jail:j', 'if:j/e0b', 'if:e0a', 'host']);
  });

  it('a vnet jail without interfaces', () => {
    const s = wikiHost().jail('empty').build();
    expect(trace(s, 'empty', 'test1').breaks).toMatchObject({ at: { kind: 'jail', name: 'empty' }, reason: 'jail empty has no interface in its vnet but lo0' });
  });

  it('a loopback interface', () => {
    expect(trace(wikiHost().build(), 'lo0', 'test1').breaks?.reason).toBe('lo0 is a loopback interface: frames sent on it never leave its own stack');
  });
});

describe('endpoints', () => {
  const s = wikiHost().node(null, 'hub').iface('lo0', 'loopback', { jail: 'test1' }).iface('lo0', 'loopback', { jail: 'test2' }).iface('x0', 'other', { jail: 'test1' }).iface('x0', 'other', { jail: 'test2' }).build();
  const err = (from: string, to: string): string => {
    const r = tracePath(s, from, to);
    if (!isPathError(r)) return 'no error';
    expect(r.error.startsWith(`${r.endpoint}: `)).toBe(true);
    return r.error;
  };

  it('are jails, interfaces (JAIL/NAME inside a jail), nodes by NAME: or [ID]', () => {
    expect(trace(s, 'test1/ng_test1', 'ng_test2').reachable).toBe(true);
    expect(trace(s, 'br0:', '[1]').hops[0]?.at).toMatchObject({ kind: 'node', name: 'br0' });
    expect(trace(s, '[5]', '[00005]:').hops[0]?.at).toMatchObject({ kind: 'node', id: '5', name: null });
    // A bare name that is an interface and a node: the interface.
    expect(trace(s, 'ng_test1', 'br0').from).toEqual({ kind: 'interface', name: 'ng_test1', jail: 'test1' });
    // The host's own interface before those of the same name in jails.
    expect(trace(s, 'lo0', 'br0').from).toEqual({ kind: 'interface', name: 'lo0', jail: null });
  });

  it('that name nothing are bad input, saying which and why', () => {
    expect(err('nope', 'test1')).toBe('from: no jail, interface or netgraph node named nope on the host');
    expect(err('test1', 'nope')).toBe('to: no jail, interface or netgraph node named nope on the host');
    expect(err('test1', '[ff]')).toBe('to: no netgraph node [ff] on the host');
    expect(err('test1', 'nope:')).toBe('to: no netgraph node named nope on the host');
    expect(err('test1/nope', 'br0')).toBe('from: no interface nope in jail test1');
    expect(err('nojail/lo0', 'br0')).toBe('from: no jail nojail on the host (in nojail/lo0)');
    expect(err('', 'br0')).toBe('from: empty endpoint: name a jail, an interface or a netgraph node');
    expect(err('test1', 'x0')).toBe('to: interface x0 is in several jails (test1/x0, test2/x0): name one as JAIL/x0');
  });
});
