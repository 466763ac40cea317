// The agent's request handlers, one per method of AgentMethods: the table's
// type is derived from the shared method map, so adding a method there breaks
// compilation here until it is handled.
import type { AgentMethods, MethodName, ParamsOf, ResultOf, WireError } from '../../shared/protocol/rpc.js';
import type { HostSnapshot } from '../../shared/model/snapshot.js';
import { isHostCommandError } from '../host/backend.js';

export type Handlers = { [M in MethodName]: (params: ParamsOf<M>) => ResultOf<M> | Promise<ResultOf<M>> };

/** What the handlers need from the running agent. */
export interface MethodContext {
  current(): HostSnapshot | null;
}

/** A handler failure that goes on the wire as the given WireError. */
export class WireFailure extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
  }
}

/** The handler table over a running agent. */
export function createHandlers(ctx: MethodContext): Handlers {
  return {
    ping: () => ({ now: Date.now() }),
    snapshot: () => {
      const s = ctx.current();
      if (s === null) throw new WireFailure({ code: 'host-error', message: 'the host has not been observed yet' });
      return s;
    },
  };
}

/** Runs one validated request; failures come back as a WireError, never thrown. */
export async function dispatch<M extends MethodName>(
  handlers: Handlers,
  method: M,
  params: AgentMethods[M]['params'],
): Promise<{ result: ResultOf<M> } | { error: WireError }> {
  try {
    return { result: await handlers[method](params) };
  } catch (e) {
    if (e instanceof WireFailure) return { error: e.wire };
    if (isHostCommandError(e)) return { error: { code: 'host-error', message: e.shortMessage, details: { stderr: e.stderr, exitCode: e.exitCode } } };
    return { error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } };
  }
}
