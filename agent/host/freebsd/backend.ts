// The freebsd backend: the real host through its own commands (ngctl,
// ifconfig, jls, jexec, kldstat, jail), found on PATH or in a given folder —
// so the emulated commands stand in for them in tests.
import type { HostBackend, HostRunResult } from '../backend.js';
import { createExec, type ExecOptions, type SpawnStats } from './exec.js';
import { newObserveMemory, observeFreebsd, type ObserveOptions } from './observe.js';
import { freebsdCapture } from './capture.js';

export const FREEBSD_CAPABILITIES: readonly string[] = ['observe', 'apply', 'capture'];

/** devd(8)'s stream socket (STREAMPIPE in sbin/devd/devd.cc); see agent/engine/devd.ts for why not the seqpacket one. */
export const DEVD_PIPE = '/var/run/devd.pipe';

export interface FreebsdBackendOptions extends ExecOptions, ObserveOptions {
  /** devd's stream socket (default /var/run/devd.pipe). */
  devdSocket?: string;
}

/** A freebsd backend that reports how many processes it started. */
export interface FreebsdBackend extends HostBackend {
  run(argv: string[], opts?: { stdin?: string }): Promise<HostRunResult>;
  /** Processes started so far, total and per command (tests, bench). */
  spawnStats(): SpawnStats;
}

/** Opens the freebsd backend; nothing runs until the first observe or run. */
export function freebsdBackend(opts: FreebsdBackendOptions = {}): FreebsdBackend {
  const exec = createExec(opts);
  const mem = newObserveMemory();
  let closed = false;
  const open = (): void => {
    if (closed) throw new Error('the freebsd backend is closed');
  };
  const backend: FreebsdBackend = {
    kind: 'freebsd',
    capabilities: FREEBSD_CAPABILITIES,
    devdSocket: opts.devdSocket ?? DEVD_PIPE,
    async observe() {
      open();
      return observeFreebsd(exec, mem, opts);
    },
    async run(argv, o) {
      open();
      return exec.run(argv, o?.stdin === undefined ? {} : { stdin: o.stdin });
    },
    spawnStats: () => exec.stats(),
    async capture(target, o) {
      open();
      return freebsdCapture(exec, backend)(target, o);
    },
    async close() {
      closed = true;
    },
  };
  return backend;
}
