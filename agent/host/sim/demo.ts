// The demo topology, built by running emulated commands exactly as an admin
// (or FreeBSD's jng/jib scripts) would: the FreeBSD wiki's bridge br0 with
// eifaces ng_host/ng_test1/ng_test2 and vnet jails test1/test2 addressed
// 10.0.0.1/24 and 10.0.0.2/24 (so `jexec test1 ping 10.0.0.2` works); a jng-style
// uplink on em0 for jail `web`; a jib-style epair + if_bridge on em1 for `db`.
import { ifAttachNic, ifFind } from './ifnet.js';
import { DEFAULT_NICS, newState } from './new-state.js';
import type { SimState } from './state.js';
import { withState } from './store.js';
import { runCommand } from './cmd/index.js';

/** The second NIC the jib part of the demo uses. */
export const DEMO_EM1 = { name: 'em1', mac: '00:0c:29:4f:8e:3f' };

const jailArgs = (name: string, ifname: string): string[] =>
  ['jail', '-c', `name=${name}`, `path=/jails/${name}`, `host.hostname=${name}.demo`, 'vnet', 'persist', `vnet.interface=${ifname}`];

/**
 * The demo's command lines in order. Interface names such as ngeth1 are the
 * ones FreeBSD would allocate here (renamed ngeth units stay allocated).
 */
export function demoCommands(): string[][] {
  const w = (s: string): string[] => s.split(' ');
  return [
    // FreeBSD wiki: a netgraph bridge br0 joining three eifaces.
    w('ngctl mkpeer eiface ether ether'),
    w('ngctl mkpeer ngeth0: bridge ether link0'),
    w('ngctl name ngeth0:ether br0'),
    w('ngctl msg br0: setpersistent'),
    w('ngctl name ngeth0: ng_host'),
    w('ifconfig ngeth0 name ng_host'),
    w('ngctl mkpeer br0: eiface link1 ether'),
    w('ngctl name br0:link1 ng_test1'),
    w('ifconfig ngeth1 name ng_test1'),
    w('ngctl mkpeer br0: eiface link2 ether'),
    w('ngctl name br0:link2 ng_test2'),
    w('ifconfig ngeth2 name ng_test2'),
    w('ifconfig ng_host up'),
    jailArgs('test1', 'ng_test1'),
    jailArgs('test2', 'ng_test2'),
    w('jexec test1 ifconfig ng_test1 inet 10.0.0.1/24'),
    w('jexec test2 ifconfig ng_test2 inet 10.0.0.2/24'),
    // jng bridge web em0
    w('kldload ng_ether'),
    w('ifconfig em0 up'),
    w('ngctl msg em0: setpromisc 1'),
    w('ngctl msg em0: setautosrc 0'),
    w('ngctl mkpeer em0: bridge lower link0'),
    w('ngctl connect em0: em0:lower upper link1'),
    w('ngctl name em0:lower em0bridge'),
    w('ngctl mkpeer em0bridge: eiface link2 ether'),
    w('ngctl name em0bridge:link2 ng0_web'),
    w('ifconfig ngeth3 name ng0_web'),
    w('ifconfig ng0_web up'),
    jailArgs('web', 'ng0_web'),
    // jib addm db em1
    w('ifconfig em1 up'),
    w('ifconfig bridge create'),
    w('ifconfig bridge0 addm em1'),
    w('ifconfig bridge0 name em1bridge'),
    w('ifconfig em1bridge up'),
    w('ifconfig epair create'),
    w('ifconfig em1bridge addm epair0a'),
    w('ifconfig epair0a name e0a_db'),
    w('ifconfig epair0b name e0b_db'),
    w('ifconfig e0a_db up'),
    w('ifconfig e0b_db up'),
    jailArgs('db', 'e0b_db'),
  ];
}

/** Runs the demo commands on a state in memory; throws with the failing command's stderr. */
async function seedState(state: SimState): Promise<void> {
  if (!ifFind(state, 0, DEMO_EM1.name)) ifAttachNic(state, DEMO_EM1.name, DEMO_EM1.mac);
  for (const argv of demoCommands()) {
    const r = await runCommand(state, argv, { env: {} });
    if (r.code !== 0) throw new Error(`demo: '${argv.join(' ')}' failed (exit ${r.code}): ${r.stderr.trim()}`);
  }
}

/** Seeds the demo into a state object, or into a state file (created with em0 and em1 when missing). */
export async function seedDemo(target: string | SimState): Promise<void> {
  if (typeof target !== 'string') return seedState(target);
  await withState(target, async (state) => {
    if (state.jails.length > 0 || state.ifnets.length > DEFAULT_NICS.length + 1) throw new Error(`demo: ${target} is not a fresh emulated host; seed a new state file`);
    if (!ifFind(state, 0, DEMO_EM1.name)) {
      const fresh = newState({ nics: [...DEFAULT_NICS, DEMO_EM1] });
      Object.assign(state, fresh);
    }
    await seedState(state);
  });
}
