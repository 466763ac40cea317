// Helpers for the data-plane tests: an emulated host with a frozen clock,
// eifaces hung on netgraph hooks and given to addressed vnet jails, and
// interface counters read the way netstat shows them.
import { runCommand } from '../../../../../agent/host/sim/cmd/index.js';
import { newState } from '../../../../../agent/host/sim/new-state.js';
import type { SimIfnet, SimState } from '../../../../../agent/host/sim/state.js';
import type { CmdResult } from '../../../../../agent/host/sim/cmd/types.js';

export interface Lab {
  state: SimState;
  sh(cmd: string | string[]): Promise<CmdResult>;
  ok(cmd: string | string[]): Promise<string>;
  /** `ngctl mkpeer PATH eiface HOOK ether`; returns the new interface's name. */
  eiface(path: string, hook: string): Promise<string>;
  /** A persistent vnet jail holding `ifname`, addressed `ip`/24 (which brings it up). */
  jail(name: string, ifname: string, ip: string | null): Promise<void>;
  /** An interface's counter by name, wherever it lives. */
  count(ifname: string, key: string): number;
  ifp(ifname: string): SimIfnet;
}

export function lab(): Lab {
  const state = newState({ frozenClock: true });
  const sh = (cmd: string | string[]): Promise<CmdResult> => runCommand(state, typeof cmd === 'string' ? cmd.split(' ') : cmd, { env: {} });
  const ok = async (cmd: string | string[]): Promise<string> => {
    const r = await sh(cmd);
    if (r.code !== 0) throw new Error(`'${String(cmd)}' failed (${r.code}): ${r.stderr}`);
    return r.stdout;
  };
  const ifp = (name: string): SimIfnet => {
    const i = state.ifnets.find((x) => x.name === name);
    if (i === undefined) throw new Error(`no interface ${name}`);
    return i;
  };
  return {
    state,
    sh,
    ok,
    ifp,
    async eiface(path, hook) {
      const before = new Set(state.ifnets.map((i) => i.id));
      await ok(path === '' ? 'ngctl mkpeer eiface ether ether' : `ngctl mkpeer ${path} eiface ${hook} ether`);
      return state.ifnets.find((i) => !before.has(i.id))!.name;
    },
    async jail(name, ifname, ip) {
      await ok(['jail', '-c', `name=${name}`, 'path=/', 'vnet', 'persist', `vnet.interface=${ifname}`]);
      if (ip !== null) await ok(`jexec ${name} ifconfig ${ifname} inet ${ip}/24`);
    },
    count: (name, key) => ifp(name).stats?.[key] ?? 0,
  };
}

/** The counters of ng_bridge, ng_one2many and ng_tee stats answers. */
type StatField = 'recvOctets' | 'recvPackets' | 'xmitOctets' | 'xmitPackets' | 'inOctets' | 'inFrames' | 'outOctets' | 'outFrames';
export type Stats = Record<string, number> & Record<StatField, number>;

/** The numbers of an `Args: { … }` answer as a record (0 for fields ng_parse left out). */
export function args(out: string): Stats {
  const body = /Args:\t(.*)\n/.exec(out)?.[1] ?? '';
  const rec: Record<string, number> = {};
  for (const m of body.matchAll(/(\w+)=(\d+)/g)) rec[m[1]!] = Number(m[2]);
  return new Proxy(rec, { get: (t, k: string) => t[k] ?? 0 }) as Stats;
}

/** Chosen fields of an `args()` record (missing ones 0), for whole-object comparisons. */
export function pick(rec: Record<string, number>, keys: string[]): Record<string, number> {
  return Object.fromEntries(keys.map((k) => [k, rec[k] ?? 0]));
}
