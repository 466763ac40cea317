// The result of a path trace (see trace.ts): plain JSON data, the same for
// the CLI's --json, the UI and tests.

/** An element a path goes through. */
export type PathRef =
  | { kind: 'jail'; name: string }
  /** The host's own network stack (vnet 0). */
  | { kind: 'host' }
  | { kind: 'interface'; name: string; jail: string | null }
  /** A netgraph node of the host; `name` null for an unnamed one (`[id]`). */
  | { kind: 'node'; id: string; name: string | null; type: string }
  /** The physical network beyond a NIC: the host cannot see further. */
  | { kind: 'wire'; name: string; jail: string | null };

/** How a hop is entered or left: by one of its netgraph hooks, or straight from/to a neighbouring element. */
export type Port = { hook: string } | { via: PathRef };

export interface Hop {
  at: PathRef;
  /** Absent on the first hop. */
  in?: Port;
  /** Absent on the last hop (and on a dead end: then the break's `hook` says which hook is missing). */
  out?: Port;
  /** What the trace assumed here because the snapshot does not say (vlan filters, one2many's spreading). */
  note?: string;
  /** Frames do not get here now: the way on past the break, as it would be once the break is fixed. */
  beyond?: boolean;
}

/** Where and why frames stop. */
export interface Break {
  at: PathRef;
  reason: string;
  /** The unconnected hook, when the break is a missing link. */
  hook?: string;
  /** The index of the hop in `hops` that the break is at, when it is one of them. */
  hop?: number;
}

export interface PathTrace {
  from: PathRef;
  to: PathRef;
  reachable: boolean;
  /** From `from` to `to` when reachable; otherwise as much of the path as is known (see trace.ts). */
  hops: Hop[];
  breaks?: Break;
}

/** An endpoint that does not name anything on the host: bad input. */
export interface PathError {
  error: string;
  /** Which argument was wrong. */
  endpoint: 'from' | 'to';
}

export type PathResult = PathTrace | PathError;

export const isPathError = (r: PathResult): r is PathError => 'error' in r;
