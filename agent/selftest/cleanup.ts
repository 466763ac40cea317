// Removing everything the self-test made. Inside the throwaway jail first,
// explicitly, whatever state a failure left it in (it is observed again): the
// nested jails, every netgraph node (an eiface's interface goes with its
// node), every epair and if_bridge; then the jail itself from the host. On
// FreeBSD a dying vnet also destroys what was created in it and returns what
// was moved in to its home vnet, so a jail removed with things still inside
// could hand interfaces back to the host: hence the explicit sweep first.
import type { FreebsdBackend } from '../host/freebsd/backend.js';
import type { HostSnapshot } from '../../shared/model/snapshot.js';
import { why, type Report } from './report.js';

/** Runs argv; null when it exited 0, else what went wrong in one line. */
async function attempt(be: FreebsdBackend, argv: string[]): Promise<string | null> {
  try {
    const r = await be.run(argv);
    if (r.code === 0) return null;
    return `${argv.join(' ')} exited ${r.code}${r.stderr.trim() ? `: ${r.stderr.trim().split('\n')[0]}` : ''}`;
  } catch (e) {
    return why(e);
  }
}

/** Sweeps the inside of the jail as observed; returns what was done and what could not be. */
async function sweep(inside: FreebsdBackend, seen: HostSnapshot): Promise<{ done: string[]; left: string[] }> {
  const done: string[] = [];
  const left: string[] = [];
  const note = (err: string | null, ok: string, what: string): void => {
    if (err === null) done.push(ok);
    else left.push(`${what} (${err})`);
  };
  // Deepest first; by JID, which names a jail below this one unambiguously.
  const depth = (n: string): number => n.split('.').length;
  for (const j of [...seen.jails].sort((a, b) => depth(b.name) - depth(a.name))) {
    note(await attempt(inside, ['jail', '-r', String(j.jid)]), `removed nested jail ${j.name}`, `nested jail ${j.name}`);
  }
  // ng_ether nodes belong to their interfaces (shutdown only resets them); sockets to running ngctl processes.
  for (const n of seen.netgraph.nodes.filter((x) => x.type !== 'socket' && x.type !== 'ether')) {
    const name = n.name ?? `[${n.id}]`;
    note(await attempt(inside, ['ngctl', 'shutdown', `[${n.id}]:`]), `shut down ${name}`, `node ${name}`);
  }
  // Interfaces in the nested jails came back to this vnet with them, under the same names.
  const gone = new Set<string>();
  for (const i of seen.interfaces.filter((x) => x.kind === 'epair' || x.kind === 'bridge')) {
    if (gone.has(i.name)) continue;
    gone.add(i.name);
    if (i.epairPeer !== null) gone.add(i.epairPeer);
    const what = i.epairPeer !== null ? `epair ${i.name}/${i.epairPeer}` : `if_bridge ${i.name}`;
    note(await attempt(inside, ['ifconfig', i.name, 'destroy']), `destroyed ${what}`, what);
  }
  return { done, left };
}

/**
 * Cleans up after the self-test, reporting two checks (inside the jail, the
 * jail itself). Returns what could not be cleaned, in words (empty when all went).
 */
export async function cleanUp(host: FreebsdBackend, inside: FreebsdBackend, jail: string, r: Report): Promise<string[]> {
  const left: string[] = [];
  let seen: HostSnapshot | null = null;
  try {
    seen = await inside.observe();
  } catch (e) {
    r.fail('clean up inside the jail', `could not look inside it (${why(e)}); removing the jail takes what was made there with it`);
  }
  if (seen !== null) {
    const s = await sweep(inside, seen);
    left.push(...s.left.map((x) => `inside ${jail}: ${x}`));
    if (s.left.length === 0) r.ok('clean up inside the jail', s.done.length > 0 ? s.done.join('; ') : 'nothing was left');
    else r.fail('clean up inside the jail', `could not remove: ${s.left.join('; ')}`);
  }
  const err = await attempt(host, ['jail', '-r', jail]);
  // jls -j exits 1 with `jls: jail "NAME" not found` once it is gone (facts §5.3).
  const still = await host.run(['jls', '-j', jail, 'jid']).then((x) => x.code === 0, () => true);
  if (err === null && !still) r.ok('remove the throwaway jail', `${jail} removed (jls -j ${jail} no longer finds it)`);
  else {
    const reason = err ?? `jls -j ${jail} still finds it`;
    r.fail('remove the throwaway jail', `${jail} is still there: ${reason}; remove it by hand: jail -r ${jail}`);
    left.push(`jail ${jail} (${reason})`);
  }
  return left;
}
