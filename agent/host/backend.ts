// The seam between the agent and a host: one interface, two implementations
// (sim/, the emulated FreeBSD host, and freebsd/, the real host's commands),
// plus the error a failed host command turns into.
import type { BackendKind, HostSnapshot } from '../../shared/model/snapshot.js';
import type { RawPacket } from '../../shared/capture/pcap.js';
import type { CaptureTarget } from '../../shared/capture/target.js';

/**
 * A host the agent observes and changes. Optional abilities are announced in
 * `capabilities` so the UI can hide what a backend cannot do.
 */
export interface HostBackend {
  readonly kind: BackendKind;
  /** e.g. `observe`; later `apply`, `jails`. Sent to clients in the hello frame. */
  readonly capabilities: readonly string[];
  /**
   * The unix stream socket where this host's devd(8) announces interface
   * changes (the agent observes at once on them); absent when the host has none.
   */
  readonly devdSocket?: string;
  /** One observation of the whole host, in canonical order, `version` 0 (the observe loop numbers them). */
  observe(): Promise<HostSnapshot>;
  /**
   * Runs one host command (argv, never a shell string; `stdin` for `ngctl -f -`)
   * and resolves with what it printed and its exit status — a non-zero status
   * resolves too, the caller decides. The only way the apply engine touches the
   * host. Absent on backends that can only observe.
   */
  run?(argv: string[], opts?: { stdin?: string }): Promise<HostRunResult>;
  /**
   * Starts listening on an interface or a netgraph link end (checked against
   * an observation first: see shared/capture/target.ts) and hands over every
   * frame until stopped. Absent on backends that cannot capture.
   */
  capture?(target: CaptureTarget, opts: CaptureOptions): Promise<CaptureHandle>;
  /** Releases whatever the backend holds (files, processes). Idempotent. */
  close(): Promise<void>;
}

/** What a capture is asked for. */
export interface CaptureOptions {
  /** A filter expression (shared/capture/filter.ts syntax, already checked), or '' for all. */
  filter: string;
  onPacket(p: RawPacket): void;
  /** The capture ended by itself (its source died): the reason, once. Not called after stop(). */
  onEnd(reason: string): void;
}

/** A capture under way. */
export interface CaptureHandle {
  /** Whether the backend applied the filter itself (tcpdump); if not, the caller filters. */
  readonly filtered: boolean;
  /** Stops listening and removes whatever was put on the host for it; idempotent. */
  stop(): Promise<void>;
}

/** What one host command printed and its exit status. */
export interface HostRunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** The brand of a HostCommandError (checked by value, not instanceof, so it survives module copies). */
export const HOST_COMMAND_ERROR = 'ERR_NGSTUDIO_HOST_COMMAND';

/** A host command that failed: the facts, a one-line message for the UI and a long one for logs. */
export interface HostCommandError extends Error {
  code: typeof HOST_COMMAND_ERROR;
  /** The command as argv (never a shell string). */
  command: string[];
  /** null when the command did not exit (not found, killed, timed out). */
  exitCode: number | null;
  stderr: string;
  /** What failed + the command, one line (`message` adds stderr). */
  shortMessage: string;
}

/** Quotes one argv word for display only (nothing is ever run through a shell). */
function displayWord(w: string): string {
  return /^[\w@%+=:,./[\]-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/** Builds a HostCommandError from what a command run produced. */
export function hostCommandError(f: {
  command: string[];
  exitCode: number | null;
  stderr: string;
  reason?: string;
  cause?: unknown;
}): HostCommandError {
  const shown = f.command.map(displayWord).join(' ');
  const what = f.reason ?? (f.exitCode === null ? 'did not run' : `failed with exit code ${f.exitCode}`);
  const shortMessage = `Command ${what}: ${shown}`;
  const tail = f.stderr.trim();
  const err = new Error(tail ? `${shortMessage}\n${tail}` : shortMessage, { cause: f.cause }) as HostCommandError;
  Object.defineProperty(err, 'name', { value: 'HostCommandError', enumerable: false });
  err.code = HOST_COMMAND_ERROR;
  err.command = [...f.command];
  err.exitCode = f.exitCode;
  err.stderr = f.stderr;
  err.shortMessage = shortMessage;
  return err;
}

/** True when `e` is a HostCommandError (from any copy of this module). */
export function isHostCommandError(e: unknown): e is HostCommandError {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === HOST_COMMAND_ERROR;
}
