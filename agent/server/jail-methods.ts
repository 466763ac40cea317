// The `jails.*` request handlers: thin wrappers over the jail engine that turn
// its errors into wire errors (a failed host command is `host-error` with the
// command, exit code and stderr in `details`).
import type { AgentMethods, WireError } from '../../shared/protocol/rpc.js';
import type { HostBackend } from '../host/backend.js';
import type { HostSnapshot } from '../../shared/model/snapshot.js';
import { createJailEngine, JailOpError } from '../engine/jails.js';
import { isStoreError } from '../store/index.js';

type H<M extends keyof AgentMethods> = (p: AgentMethods[M]['params']) => Promise<AgentMethods[M]['result']>;

export interface JailHandlers {
  'jails.list': H<'jails.list'>;
  'jails.create': H<'jails.create'>;
  'jails.start': H<'jails.start'>;
  'jails.stop': H<'jails.stop'>;
  'jails.restart': H<'jails.restart'>;
  'jails.remove': H<'jails.remove'>;
  'jails.exec': H<'jails.exec'>;
}

/** A failure the dispatcher sends as it is. */
export class JailFailure extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
  }
}

/** What the handlers need from the running agent. */
export interface JailMethodContext {
  backend: HostBackend;
  dataDir: string;
  current(): HostSnapshot | null;
  refresh(): Promise<void>;
}

const CODES = { 'bad-params': 'bad-params', busy: 'busy', 'not-found': 'bad-params', exists: 'bad-params', 'host-error': 'host-error' } as const;

/** Engine and store errors as wire errors; anything else propagates (`internal`). */
function wire(e: unknown): never {
  if (e instanceof JailOpError) throw new JailFailure({ code: CODES[e.kind], message: e.message, ...(e.details ? { details: e.details } : {}) });
  if (isStoreError(e)) throw new JailFailure({ code: e.kind === 'corrupt' ? 'internal' : 'bad-params', message: e.message });
  throw e;
}

/** The handler table for the jail lifecycle. */
export function createJailHandlers(ctx: JailMethodContext): JailHandlers {
  const eng = createJailEngine(ctx);
  return {
    'jails.list': async () => ({ jails: await eng.list().catch(wire) }),
    'jails.create': async ({ def, start }) => eng.create(def, start === true).catch(wire),
    'jails.start': async ({ name }) => eng.start(name).catch(wire),
    'jails.stop': async ({ name }) => eng.stop(name).catch(wire),
    'jails.restart': async ({ name }) => eng.restart(name).catch(wire),
    'jails.remove': async ({ name }) => eng.remove(name).catch(wire),
    'jails.exec': async ({ name, argv }) => eng.exec(name, argv).catch(wire),
  };
}

/** Handlers that only say why they cannot run (an agent without a data folder). */
export function unavailableJailHandlers(): JailHandlers {
  const no = async (): Promise<never> => {
    throw new JailFailure({ code: 'internal', message: 'the jail lifecycle is not available in this agent (no data folder for jail definitions)' });
  };
  return { 'jails.list': no, 'jails.create': no, 'jails.start': no, 'jails.stop': no, 'jails.restart': no, 'jails.remove': no, 'jails.exec': no };
}
