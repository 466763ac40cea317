// fast-check arbitraries for path properties: random jail labs — netgraph
// bridges and hubs linked to each other, vnet jails on eifaces hanging off
// them, jails on epairs in an if_bridge — with faults (a jail's interface
// left down, a jail's hook removed, a switch link removed). Each lab comes as
// the emulated commands an admin would type to build it, and with an oracle:
// which jails can reach each other at layer 2, worked out from the lab
// description alone (union-find over the switches), not from a snapshot.
import fc from 'fast-check';

export type SwitchType = 'bridge' | 'hub';

export interface LabJail {
  /** The switch its eiface hangs off, or null: an epair whose host end is in the if_bridge. */
  sw: number | null;
  /** Its interface is left down (not brought up inside the jail). */
  down: boolean;
  /** Its eiface's hook on the switch is removed after building (`ngctl rmhook`); eiface jails only. */
  unhooked: boolean;
}

export interface Lab {
  switches: SwitchType[];
  /** Switch-to-switch links by index; `cut`: removed after building. */
  links: { a: number; b: number; cut: boolean }[];
  jails: LabJail[];
}

export const labJailName = (i: number): string => `lj${i}`;
const swName = (i: number): string => `sw${i}`;
/** The jail's interface name (an eiface renamed, or the b end of an epair renamed). */
export const labIfName = (lab: Lab, i: number): string => (lab.jails[i]?.sw === null ? `e${i}b_lab` : `ng_lj${i}`);

/** A random lab: 1–3 switches, 2–5 jails, some links between switches, some faults. */
export const labArb: fc.Arbitrary<Lab> = fc
  .record({
    switches: fc.array(fc.constantFrom<SwitchType>('bridge', 'hub'), { minLength: 1, maxLength: 3 }),
    links: fc.array(fc.record({ a: fc.nat(), b: fc.nat(), cut: fc.boolean() }), { maxLength: 3 }),
    jails: fc.array(fc.record({ sw: fc.option(fc.nat(), { freq: 4 }), down: fc.boolean(), unhooked: fc.boolean() }), { minLength: 2, maxLength: 5 }),
  })
  .map(({ switches, links, jails }) => {
    const n = switches.length;
    const seen = new Set<string>();
    const ls = links
      .map((l) => ({ a: l.a % n, b: l.b % n, cut: l.cut }))
      .filter((l) => {
        const k = `${Math.min(l.a, l.b)}-${Math.max(l.a, l.b)}`;
        if (l.a === l.b || seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    // Down and unhooked each in about a quarter of the jails: most labs keep some pairs reachable.
    const js = jails.map((j, i) => ({ sw: j.sw === null ? null : j.sw % n, down: j.down && i % 2 === 0, unhooked: j.unhooked && j.sw !== null && i % 3 === 1 }));
    return { switches, links: ls, jails: js };
  });

/**
 * The emulated commands that build a lab on a fresh emulated host (no
 * ng_ether loaded). Each switch is made from a host eiface (`ngethN`, the
 * anchor) and made persistent; jails get their interface renamed and moved
 * in; faults are applied last.
 */
export function labCommands(lab: Lab): string[][] {
  const out: string[][] = [];
  const w = (s: string): string[] => s.split(' ');
  let unit = 0; // ng_eiface units, allocated in order (renamed units stay allocated)
  const nextHook = lab.switches.map(() => 1);
  const hook = (sw: number): string => `link${nextHook[sw]!++}`;
  lab.switches.forEach((type, i) => {
    const anchor = `ngeth${unit++}`;
    out.push(w('ngctl mkpeer eiface ether ether'), w(`ngctl mkpeer ${anchor}: ${type} ether link0`), w(`ngctl name ${anchor}:ether ${swName(i)}`), w(`ngctl msg ${swName(i)}: setpersistent`));
  });
  const linkHooks = lab.links.map((l) => {
    const [ha, hb] = [hook(l.a), hook(l.b)];
    out.push(w(`ngctl connect ${swName(l.a)}: ${swName(l.b)}: ${ha} ${hb}`));
    return ha;
  });
  const jailHooks: (string | null)[] = [];
  let epairs = 0;
  if (lab.jails.some((j) => j.sw === null)) out.push(w('ifconfig bridge create'), w('ifconfig bridge0 name labbridge'), w('ifconfig labbridge up'));
  lab.jails.forEach((j, i) => {
    const ifname = labIfName(lab, i);
    if (j.sw === null) {
      const e = epairs++;
      out.push(w('ifconfig epair create'), w(`ifconfig epair${e}a name e${i}a_lab`), w(`ifconfig epair${e}b name ${ifname}`), w(`ifconfig labbridge addm e${i}a_lab`), w(`ifconfig e${i}a_lab up`));
      jailHooks.push(null);
    } else {
      const h = hook(j.sw);
      out.push(w(`ngctl mkpeer ${swName(j.sw)}: eiface ${h} ether`), w(`ifconfig ngeth${unit++} name ${ifname}`));
      jailHooks.push(h);
    }
    out.push(['jail', '-c', `name=${labJailName(i)}`, `path=/jails/${labJailName(i)}`, 'vnet', 'persist', `vnet.interface=${ifname}`]);
    if (!j.down) out.push(w(`jexec ${labJailName(i)} ifconfig ${ifname} up`));
  });
  lab.links.forEach((l, k) => l.cut && out.push(w(`ngctl rmhook ${swName(l.a)}: ${linkHooks[k]}`)));
  lab.jails.forEach((j, i) => j.unhooked && j.sw !== null && out.push(w(`ngctl rmhook ${swName(j.sw)}: ${jailHooks[i]}`)));
  return out;
}

/** The oracle of a lab: which jails reach each other at layer 2 (`reach`), and which are wired together whatever is down (`wired`). */
export interface LabOracle {
  reach(a: number, b: number): boolean;
  wired(a: number, b: number): boolean;
}

/** Works the oracle out from the description alone (union-find over the switches). */
export function labOracle(lab: Lab): LabOracle {
  const parent = lab.switches.map((_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x] as number)));
  for (const l of lab.links) if (!l.cut) parent[find(l.a)] = find(l.b);
  const attached = (j: LabJail | undefined): string | null => (!j || j.unhooked ? null : j.sw === null ? 'if_bridge' : `sw${find(j.sw)}`);
  const wired = (a: number, b: number): boolean => {
    const p = attached(lab.jails[a]);
    return p !== null && p === attached(lab.jails[b]);
  };
  return { wired, reach: (a, b) => wired(a, b) && !lab.jails[a]?.down && !lab.jails[b]?.down };
}
