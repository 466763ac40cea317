// if_bridge(4) forwarding over member interfaces: it learns source MACs per
// member (entries live 1200 s, the default `timeout`), delivers frames for
// its own or a member's MAC locally, forwards known unicast to one member
// and floods broadcast, multicast and unknown unicast to the others (up
// members only). The bridge interface counts what it forwards in and what
// it sends out to members (bridge_forward, bridge_enqueue).
import type { SimIfnet, SimState } from '../state.js';
import { ifCount } from './counters.js';
import type { Transit } from './deliver.js';
import { driverTransmit, etherDemux } from './drivers.js';
import { frameLen, isMulticast, type Frame, type Sent } from './frame.js';

/** brconfig timeout: learned addresses expire after 1200 s. */
const RT_TIMEOUT_MS = 1200_000;

/** The if_bridge an interface is a member of. */
export function memberBridge(state: SimState, ifp: SimIfnet): SimIfnet | undefined {
  return state.ifnets.find((b) => b.kind === 'bridge' && b.members?.includes(ifp.id));
}

const members = (state: SimState, br: SimIfnet): SimIfnet[] =>
  (br.members ?? []).map((id) => state.ifnets.find((i) => i.id === id)).filter((i): i is SimIfnet => i !== undefined);

/** bridge_rtlookup: the member a MAC was learned on (expired entries are dropped). */
function lookup(tx: Transit, br: SimIfnet, mac: string): SimIfnet | undefined {
  const fdb = br.fdb ?? [];
  const live = fdb.filter((e) => tx.now - e.seen < RT_TIMEOUT_MS);
  if (live.length !== fdb.length) {
    br.fdb = live;
    tx.state.generation++;
  }
  const e = live.find((x) => x.mac === mac);
  return e === undefined ? undefined : members(tx.state, br).find((m) => m.id === e.member);
}

/** bridge_rtupdate: learn or refresh `mac` on `member`. */
function learn(tx: Transit, br: SimIfnet, mac: string, member: SimIfnet): void {
  if (isMulticast(mac)) return;
  const fdb = (br.fdb ??= []);
  const e = fdb.find((x) => x.mac === mac);
  if (e === undefined) fdb.push({ mac, member: member.id, seen: tx.now });
  else {
    e.member = member.id;
    e.seen = tx.now;
  }
  tx.state.generation++;
}

/** bridge_enqueue: out of one member, counted on the bridge. */
function enqueue(tx: Transit, br: SimIfnet, m: SimIfnet, f: Frame): void {
  if (!m.up) return;
  ifCount(tx.state, br, 'opackets');
  ifCount(tx.state, br, 'obytes', frameLen(f));
  driverTransmit(tx, m, f);
}

/** bridge_forward: counted as input on the bridge, then to `to` or flooded to every other member. */
function forward(tx: Transit, br: SimIfnet, from: SimIfnet, f: Frame, to?: SimIfnet): void {
  ifCount(tx.state, br, 'ipackets');
  ifCount(tx.state, br, 'ibytes', frameLen(f));
  for (const m of to !== undefined ? [to] : members(tx.state, br).filter((x) => x !== from)) enqueue(tx, br, m, f);
}

/**
 * bridge_input for a frame a member received. Frames for the bridge's own
 * MAC go up the bridge interface; broadcast and multicast are forwarded and
 * also handed up the bridge interface, where the host's addresses for the
 * bridged segment live (the kernel passes them up the member and finds the
 * bridge's addresses through its `bridged` lookups: the same outcome).
 */
export function ifbridgeInput(tx: Transit, br: SimIfnet, member: SimIfnet, f: Frame): void {
  if (!br.up) {
    etherDemux(tx, member, f, true);
    return;
  }
  learn(tx, br, f.src, member);
  if (f.dst === br.mac) {
    ifCount(tx.state, br, 'ipackets');
    ifCount(tx.state, br, 'ibytes', frameLen(f));
    etherDemux(tx, br, f, false);
    return;
  }
  const own = members(tx.state, br).find((m) => m.mac === f.dst);
  if (own !== undefined) {
    etherDemux(tx, own, f, false);
    return;
  }
  if (isMulticast(f.dst)) {
    forward(tx, br, member, f);
    etherDemux(tx, br, f, false);
    return;
  }
  const dst = lookup(tx, br, f.dst);
  if (dst === member) return;
  forward(tx, br, member, f, dst);
}

/** bridge_output: the host sends on the bridge (or a member): to the learned member, else to all. */
export function ifbridgeOutput(tx: Transit, br: SimIfnet, f: Frame): Sent {
  if (!br.up) return 'ENETDOWN';
  const dst = isMulticast(f.dst) ? undefined : lookup(tx, br, f.dst);
  for (const m of dst !== undefined ? [dst] : members(tx.state, br)) enqueue(tx, br, m, f);
  return null;
}
