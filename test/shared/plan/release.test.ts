// The planner and the exports follow the target host's release: ng_bridge on
// 12.x takes only link0 … link31 (NG_BRIDGE_MAX_LINKS 32; `uplinkN` came with
// 13.0, facts §3.2), so a design link on `uplinkN` or `link32` is a blocker
// naming the release there, and plans as usual on 14.x.
import { describe, expect, it } from 'vitest';
import { plan } from '../../../shared/plan/plan.js';
import { emptyLedger } from '../../../shared/plan/ledger.js';
import { exportDesign } from '../../../shared/export/index.js';
import type { Design } from '../../../shared/design/types.js';
import { emptyHost } from './helpers.js';

/** jng's newer layout: em0's lower on uplink1, upper on link0, a jail's eiface on link1. */
const uplinked: Design = {
  format: 1,
  nodes: [
    { name: 'em0', type: 'ether' },
    { name: 'em0bridge', type: 'bridge' },
    { name: 'ng0_web', type: 'eiface', ifname: 'ng0_web' },
  ],
  links: [
    { a: { node: 'em0', hook: 'lower' }, b: { node: 'em0bridge', hook: 'uplink1' } },
    { a: { node: 'em0', hook: 'upper' }, b: { node: 'em0bridge', hook: 'link0' } },
    { a: { node: 'em0bridge', hook: 'link1' }, b: { node: 'ng0_web', hook: 'ether' } },
  ],
  epairs: [],
  bridges: [],
  jails: [],
};

const host = (release: string) => emptyHost({ host: { hostname: 'h', backend: 'sim', release, emulated: true } });
const commands = (p: ReturnType<typeof plan>): string[] => p.changes.flatMap((c) => c.commands.map((k) => k.argv.map((a) => (typeof a === 'string' ? a : `$${a.ref}`)).join(' ')));

describe('planning against the observed release', () => {
  it('an uplink hook on a 12.x host is a blocker naming the release, and is never planned', () => {
    const p = plan(host('12.4-RELEASE'), uplinked, emptyLedger());
    const blockers = p.notes.filter((n) => n.severity === 'blocker');
    expect(blockers).toEqual([{
      severity: 'blocker',
      object: { kind: 'link', name: 'em0bridge:uplink1' },
      message: 'hook em0bridge:uplink1: ng_bridge on 12.4-RELEASE accepts only the hooks link0 … link31 (uplinkN and link32 and above came with 13.0); this link is left out',
    }]);
    expect(commands(p).some((c) => c.includes('uplink'))).toBe(false);
  });

  it('the same design plans fine on 14.x, uplink included', () => {
    const p = plan(host('14.3-RELEASE'), uplinked, emptyLedger());
    expect(p.notes.filter((n) => n.severity === 'blocker')).toEqual([]);
    expect(commands(p).filter((c) => c.includes('uplink1'))).toHaveLength(1);
  });

  it('link32 is refused on 12.x only; link31 is fine on both', () => {
    const wide = (hook: string): Design => ({
      format: 1,
      nodes: [{ name: 'br0', type: 'bridge' }, { name: 'ng0_a', type: 'eiface', ifname: 'ng0_a' }],
      links: [{ a: { node: 'br0', hook }, b: { node: 'ng0_a', hook: 'ether' } }],
      epairs: [], bridges: [], jails: [],
    });
    const blockers = (release: string, hook: string) => plan(host(release), wide(hook), emptyLedger()).notes.filter((n) => n.severity === 'blocker').map((n) => n.object.name);
    expect(blockers('12.2-RELEASE', 'link32')).toEqual(['br0:link32']);
    expect(blockers('12.2-RELEASE', 'link31')).toEqual([]);
    expect(blockers('13.0-RELEASE', 'link32')).toEqual([]);
  });
});

describe('exports target a release', () => {
  it('the sh and ngctl exports refuse an uplink for 12.x and write it for 14.x (the default)', () => {
    for (const format of ['sh', 'ngctl'] as const) {
      const old = exportDesign(uplinked, format, { release: '12.4-RELEASE' });
      expect(old.ok).toBe(false);
      if (!old.ok) expect(old.errors[0]).toContain('ng_bridge on 12.4-RELEASE accepts only the hooks link0 … link31');
      const now = exportDesign(uplinked, format);
      expect(now.ok).toBe(true);
      if (now.ok) expect(now.text).toContain('uplink1');
    }
  });
});
