// The agent's request handlers, one per method of AgentMethods: the table's
// type is derived from the shared method map, so adding a method there breaks
// compilation here until it is handled.
import type { AgentMethods, MethodName, ParamsOf, ResultOf, ServerFrame, WireError } from '../../shared/protocol/rpc.js';
import type { HostSnapshot } from '../../shared/model/snapshot.js';
import { isHostCommandError } from '../host/backend.js';
import { createExchangeHandlers, ExchangeFailure } from './exchange-methods.js';
import { createJailHandlers, JailFailure, unavailableJailHandlers } from './jail-methods.js';
import { createDesignHandlers, DesignFailure, type DesignContext, type DesignHandlers } from './design-methods.js';
import { createBootHandlers, unavailableBootHandlers } from './boot-methods.js';
import { createDrillHandlers, unavailableDrillHandlers } from './drill-methods.js';
import type { CaptureHandlers } from './capture-methods.js';

/** The client a request came from: frames for it alone, and what runs when it goes. */
export interface ClientRef {
  send(frame: ServerFrame): void;
  onClose(fn: () => void): void;
}

export type Handlers = { [M in MethodName]: (params: ParamsOf<M>, client?: ClientRef) => ResultOf<M> | Promise<ResultOf<M>> };

/** What the handlers need from the running agent. */
export interface MethodContext {
  current(): HostSnapshot | null;
  /** Designs, plans and applies; without it those methods answer that they are not available. */
  design?: Omit<DesignContext, 'current'>;
  /** Registers what runs when the agent shuts down (drills restore then). */
  onClose?: (fn: () => Promise<void>) => void;
  /** Packet captures; without it capture.* answer that they are not available. */
  captures?: CaptureHandlers;
}

const noCaptures = async (): Promise<never> => {
  throw new WireFailure({ code: 'internal', message: 'packet capture is not available in this agent' });
};

/** Design handlers that only say why they cannot run (an agent started without a data folder). */
function unavailable(): DesignHandlers {
  const no = async (): Promise<never> => {
    throw new WireFailure({ code: 'internal', message: 'designs, plans and applies are not available in this agent (no data folder)' });
  };
  return { validate: no, plan: no, apply: no, revert: no, 'apply.cancel': no, 'recovery.status': no, 'recovery.act': no, 'designs.list': no, 'designs.get': no, 'designs.put': no, 'designs.delete': no };
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
    ...(ctx.design ? createDesignHandlers({ ...ctx.design, current: () => ctx.current() }) : unavailable()),
    ...(ctx.design ? createBootHandlers(ctx.design.store) : unavailableBootHandlers()),
    ...(ctx.design ? createDrillHandlers({ ...ctx.design, onClose: ctx.onClose ?? (() => {}) }) : unavailableDrillHandlers()),
    ...createExchangeHandlers(() => ctx.current()),
    ...(ctx.captures ?? { 'capture.start': noCaptures, 'capture.stop': noCaptures }),
    ...(ctx.design
      ? createJailHandlers({ backend: ctx.design.backend, dataDir: ctx.design.store.dir, current: () => ctx.current(), refresh: ctx.design.refresh })
      : unavailableJailHandlers()),
  };
}

/** Runs one validated request; failures come back as a WireError, never thrown. */
export async function dispatch<M extends MethodName>(
  handlers: Handlers,
  method: M,
  params: AgentMethods[M]['params'],
  client?: ClientRef,
): Promise<{ result: ResultOf<M> } | { error: WireError }> {
  try {
    return { result: await handlers[method](params, client) };
  } catch (e) {
    if (e instanceof WireFailure || e instanceof DesignFailure || e instanceof ExchangeFailure || e instanceof JailFailure) return { error: e.wire };
    if (isHostCommandError(e)) return { error: { code: 'host-error', message: e.shortMessage, details: { stderr: e.stderr, exitCode: e.exitCode } } };
    return { error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } };
  }
}
