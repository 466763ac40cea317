// Path tracing agrees with the emulated data plane: on random jail labs built
// by the emulated commands and addressed in one subnet, `tracePath` says jail
// A reaches jail B exactly when `jexec A ping -c 1 -t 1 ADDR_B` gets a reply.
// The trace reads the snapshot; the ping sends frames through the modelled
// graph (eifaces, bridges, hubs, epairs, the if_bridge): two independent
// answers to one question.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../agent/host/sim/cmd/index.js';
import { newState } from '../../agent/host/sim/new-state.js';
import { simSnapshot } from '../../agent/host/sim/snapshot.js';
import type { SimState } from '../../agent/host/sim/state.js';
import { tracePath } from '../../shared/path/trace.js';
import { isPathError } from '../../shared/path/types.js';
import { labArb, labCommands, labIfName, labJailName } from './path-arbitraries.js';

async function run(state: SimState, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCommand(state, argv, { env: {} });
}

const addr = (i: number): string => `10.77.0.${i + 1}`;

describe('path tracing against the emulated ping', () => {
  it('reachable exactly when ping gets a reply, for every pair of jails', async () => {
    await fc.assert(
      fc.asyncProperty(labArb, async (lab) => {
        const state = newState();
        for (const argv of labCommands(lab)) {
          const r = await run(state, argv);
          if (r.code !== 0) throw new Error(`'${argv.join(' ')}' failed (exit ${r.code}): ${r.stderr.trim()}`);
        }
        // One subnet; a jail left down stays down (adding an address may bring an interface up, as on FreeBSD).
        for (let i = 0; i < lab.jails.length; i++) {
          const jail = labJailName(i);
          const ifname = labIfName(lab, i);
          const a = await run(state, ['jexec', jail, 'ifconfig', ifname, 'inet', `${addr(i)}/24`]);
          if (a.code !== 0) throw new Error(`addressing ${jail} failed: ${a.stderr.trim()}`);
          if (lab.jails[i]!.down) await run(state, ['jexec', jail, 'ifconfig', ifname, 'down']);
        }
        const s = simSnapshot(state);
        for (let a = 0; a < lab.jails.length; a++) {
          for (let b = 0; b < lab.jails.length; b++) {
            if (a === b) continue;
            const t = tracePath(s, labJailName(a), labJailName(b));
            if (isPathError(t)) throw new Error(t.error);
            const ping = await run(state, ['jexec', labJailName(a), 'ping', '-c', '1', '-t', '1', addr(b)]);
            expect(ping.code === 0, `${labJailName(a)} → ${labJailName(b)}: path says ${t.reachable ? 'reachable' : `not (${t.breaks?.reason})`}; ping:\n${ping.stdout}${ping.stderr}`).toBe(t.reachable);
          }
        }
      }),
      { numRuns: 40 },
    );
  }, 240_000);
});
