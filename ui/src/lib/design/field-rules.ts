// Each inspector field's rule in words (the hint under it), with the limits
// taken from FreeBSD's constants in shared/model/names.ts.
import type { Design } from '../../../../shared/design/types.js';
import { IF_NAME_MAX, JAIL_NAME_MAX, NG_NAME_MAX } from '../../../../shared/model/names.js';
import { VLAN_MAX } from './fields.js';
import type { BridgeKnob, Field, ImpairKnob } from './fields.js';
import { keyOfLink } from './refs.js';

const NODE_NAME_RULE = `1–${NG_NAME_MAX} characters: letters, digits, _ and -`;
const IF_NAME_RULE = `up to ${IF_NAME_MAX} characters, starting with a letter; letters, digits, _, - and .`;
const HOOK_RULE = `1–${NG_NAME_MAX} characters: letters, digits, _, - and /`;
const MAC_RULE = "six hex pairs like 02:00:00:00:00:01, unicast; empty: the kernel's choice";
const UP_RULE = "up or down once applied; don't care: left as it is";
/** The words under each impairment number (limits: shared/design/impair.ts, from ng_pipe.c). */
const IMPAIR_RULE: Record<ImpairKnob, string> = {
  delayMs: 'ms added to every frame, both ways: 0–9999.999 (ng_pipe has no jitter)',
  bandwidthKbit: 'kbit/s (1000 bits): 0.1–1000000; empty: no limit',
  lossPct: '% of full-size (1514-byte) frames lost, 0–100; ng_pipe loses smaller frames less',
  ber: 'bit error rate: one bit in N is wrong, 1–10^12 (instead of loss %)',
  queueLen: 'frames queued for the rate limit: 5 or more; empty: 50',
  duplicatePct: '% of frames sent twice: 0–50',
  overheadBytes: 'framing bytes counted per frame: 0–255 (Ethernet: 24)',
};

const KNOB_RULE: Record<BridgeKnob, string> = {
  loopTimeout: 'seconds a link stays muted after a loop is found',
  maxStaleness: 'seconds a silent host stays in the MAC table',
  minStableAge: 'seconds a host must stay on one link before it may move',
  debugLevel: 'debug verbosity',
};

/** The rule of a field in words (the hint shown under it). */
export function ruleOf(d: Design, f: Field): string {
  switch (f.of) {
    case 'node': {
      const type = d.nodes.find((n) => n.name === f.node)?.type ?? '';
      if (f.key === 'config') return `${KNOB_RULE[f.knob]}: a non-negative integer; empty: the kernel's default`;
      if (f.key === 'filter') return f.part === 'vlan' ? `VLAN tag 0–${VLAN_MAX}` : `hook the tagged frames go to: ${HOOK_RULE}`;
      if (f.key === 'ifname') return `interface name: ${IF_NAME_RULE}`;
      if (f.key === 'mac') return MAC_RULE;
      if (f.key === 'up') return UP_RULE;
      if (f.key === 'persistent') return `a ${type} with no links shuts itself down unless persistent`;
      return NODE_NAME_RULE;
    }
    case 'epair':
    case 'ifbridge':
      return f.key === 'name' ? `interface name: ${IF_NAME_RULE}` : f.key === 'mac' ? MAC_RULE : UP_RULE;
    case 'jail':
      switch (f.key) {
        case 'name': return `up to ${JAIL_NAME_MAX} characters: letters, digits, _ and -; not a number`;
        case 'path': return "absolute path of the jail's root, like /jails/web";
        case 'hostname': return 'host.hostname inside the jail; empty: not set';
        case 'vnet': return 'its own network stack: it takes interfaces instead of addresses';
        case 'ip4': return 'IPv4 addresses (ip4.addr), separated by commas or spaces';
        case 'ip6': return 'IPv6 addresses (ip6.addr), separated by commas or spaces';
        case 'params': return 'more jail(8) parameters, one key=value per line, like allow.raw_sockets=1';
        case 'state': return 'running: created and kept (persist); stopped: must not exist';
      }
      break;
    case 'link': {
      const l = d.links.find((x) => keyOfLink(x) === f.link);
      if (f.key === 'impaired') return 'an ng_pipe spliced into the link delays, limits or loses its frames';
      if (f.key === 'impair') {
        const dir = f.dir === 'both' ? '' : f.dir === 'downstream' ? `${l?.a.node} → ${l?.b.node} only: ` : `${l?.b.node} → ${l?.a.node} only: `;
        return `${dir}${IMPAIR_RULE[f.knob]}`;
      }
      const type = d.nodes.find((n) => n.name === l?.[f.side].node)?.type;
      if (type === 'eiface') return 'an eiface has one hook: ether';
      if (type === 'bridge') return 'linkN or uplinkN (N ≥ 1 for uplinks, no leading zeros)';
      if (type === 'ether') return 'lower: the wire side; upper: the host stack';
      return HOOK_RULE;
    }
  }
  return '';
}
