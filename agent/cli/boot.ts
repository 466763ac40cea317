// `ngstudio boot`: the designs that survive a reboot. --enable / --disable /
// --list keep the ordered boot list in the data folder; without them, every
// design on the list is applied in order (the rc.d script ngstudio_boot runs
// this at boot), each step logged with the time. A design that fails is
// reported and the next one still runs; the exit status is 1 if any failed.
// Run twice, the second run finds every design in place and runs nothing.
import { join } from 'node:path';
import { createApplyGate } from '../engine/apply.js';
import { bootDesign } from '../engine/boot.js';
import { adoptInterrupted, interruptedLines } from '../engine/recovery.js';
import { bootFile } from '../store/boot.js';
import { dataDirFor, isStoreError, openStore, type Store } from '../store/index.js';
import { intOption, parse, UsageError, type CliIO } from './args.js';
import { openHost } from './host.js';
import { HOST_OPTIONS } from './plan.js';

const OPTIONS = {
  ...HOST_OPTIONS,
  enable: { type: 'string' },
  disable: { type: 'string' },
  list: { type: 'boolean' },
  'wait-nics': { type: 'string' },
} as const;

/** The default wait for a design's NICs, in seconds. */
export const DEFAULT_WAIT_NICS = 30;

/** The first line of an error's message. */
const oneLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]?.trim() || 'failed';

const order = (list: string[]): string => (list.length === 0 ? 'the boot list is empty' : `boot order: ${list.join(', ')}`);

/** --enable / --disable: a missing, broken or badly named design is bad input (exit 2); a corrupt boot list a failure (exit 1). */
async function change(store: Store, name: string, enabled: boolean, io: CliIO): Promise<number> {
  const before = await store.bootList();
  let after: string[];
  try {
    after = await store.setBoot(name, enabled);
  } catch (e) {
    if (isStoreError(e) && e.file !== bootFile(store.dir)) throw new UsageError(`boot: cannot ${enabled ? 'enable' : 'disable'} ${name}: ${e.message}`);
    throw e;
  }
  const was = before.includes(name);
  const what = enabled ? (was ? 'was already enabled' : 'enabled: it is applied at boot') : was ? 'disabled' : 'was not on the boot list';
  io.out(`boot: ${name} ${what} (${order(after)})`);
  return 0;
}

/** --list: the boot list in order, one name a line; names whose design is gone are flagged on stderr. */
async function list(store: Store, io: CliIO): Promise<number> {
  const names = await store.bootList();
  const stored = new Set(await store.listDesigns());
  for (const n of names) {
    io.out(n);
    if (!stored.has(n)) io.err(`ngstudio: boot: ${n} is on the boot list but there is no stored design of that name (ngstudio boot --disable ${n})`);
  }
  if (names.length === 0) io.err('ngstudio: boot: the boot list is empty (ngstudio boot --enable NAME adds a stored design)');
  return 0;
}

/** Runs `ngstudio boot`. */
export async function bootCmd(argv: string[], io: CliIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values: v } = parse('boot', argv, OPTIONS);
  const modes = (['enable', 'disable', 'list'] as const).filter((k) => v[k] !== undefined && v[k] !== false);
  if (modes.length > 1) throw new UsageError(`boot: give one of --enable, --disable, --list (got --${modes.join(' and --')})`);
  const store = await openStore(dataDirFor(v['data-dir'], env));
  if (modes.length === 1) {
    const hostOpt = (['backend', 'sim-state', 'bin-dir', 'wait-nics'] as const).find((k) => v[k] !== undefined);
    if (hostOpt) throw new UsageError(`boot: --${hostOpt} is for applying the boot list (ngstudio boot), not with --${modes[0]}`);
    if (v.list) return list(store, io);
    return change(store, (v.enable ?? v.disable) as string, v.enable !== undefined, io);
  }
  const waitSeconds = intOption('boot', 'wait-nics', v['wait-nics'], 0, 3600, DEFAULT_WAIT_NICS);
  return applyAll(store, v, waitSeconds, io, env);
}

/** Applies every design on the boot list, in order; 1 if any failed. */
async function applyAll(store: Store, v: { backend?: string; 'sim-state'?: string; 'bin-dir'?: string }, waitSeconds: number, io: CliIO, env: NodeJS.ProcessEnv): Promise<number> {
  const log = (line: string, err = false): void => (err ? io.err : io.out)(`${new Date().toISOString()} ${line}`);
  const names = await store.bootList();
  if (names.length === 0) return (log('boot: the boot list is empty; nothing to apply (ngstudio boot --enable NAME adds a stored design)'), 0);
  const opened = await openHost('boot', { ...v, demo: false }, { tempFile: false, env });
  try {
    for (const n of opened.notes) io.err(`ngstudio: ${n}`);
    if (opened.kind === 'sim' && opened.stateFile === null) io.err('ngstudio: note: no --sim-state given; applying to an emulated host in memory that ends with this command');
    // An apply cut short (a power cut) is adopted first, as every command that opens the data folder does.
    for (const i of await adoptInterrupted(store, opened.backend, { onDrill: (l) => log(`ngstudio: boot: ${l}`, true) })) for (const l of interruptedLines(i)) log(`ngstudio: boot: ${l}`, true);
    const gate = createApplyGate(join(store.dir, 'apply.lock'));
    const failed: string[] = [];
    log(`boot: applying ${names.length} design(s) in order: ${names.join(', ')}`);
    for (const [i, name] of names.entries()) {
      log(`boot: [${i + 1}/${names.length}] ${name}`);
      try {
        const r = await bootDesign(name, { backend: opened.backend, store, gate, waitSeconds, log: (l) => log(`boot: ${name}: ${l}`) });
        log(`boot: ${name}: ${r.applied === 0 ? 'the host already matches it; nothing to do' : `applied ${r.applied} change(s)`} (${r.processes} host command(s))`);
      } catch (e) {
        failed.push(name);
        log(`ngstudio: boot: ${name} failed: ${oneLine(e)}`, true);
      }
    }
    if (failed.length > 0) return (log(`ngstudio: boot: ${failed.length} of ${names.length} design(s) failed: ${failed.join(', ')}`, true), 1);
    log(`boot: done: ${names.length} design(s) in place`);
    return 0;
  } finally {
    await opened.cleanup();
  }
}
