// ARP of the emulated kernel (netinet/if_ether.c): the per-vnet table with
// its timers (entries live max_age 1200 s; an unanswered address is asked
// at most once a second, the packet waiting meanwhile, and after 5 requests
// sending fails with EHOSTDOWN until the entry dies 20 s after the last
// request), requests, replies, gratuitous announcements, and in_arpinput's
// rules for learning and answering.
import { onIfEvent } from '../ifevents.js';
import { addrsOf, isEtherLike } from '../net/ifaddr.js';
import { inetPton4, maskOf } from '../net/ipaddr.js';
import { graphOf } from '../netgraph/base.js';
import type { SimArpEntry, SimIfnet, SimState, VnetId } from '../state.js';
import type { Transit } from './deliver.js';
import { stackTransmit } from './drivers.js';
import { BROADCAST, ETHERTYPE_ARP, type ArpPacket, type Frame, type Sent } from './frame.js';

/** net.link.ether.inet.max_age */
export const ARP_KEEP_MS = 1200_000;
/** arpt_down: an incomplete entry is dropped this long after its last request. */
const ARP_DOWN_MS = 20_000;
/** net.link.ether.inet.maxtries */
const MAXTRIES = 5;
const ZERO_MAC = '00:00:00:00:00:00';

/** The vnet's ARP entries, expired ones removed. */
export function arpEntries(state: SimState, vnet: VnetId, at: number): SimArpEntry[] {
  const g = graphOf(state, vnet);
  const list = g.arp ?? [];
  const live = list.filter((e) => at < e.expire);
  if (live.length !== list.length) {
    if (live.length) g.arp = live;
    else delete g.arp;
    state.generation++;
  }
  return live;
}

function entryOf(tx: Transit, ifp: SimIfnet, ip: string): SimArpEntry | undefined {
  return arpEntries(tx.state, ifp.vnet, tx.now).find((e) => e.ip === ip && e.ifnet === ifp.id);
}

function arpFrame(ifp: SimIfnet, dst: string, p: Omit<ArpPacket, 'kind'>): Frame {
  return { dst, src: ifp.mac as string, type: ETHERTYPE_ARP, payload: { kind: 'arp', ...p } };
}

/** The source address of a request for `tip`: an address of the interface on tip's subnet, else its last (arprequest_internal). */
function sourceFor(ifp: SimIfnet, tip: string): string | undefined {
  const t = inetPton4(tip) as number;
  let sip: string | undefined;
  for (const a of addrsOf(ifp, 'inet')) {
    sip = a.addr;
    const m = maskOf(a.plen);
    if ((((inetPton4(a.addr) as number) ^ t) & m) >>> 0 === 0) break;
  }
  return sip;
}

/** A broadcast who-has for `tip`. */
function request(tx: Transit, ifp: SimIfnet, tip: string, sip?: string): void {
  const spa = sip ?? sourceFor(ifp, tip);
  if (spa === undefined || ifp.mac === null) return;
  stackTransmit(tx, ifp, arpFrame(ifp, BROADCAST, { op: 1, sha: ifp.mac, spa, tha: ZERO_MAC, tpa: tip }));
}

/** Gratuitous ARP for an address just configured (arp_announce_ifaddr): sender and target are the address. */
export function arpAnnounce(tx: Transit, ifp: SimIfnet, addr: string): void {
  if (!isEtherLike(ifp) || !ifp.up) return;
  tx.run(() => (request(tx, ifp, addr, addr), null));
}

/**
 * arpresolve: a valid entry sends at once; otherwise the packet waits for
 * the reply (it goes out when one comes) and a request is sent unless one
 * went this second. EHOSTDOWN once maxtries requests went unanswered
 * (EHOSTUNREACH when the address is a gateway), else the wait is silent.
 */
export function arpResolve(tx: Transit, ifp: SimIfnet, ip: string, send: (mac: string) => Sent): Sent {
  let e = entryOf(tx, ifp, ip);
  if (e?.mac) return send(e.mac);
  if (e === undefined) {
    e = { ip, ifnet: ifp.id, mac: null, expire: tx.now + ARP_DOWN_MS, asked: 0 };
    (graphOf(tx.state, ifp.vnet).arp ??= []).push(e);
    tx.state.generation++;
  }
  tx.hold(ifp, ip, send);
  const asked = e.asked ?? 0;
  const err: Sent = asked < MAXTRIES ? null : 'EHOSTDOWN';
  if (asked === 0 || Math.floor((e.askedAt ?? -1000) / 1000) !== Math.floor(tx.now / 1000)) {
    e.asked = asked + 1;
    e.askedAt = tx.now;
    e.expire = tx.now + ARP_DOWN_MS;
    tx.state.generation++;
    request(tx, ifp, ip);
  }
  return err;
}

/** An entry is (re)learned: valid for max_age, and what waited for it goes out. */
function update(tx: Transit, ifp: SimIfnet, e: SimArpEntry, mac: string): void {
  e.mac = mac;
  e.expire = tx.now + ARP_KEEP_MS;
  delete e.asked;
  delete e.askedAt;
  tx.state.generation++;
  tx.release(ifp, e.ip, mac);
}

/**
 * in_arpinput: "my address" is the interface's address the packet targets
 * (or that it claims to come from, or its first one; no IPv4 address: the
 * packet is ignored). An existing entry for the sender is updated; a packet
 * aimed at us creates one; a request aimed at us is answered.
 */
export function arpInput(tx: Transit, ifp: SimIfnet, p: ArpPacket): void {
  const mine = addrsOf(ifp, 'inet');
  const my = mine.find((a) => a.addr === p.tpa) ?? mine.find((a) => a.addr === p.spa) ?? mine[0];
  if (my === undefined || ifp.mac === null || p.sha === ifp.mac) return;
  const toUs = p.tpa === my.addr;
  // Someone claims our own address: we defend it by answering (the kernel also logs it).
  if (p.spa !== my.addr) {
    const e = arpEntries(tx.state, ifp.vnet, tx.now).find((x) => x.ip === p.spa);
    if (e !== undefined && e.ifnet === ifp.id) update(tx, ifp, e, p.sha);
    else if (e === undefined && toUs) {
      const fresh: SimArpEntry = { ip: p.spa, ifnet: ifp.id, mac: null, expire: 0 };
      (graphOf(tx.state, ifp.vnet).arp ??= []).push(fresh);
      update(tx, ifp, fresh, p.sha);
    }
  }
  if (p.op !== 1 || !toUs) return;
  stackTransmit(tx, ifp, arpFrame(ifp, p.sha, { op: 2, sha: ifp.mac, spa: my.addr, tha: p.sha, tpa: p.spa }));
}

/** ARP entries of an interface that leaves its vnet or is destroyed go with it (lltable_free). */
function forget(state: SimState, ifp: SimIfnet): void {
  const g = state.vnets[String(ifp.vnet)];
  if (g?.arp === undefined) return;
  g.arp = g.arp.filter((e) => e.ifnet !== ifp.id);
  if (g.arp.length === 0) delete g.arp;
  state.generation++;
}

onIfEvent('depart', forget);
onIfEvent('detach', forget);
