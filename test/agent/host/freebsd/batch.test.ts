// The per-node question batch: link numbers from hook names, and what it does
// with answers that cannot be trusted. The emulated ngctl always answers in
// order, so answers that do not belong to their line come from a scripted
// runner here; the real batch over the emulated commands is in observe.test.ts.
import { describe, expect, it } from 'vitest';
import { askNodes, bridgeLinkNumber, questionsFor } from '../../../../agent/host/freebsd/batch.js';
import type { Exec } from '../../../../agent/host/freebsd/exec.js';
import type { HostRunResult } from '../../../../agent/host/backend.js';
import type { NgNode } from '../../../../shared/model/snapshot.js';

const nodes: NgNode[] = [
  { id: '5', name: 'br0', type: 'bridge', hooks: [{ hook: 'link1', peerId: '6', peerHook: 'ether' }, { hook: 'uplink2', peerId: '7', peerHook: 'lower' }] },
  { id: '6', name: 'ngeth0', type: 'eiface', hooks: [{ hook: 'ether', peerId: '5', peerHook: 'link1' }] },
];

/** A runner that answers each `ngctl -f -` with the next scripted result and records the scripts. */
function scripted(results: HostRunResult[]): Exec & { scripts: string[] } {
  const scripts: string[] = [];
  return {
    scripts,
    run: async (_argv, o) => {
      scripts.push(o?.stdin ?? '');
      const r = results.shift();
      if (!r) throw new Error('no more scripted results');
      return r;
    },
    check: async () => '',
    stats: () => ({ total: 0, byCommand: {} }),
  };
}

const recd = (cmd: string, id: string, args: string): string => `Rec'd response "${cmd}" (1) from "[${id}]:":\nArgs:\t${args}\n`;
let n = 0;
const sock = (): string => `t${n++}`;

describe('bridgeLinkNumber', () => {
  it('maps linkN to N and, on 13+, uplinkN to -N; refuses names ng_bridge would not take', () => {
    expect(bridgeLinkNumber('link0', 'linkN-uplinkN')).toBe(0);
    expect(bridgeLinkNumber('link40', 'linkN-uplinkN')).toBe(40);
    expect(bridgeLinkNumber('uplink3', 'linkN-uplinkN')).toBe(-3);
    expect(bridgeLinkNumber('uplink3', 'link0-31')).toBeNull();
    expect(bridgeLinkNumber('link40', 'link0-31')).toBeNull();
    expect(bridgeLinkNumber('link31', 'link0-31')).toBe(31);
    for (const bad of ['uplink0', 'link01', 'link', 'links1', 'ether', 'link-1']) expect(bridgeLinkNumber(bad, 'linkN-uplinkN'), bad).toBeNull();
  });
});

describe('askNodes', () => {
  const qs = questionsFor(nodes, true, 'linkN-uplinkN');

  it('asks getifname, every link\'s getstats and gettable in one script', () => {
    expect(qs.map((q) => q.line)).toEqual(['msg [6]: getifname', 'msg [5]: getstats 1', 'msg [5]: getstats -2', 'msg [5]: gettable']);
    expect(questionsFor(nodes, false, 'linkN-uplinkN').map((q) => q.line)).toEqual(['msg [6]: getifname']);
  });

  it('files answers by position and checks each belongs to its line', async () => {
    const ok = recd('getifname', '6', '"ngeth0"') + recd('getstats', '5', '{ recvPackets=3 recvOctets=294 }') + recd('getstats', '5', '{}') + recd('gettable', '5', '{ numHosts=1 hosts=[ { addr=02:00:00:00:00:01 hook="link1" age=2 } ] }');
    const a = await askNodes(scripted([{ stdout: ok, stderr: '', code: 0 }]), sock, qs);
    expect(a.notes).toEqual([]);
    expect(a.ifnames).toEqual(new Map([['6', 'ngeth0']]));
    expect(a.hookCounters.get('5:link1')).toEqual({ inPackets: 3, outPackets: 0, inBytes: 294, outBytes: 0, inDrops: 0, inErrors: 0 });
    expect(a.hookCounters.get('5:uplink2')).toMatchObject({ inPackets: 0 });
    expect(a.tables.get('5')).toEqual([{ mac: '02:00:00:00:00:01', hook: 'link1', age: 2, staleness: 0 }]);
  });

  it('drops all traffic (never misfiles it) when an answer is not the one asked for, keeping the interface names', async () => {
    const swapped = recd('getifname', '6', '"ngeth0"') + recd('gettable', '5', '{}') + recd('getstats', '5', '{}') + recd('getstats', '5', '{}');
    const a = await askNodes(scripted([{ stdout: swapped, stderr: '', code: 0 }]), sock, qs);
    expect(a.hookCounters.size + a.tables.size).toBe(0);
    expect(a.ifnames.get('6')).toBe('ngeth0');
    expect(a.notes).toEqual([`the answer to 'msg [5]: getstats 1' came as "gettable" from "[5]:"; bridge counters and tables left out`]);
  });

  it('drops all traffic when ngctl fails without naming a line, or answers fewer questions than it got through', async () => {
    const a = await askNodes(scripted([{ stdout: '', stderr: 'ngctl: can\'t create node: Operation not permitted\n', code: 71 }]), sock, qs);
    expect(a.notes[0]).toMatch(/^ngctl -f - failed without naming a line/);
    const short = await askNodes(scripted([{ stdout: recd('getifname', '6', '"ngeth0"'), stderr: '', code: 0 }]), sock, qs);
    expect(short.notes).toEqual(['ngctl answered 1 of 4 questions; bridge counters and tables left out']);
  });

  it('after a node went away (ENOENT) asks the rest without that node; gives up after the reruns and drops traffic', async () => {
    const gone = { stdout: recd('getifname', '6', '"ngeth0"'), stderr: 'ngctl: send msg: No such file or directory\nngctl: line 2: error in file\n', code: 71 };
    const r = scripted([gone]);
    const a = await askNodes(r, sock, qs);
    // Every question after the failing line was about node 5, which is gone: nothing left to ask.
    expect(r.scripts).toHaveLength(1);
    expect(a.notes).toEqual([]);
    expect(a.hookCounters.size).toBe(0);
    const link = { stdout: '', stderr: 'ngctl: send msg: Socket is not connected\nngctl: line 1: error in file\n', code: 71 };
    const stubborn = scripted([link, link, link]);
    const three: NgNode = { ...nodes[0]!, hooks: [...nodes[0]!.hooks, { hook: 'link3', peerId: '8', peerHook: 'ether' }] };
    const b = await askNodes(stubborn, sock, questionsFor([three], true, 'linkN-uplinkN'));
    expect(stubborn.scripts).toEqual([
      'msg [5]: getstats 1\nmsg [5]: getstats -2\nmsg [5]: getstats 3\nmsg [5]: gettable\n',
      'msg [5]: getstats -2\nmsg [5]: getstats 3\nmsg [5]: gettable\n',
      'msg [5]: getstats 3\nmsg [5]: gettable\n',
    ]);
    expect(b.hookCounters.size + b.tables.size).toBe(0);
    expect(b.notes).toEqual(['ngctl stopped 3 times on nodes or links that went away; bridge counters and tables left out this cycle']);
  });
});
