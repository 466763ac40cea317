// The wire protocol between the agent and the UI: one typed method map both
// ends compile against, the push frames, and wire errors.
import type { HostSnapshot, BackendKind, HostInfo } from '../model/snapshot.js';
import type { SnapshotPatch } from '../model/patch.js';

export const PROTOCOL_VERSION = 1;

/** Request methods: name → params and result. Add new methods here first. */
export interface AgentMethods {
  /** Liveness check; returns the agent's clock. */
  ping: { params: Record<string, never>; result: { now: number } };
  /** The full current snapshot (a client that lost track of versions resyncs with it). */
  snapshot: { params: Record<string, never>; result: HostSnapshot };
}

export type MethodName = keyof AgentMethods;
export type ParamsOf<M extends MethodName> = AgentMethods[M]['params'];
export type ResultOf<M extends MethodName> = AgentMethods[M]['result'];

/** A client request. `id` is chosen by the client and echoed in the reply. */
export interface RequestFrame<M extends MethodName = MethodName> {
  id: number | string;
  method: M;
  params: ParamsOf<M>;
}

export type ErrorCode =
  | 'bad-frame' // not JSON, not an object, missing id/method
  | 'unknown-method'
  | 'bad-params'
  | 'too-large'
  | 'busy'
  | 'stale'
  | 'host-error'
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

export type ServerFrame = HelloFrame | PatchFrame | ResultFrame | ErrorFrame | EventFrame;
