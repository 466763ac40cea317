// Which hook names each netgraph node type accepts, and which types shut
// themselves down when they lose their last hook (facts §3). Types not listed
// here are not checked: the kernel decides at apply time.

/** ng_bridge: `linkN` or `uplinkN` (N ≥ 1), canonical decimal, as 13+ kernels check (facts §3.2). */
function bridgeHook(hook: string): string | null {
  const m = /^(link|uplink)(0|[1-9][0-9]*)$/.exec(hook);
  if (!m) return 'an ng_bridge hook must be linkN or uplinkN (decimal N without leading zeros)';
  if (m[1] === 'uplink' && m[2] === '0') return 'ng_bridge has no uplink0 (uplinks start at 1)';
  return null;
}

/** Why `type` refuses `hook`, or null when it accepts it (or the type is not known here). */
export function hookRefusal(type: string, hook: string): string | null {
  switch (type) {
    case 'eiface':
      return hook === 'ether' ? null : 'an ng_eiface node has only the hook "ether"';
    case 'bridge':
      return bridgeHook(hook);
    case 'ether':
      return ['lower', 'upper', 'orphans', 'divert'].includes(hook)
        ? null
        : 'an ng_ether node has only the hooks lower, upper and orphans';
    case 'iface':
      return ['inet', 'inet6', 'atalk', 'ipx', 'atm', 'natm'].includes(hook)
        ? null
        : 'an ng_iface node accepts only protocol hooks (inet, inet6)';
    case 'nat':
      return hook === 'in' || hook === 'out' ? null : 'an ng_nat node has only the hooks "in" and "out"';
    case 'pipe':
      return hook === 'upper' || hook === 'lower' ? null : 'an ng_pipe node has only the hooks "upper" and "lower"';
    default:
      return null;
  }
}

/** The major number of a release as `uname -r` prints it (`12.4-RELEASE` → 12); null when unknown. */
export function releaseMajorOf(release: string): number | null {
  const m = /^(\d+)\./.exec(release);
  return m ? Number(m[1]) : null;
}

/**
 * Why a host running `release` refuses `hook` on `type` where newer kernels
 * accept it, or null. ng_bridge before 13.0 takes only link0 … link31
 * (NG_BRIDGE_MAX_LINKS 32, no uplinkN: ng_bridge_newhook returns EINVAL, facts §3.2).
 * An unknown release is taken as the newest.
 */
export function releaseHookRefusal(type: string, hook: string, release: string): string | null {
  const major = releaseMajorOf(release);
  if (type !== 'bridge' || major === null || major > 12) return null;
  const m = /^link(0|[1-9][0-9]*)$/.exec(hook);
  if (m && Number(m[1]) < 32) return null;
  return `ng_bridge on ${release} accepts only the hooks link0 … link31 (uplinkN and link32 and above came with 13.0)`;
}

/** Types that destroy themselves when their last hook goes (bridge and hub unless persistent). */
export function diesWithoutHooks(type: string): boolean {
  return ['bridge', 'hub', 'vlan', 'nat', 'ksocket'].includes(type);
}

/** Types that can be told to survive without hooks (`msg X: setpersistent`). */
export function canPersist(type: string): boolean {
  return type === 'bridge' || type === 'hub';
}

/** The node types ngstudio can create with mkpeer (ether nodes come with NICs; sockets with processes). */
export function creatable(type: string): boolean {
  return type !== 'ether' && type !== 'socket' && type !== '';
}

/**
 * A hook name on `type` that no design link uses, for attaching a new node
 * to ngctl's own socket while the build script runs; null when the type's hook
 * rules are unknown (the planner then cannot root a component there).
 */
export function spareHook(type: string, used: Set<string>): string | null {
  if (type === 'bridge') {
    for (let n = 0; ; n++) if (!used.has(`link${n}`)) return `link${n}`;
  }
  if (type === 'hub' || type === 'vlan') {
    for (let n = 0; ; n++) if (!used.has(`ngctl${n}`)) return `ngctl${n}`;
  }
  if (type === 'eiface') return used.has('ether') ? null : 'ether';
  return null;
}
