// Path tracing on random jail labs built by the emulated commands (real
// emulated ngctl, ifconfig, jail, jexec on an in-memory emulated host): for
// every pair of jails, tracePath says reachable exactly when the lab's own
// description says so, the same both ways, with a path from one jail to the
// other when reachable and a named break when not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../agent/host/sim/cmd/index.js';
import { newState } from '../../agent/host/sim/new-state.js';
import { simSnapshot } from '../../agent/host/sim/snapshot.js';
import { tracePath } from '../../shared/path/trace.js';
import { isPathError } from '../../shared/path/types.js';
import type { PathTrace } from '../../shared/path/types.js';
import { labArb, labCommands, labIfName, labJailName, labOracle } from './path-arbitraries.js';

describe('tracePath on random emulated jail labs', () => {
  it('is reachable exactly when the lab connects the two jails, and explains itself', async () => {
    await fc.assert(
      fc.asyncProperty(labArb, async (lab) => {
        const state = newState();
        for (const argv of labCommands(lab)) {
          const r = await runCommand(state, argv, { env: {} });
          if (r.code !== 0) throw new Error(`'${argv.join(' ')}' failed (exit ${r.code}): ${r.stderr.trim()}`);
        }
        const s = simSnapshot(state);
        const { reach, wired } = labOracle(lab);
        for (let a = 0; a < lab.jails.length; a++) {
          for (let b = 0; b < lab.jails.length; b++) {
            if (a === b) continue;
            const r = tracePath(s, labJailName(a), labJailName(b));
            if (isPathError(r)) throw new Error(r.error);
            const t: PathTrace = r;
            expect(t.reachable, `${labJailName(a)} → ${labJailName(b)}`).toBe(reach(a, b));
            if (t.reachable) {
              expect(t.breaks).toBeUndefined();
              expect(t.hops[0]?.at).toEqual({ kind: 'jail', name: labJailName(a) });
              expect(t.hops.at(-1)?.at).toEqual({ kind: 'jail', name: labJailName(b) });
              expect(t.hops.some((h) => h.beyond)).toBe(false);
            } else {
              expect(t.breaks?.reason).toMatch(/\S/);
              if (t.breaks?.hop !== undefined) expect(t.hops[t.breaks.hop]?.at).toEqual(t.breaks.at);
              // Wired together, only down interfaces stand between them: the break is one, the source's own first.
              if (wired(a, b)) expect(t.breaks?.reason).toBe(`interface ${labIfName(lab, lab.jails[a]?.down ? a : b)} is down`);
              // Not wired: no interface brought up would help, so the break is not a down interface.
              else expect(t.breaks?.reason).not.toMatch(/ is down$/);
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
