// Applying one design of the boot list: read it from the store (a design that
// no longer validates fails here, in the validator's words), wait a bounded
// time for the host interfaces it uses but does not make (NICs whose drivers
// attach late), then plan and apply it through the apply engine under the
// data folder's apply lock, journaled (the journal stores the ledger whatever
// happens, and a power cut mid-way is recovered from like any apply).
import type { HostBackend } from '../host/backend.js';
import type { Design } from '../../shared/design/types.js';
import { absentInterfaces, usedHostInterfaces, type UsedInterface } from '../../shared/plan/host-interfaces.js';
import type { ApplyReport } from '../../shared/protocol/rpc.js';
import type { Store } from '../store/index.js';
import { applyDesign, type ApplyGate } from './apply.js';
import { isApplyError } from './apply/errors.js';
import { storeJournal } from './apply/journal.js';

/** How often the host is observed again while waiting for interfaces. */
export const NIC_POLL_MS = 500;

export interface BootDesignOptions {
  backend: HostBackend;
  store: Store;
  /** The data folder's apply gate (one apply at a time, across processes). */
  gate: ApplyGate;
  /** How long to wait for the design's host interfaces to appear. */
  waitSeconds: number;
  /** One line of progress (the caller adds the time). */
  log: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** What became of one design. */
export interface BootOutcome {
  /** Changes applied (0: the host already matched). */
  applied: number;
  /** Host commands run. */
  processes: number;
}

const sleepMs = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const words = (list: UsedInterface[]): string => list.map((u) => `${u.name} (${u.use})`).join(', ');

/** Waits until the host has every interface the design uses; throws naming those that did not come. */
async function waitForInterfaces(design: Design, o: BootDesignOptions): Promise<void> {
  const used = usedHostInterfaces(design);
  if (used.length === 0) return;
  let absent = absentInterfaces(used, await o.backend.observe());
  if (absent.length === 0) return;
  const deadline = Date.now() + o.waitSeconds * 1000;
  o.log(`waiting up to ${o.waitSeconds} s for interface(s) ${words(absent)}`);
  while (absent.length > 0 && Date.now() < deadline) {
    await (o.sleep ?? sleepMs)(Math.min(NIC_POLL_MS, Math.max(0, deadline - Date.now())));
    absent = absentInterfaces(used, await o.backend.observe());
  }
  if (absent.length > 0) throw new Error(`interface(s) ${words(absent)} did not appear within ${o.waitSeconds} s`);
  o.log(`interface(s) ${words(used)} present`);
}

/** The lines saying how a failed apply ended. */
function failureLines(r: ApplyReport | undefined): string[] {
  if (!r?.failure) return [];
  const out = [`step ${r.failure.step} failed: ${r.failure.change}: ${r.failure.message}`, ...r.failure.stderr.trim().split('\n').filter(Boolean).map((l) => `  | ${l}`)];
  if (r.leftovers && r.leftovers.length > 0) out.push('NOT restored (check the host):', ...r.leftovers.map((l) => `  ${l}`));
  else out.push('undone: the host is as it was before this design');
  return out;
}

/** Applies the stored design `name` as the boot list asks; throws (one line) when it fails. */
export async function bootDesign(name: string, o: BootDesignOptions): Promise<BootOutcome> {
  const design = await o.store.getDesign(name);
  await waitForInterfaces(design, o);
  return o.gate.run(`ngstudio boot (pid ${process.pid})`, async () => {
    const ledger = await o.store.loadLedger();
    try {
      const journal = storeJournal(o.store, `ngstudio boot of ${name} (pid ${process.pid})`);
      const out = await applyDesign(o.backend, {
        design, ledger, journal,
        onProgress: (p) => p.status !== 'running' && o.log(`[${p.step}/${p.of}] ${p.status.padEnd(6)} ${p.change}`),
      });
      const r = out.report;
      if (r.mismatches.length > 0) {
        for (const m of r.mismatches) o.log(`still differs: ${m}`);
        throw new Error(`the host does not match the design after the apply (${r.mismatches.length} difference(s): ${r.mismatches[0]})`);
      }
      return { applied: r.applied, processes: r.processes ?? 0 };
    } catch (e) {
      if (isApplyError(e) && e.code === 'host-error') for (const l of failureLines(e.details as ApplyReport | undefined)) o.log(l);
      throw e;
    }
  });
}
