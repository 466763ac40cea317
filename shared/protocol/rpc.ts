// The wire protocol between the agent and the UI: one typed method map both
// ends compile against, the push frames, and wire errors.
import type { HostSnapshot, BackendKind, HostInfo } from '../model/snapshot.js';
import type { SnapshotPatch } from '../model/patch.js';
import type { Design, Problem } from '../design/types.js';
import type { Impact, ObjectRef, Phase, PlanNote } from '../plan/types.js';
import type { ExportFormat } from '../export/result.js';
import type { ImportFormat } from '../import/result.js';
import type { DrillKind, DrillView } from '../drill.js';

export const PROTOCOL_VERSION = 1;

/** Request methods: name → params and result. Add new methods here first. */
export interface AgentMethods {
  /** Liveness check; returns the agent's clock. */
  ping: { params: Record<string, never>; result: { now: number } };
  /** The full current snapshot (a client that lost track of versions resyncs with it). */
  snapshot: { params: Record<string, never>; result: HostSnapshot };
  /** Checks a design document; `problems` empty = valid (warnings included, severity says which). */
  validate: { params: { design: unknown }; result: { ok: boolean; problems: Problem[] } };
  /** The plan that turns the current host into `design` (nothing runs). */
  plan: { params: { design: unknown }; result: PlanView };
  /** Plans and runs `design` against the host as it was at version `basedOn` (`stale` if it changed). Progress: `apply.progress` events. */
  apply: { params: { design: unknown; basedOn: number }; result: ApplyReport };
  /**
   * Stops the running apply (from any client): the step under way finishes,
   * nothing more runs, and what was done is undone; the apply then fails with
   * \`host-error\` as any failed apply does. `cancelled`: whether one was running.
   */
  'apply.cancel': { params: Record<string, never>; result: { cancelled: boolean } };
  /**
   * Takes the host back to how it was at version `to` (a version a plan was
   * made against): plans from the host now to then, with what appeared since
   * owned, and applies that, journaled. A design spanning hosts uses it to
   * undo a host whose part applied when a later host's part failed.
   */
  revert: { params: { to: number }; result: ApplyReport };
  /** Interrupted applies (journals whose writer died) whose objects ngstudio took over, awaiting finish or undo. Changes are pushed as `recovery` events. */
  'recovery.status': { params: Record<string, never>; result: { interrupted: InterruptedApply[] } };
  /** Finishes (applies its design again) or undoes (back to the host before it) an interrupted apply; `id` defaults to the newest. Progress: `apply.progress`. */
  'recovery.act': { params: { action: 'finish' | 'undo'; id?: string }; result: ApplyReport };
  /** Names of the stored designs, sorted. */
  'designs.list': { params: Record<string, never>; result: { names: string[] } };
  'designs.get': { params: { name: string }; result: { name: string; design: Design } };
  'designs.put': { params: { name: string; design: unknown }; result: { name: string } };
  'designs.delete': { params: { name: string }; result: { name: string; deleted: boolean } };
  /** The stored designs `ngstudio boot` applies at boot, in order (`<data-dir>/boot.json`). */
  'boot.list': { params: Record<string, never>; result: { names: string[] } };
  /** Puts a stored design on the boot list (at the end; it must exist and validate) or takes it off; the new list. */
  'boot.set': { params: { name: string; enabled: boolean }; result: { names: string[] } };
  /** A design (or, with `live: true`, the observed host) as text in an export format (ngctl, sh, jail.conf, dot, json). */
  export: { params: { design?: unknown; live?: boolean; format: ExportFormat }; result: { format: ExportFormat; text: string; warnings: string[] } };
  /** Pasted text (design JSON, ngctl script, saved ngctl/jls output, jail.conf) → a design; the format is detected unless given. */
  import: { params: { text: string; format?: ImportFormat }; result: { format: ImportFormat; design: Design; warnings: string[] } };
  /** Jail definitions (`<data-dir>/jail.conf.d/NAME.conf`) merged with the jails observed live. */
  'jails.list': { params: Record<string, never>; result: { jails: JailEntry[] } };
  /** Stores a definition (validated; refused if one exists) and, with `start`, starts it (`jail -f FILE -c NAME`). */
  'jails.create': { params: { def: unknown; start?: boolean }; result: { name: string; file: string; started: boolean } };
  /** `jail -f FILE -c NAME`. */
  'jails.start': { params: { name: string }; result: JailOpResult };
  /** `jail -f FILE -r NAME`. */
  'jails.stop': { params: { name: string }; result: JailOpResult };
  /** `jail -f FILE -rc NAME`. */
  'jails.restart': { params: { name: string }; result: JailOpResult };
  /** Stops the jail if it runs, then deletes its definition. */
  'jails.remove': { params: { name: string }; result: { name: string; stopped: boolean; removed: boolean } };
  /**
   * Cuts a link (`target` NODE:HOOK) or takes an interface down (`target` IF or JAIL/IF)
   * for `seconds` (1..86400), journaled first; the agent restores it at `until`, on
   * `drill.restore`, or when it shuts down. Start and restore are pushed as `drill` events.
   */
  'drill.start': { params: { kind: DrillKind; target: string; seconds: number }; result: { id: string; until: string } };
  /** Restores a drill of this agent now. */
  'drill.restore': { params: { id: string }; result: DrillRestored };
  /** The drills under way in the data folder (this agent's and `ngstudio drill` processes'). */
  'drill.list': { params: Record<string, never>; result: { drills: DrillView[] } };
  /**
   * Starts a packet capture on `target` (IF, JAIL/IF or NODE:HOOK) for this
   * client, optionally filtered (shared/capture/filter.ts syntax) and stopped
   * after `count` frames. Frames are pushed to this client as `capture` events
   * (batched, at most CAPTURE_BATCH_MAX a batch and CAPTURE_EVENTS_PER_SECOND
   * batches a second; the rest counted in `dropped` but kept in the pcap, which
   * `GET /api/capture/ID.pcap` returns). The capture stops on `capture.stop`,
   * after `count`, or when this client disconnects.
   */
  'capture.start': { params: { target: string; filter?: string; count?: number }; result: { id: string; target: string } };
  /** Stops a capture of this client; its pcap stays downloadable while the client is connected. */
  'capture.stop': { params: { id: string }; result: { id: string; packets: number } };
  /** `jexec NAME argv…`: what it printed (capped) and its exit status (a non-zero status is a result, not an error). */
  'jails.exec': { params: { name: string; argv: string[] }; result: { stdout: string; stderr: string; code: number; truncated: boolean } };
}

/** One captured frame as the UI lists it. */
export interface CapturePacket {
  /** Its number in the capture (1-based, counting frames the filter let through). */
  n: number;
  /** µs since the epoch. */
  tsUs: number;
  src: string;
  dst: string;
  protocol: string;
  summary: string;
  length: number;
}

/** Most packets one `capture` event carries; more in that interval are counted in `dropped`. */
export const CAPTURE_BATCH_MAX = 50;
/** Batches a second at most (so at most 250 packets a second reach a browser). */
export const CAPTURE_EVENTS_PER_SECOND = 5;

/** `capture` event data: new packets of capture `id`, how many were not sent, and the end when it ended. */
export interface CaptureEvent {
  id: string;
  packets: CapturePacket[];
  /** Frames captured since the last event but not sent (over the rate cap); they are in the pcap. */
  dropped: number;
  /** Frames captured so far. */
  total: number;
  /** The pcap stopped growing at its size limit. */
  truncated?: boolean;
  /** Present once the capture has ended: why it ended on its own (`error`), or null. */
  ended?: { error: string | null };
}

/** What restoring a drill did. */
export interface DrillRestored {
  id: string;
  ok: boolean;
  /** In words (`restored the link br0:link2 <-> ng_test2:ether (ngctl connect …)`). */
  note: string;
}

/** `drill` event data: the drills under way after a change, and the restore that caused it (if one did). */
export interface DrillEvent {
  drills: DrillView[];
  restored?: DrillRestored;
}

/** An apply that was interrupted (its process died mid-way), as found in its journal. */
export interface InterruptedApply {
  id: string;
  /** The journal file in the data folder. */
  file: string;
  /** Who applied, in words (`ngstudio apply (pid 42)`). */
  what: string;
  startedAt: string;
  /** Steps of its plan, and how many the journal records as done. */
  of: number;
  completed: number;
  /** What ngstudio took ownership of: it exists now, did not before, and a step of the apply names it. */
  owned: { kind: 'node' | 'interface' | 'jail'; name: string }[];
  /** What appeared since the apply began that no step of it names (left alone). */
  unclaimed: { kind: 'node' | 'interface' | 'jail'; name: string }[];
  /** The journal's last line was cut short by the crash (its 1-based number); the lines before it were used. */
  truncatedAt: number | null;
}

/** One planned change as the UI and `ngstudio plan` show it. */
export interface PlanStepView {
  step: number;
  type: string;
  impact: Impact;
  phase: Phase;
  object: ObjectRef;
  describe: string;
  /** The exact commands, one line each (`$var` where a captured value goes). */
  commands: string[];
}

/** A plan on the wire: the snapshot version it was made against, the steps, and what the planner would not do. */
export interface PlanView {
  basedOn: number;
  changes: PlanStepView[];
  notes: PlanNote[];
  /** The whole plan as an sh script (netgraph phases as `ngctl -f -` here-documents). */
  script: string;
}

/** `apply.progress` event data: one step changed status. `step` is 1-based, `of` the plan's length. */
export interface ApplyProgress {
  step: number;
  of: number;
  change: string;
  status: 'running' | 'done' | 'failed' | 'undone';
}

/** The command an apply stopped at. */
export interface ApplyFailure {
  step: number;
  change: string;
  /** argv of the process that failed (`ngctl -f -` for a netgraph phase). */
  command: string[];
  exitCode: number | null;
  stderr: string;
  message: string;
  /** For a netgraph phase: the failing script line and its number. */
  scriptLine?: number;
  scriptText?: string;
}

/** What an apply did. On failure (`host-error`) the same shape is the error's `details`. */
export interface ApplyReport {
  ok: boolean;
  /** Steps of the plan and how many completed. */
  of: number;
  applied: number;
  /** After success: what still differs from the design (a non-empty re-plan), in words. */
  mismatches: string[];
  failure?: ApplyFailure;
  /** After a failure: the undo steps that ran, in words. */
  undone?: string[];
  /** After a failure: what the undo could not restore (empty = the host is as before). */
  leftovers?: string[];
  /** How many host processes the apply started (one per netgraph phase, one per other command). */
  processes?: number;
  /** The apply stopped because it was cancelled (apply.cancel): `failure` is the first step that did not run. */
  cancelled?: boolean;
}

export type MethodName = keyof AgentMethods;
export type ParamsOf<M extends MethodName> = AgentMethods[M]['params'];
export type ResultOf<M extends MethodName> = AgentMethods[M]['result'];

/**
 * A client request. `id` is chosen by the client and echoed in the reply.
 * With `peer` (a peer id from a `peer-state` frame) the agent forwards it to
 * that peer agent and relays the answer.
 */
export interface RequestFrame<M extends MethodName = MethodName> {
  id: number | string;
  method: M;
  params: ParamsOf<M>;
  peer?: string;
}

export type ErrorCode =
  | 'bad-frame' // not JSON, not an object, missing id/method
  | 'unknown-method'
  | 'bad-params'
  | 'too-large'
  | 'busy'
  | 'stale'
  | 'host-error'
  | 'peer-unavailable' // the request named a peer that is unknown or not connected
  | 'internal';

export interface WireError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** The first frame a client receives after the upgrade. */
export interface HelloFrame {
  type: 'hello';
  protocol: number;
  backend: BackendKind;
  host: HostInfo;
  capabilities: string[];
  snapshot: HostSnapshot;
}

/** Sent only when something changed between two observed versions. */
export interface PatchFrame {
  type: 'patch';
  from: number;
  to: number;
  patch: SnapshotPatch;
}

export interface ResultFrame {
  type: 'result';
  id: number | string | null;
  result: unknown;
}

export interface ErrorFrame {
  type: 'error';
  /** null when the request was too broken to carry an id. */
  id: number | string | null;
  error: WireError;
}

/** Progress and other pushes for long operations. */
export interface EventFrame {
  type: 'event';
  event: string;
  data: unknown;
}

/** How this agent's connection to one peer agent stands. */
export type PeerState = 'connecting' | 'live' | 'lost' | 'refused';
export const PEER_STATES: readonly PeerState[] = ['connecting', 'live', 'lost', 'refused'];

/**
 * A peer agent's connection changed state. `peer` is the id this agent gave
 * it (`peer1` …); `address` is its host:port (never its token); `message`
 * says why it is lost or refused; `retryInMs` is the backoff before the next try.
 */
export interface PeerStateFrame {
  type: 'peer-state';
  peer: string;
  address: string;
  state: PeerState;
  message: string | null;
  retryInMs: number | null;
}

/** A peer agent's hello (its host and full snapshot), relayed. */
export interface PeerHelloFrame {
  type: 'peer-hello';
  peer: string;
  hello: HelloFrame;
}

/** A peer agent's patch, relayed. */
export interface PeerPatchFrame {
  type: 'peer-patch';
  peer: string;
  frame: PatchFrame;
}

export type ServerFrame = HelloFrame | PatchFrame | ResultFrame | ErrorFrame | EventFrame | PeerStateFrame | PeerHelloFrame | PeerPatchFrame;

/** The exec.* hooks a jail definition can carry (jail(8) runs them in this order around create/remove). */
export const JAIL_EXEC_HOOKS = ['prestart', 'start', 'poststart', 'prestop', 'stop', 'poststop'] as const;
export type JailExecHook = (typeof JAIL_EXEC_HOOKS)[number];

/** A stored jail definition: what `jail.conf.d/NAME.conf` says, as data (the form and the design fill it). */
export interface JailDef {
  name: string;
  /** Absolute path of the jail's root. */
  path: string;
  hostname?: string;
  vnet: boolean;
  /** vnet.interface: interfaces moved into the jail's vnet at start (vnet jails only). */
  interfaces: string[];
  persist: boolean;
  /** ip4.addr / ip6.addr (non-vnet jails only). */
  ip4: string[];
  ip6: string[];
  /** exec.* command lines, each list run in order. */
  exec: Partial<Record<JailExecHook, string[]>>;
  mountDevfs: boolean;
  devfsRuleset?: number;
  /** allow.* booleans, keyed without the `allow.` prefix (`raw_sockets: true`). */
  allow: Record<string, boolean>;
}

/** One jail as `jails.list` shows it: its definition (if stored) and its live state. */
export interface JailEntry {
  name: string;
  /** null for a jail running on the host without a stored definition. */
  def: JailDef | null;
  /** The definition file, or null. */
  file: string | null;
  state: 'running' | 'stopped' | 'dying';
  jid: number | null;
  /** Why a definition file could not be read (it is still listed). */
  problem?: string;
}

/** What a start/stop/restart printed. */
export interface JailOpResult {
  name: string;
  command: string[];
  stdout: string;
  stderr: string;
}
