// Handlers for the boot list (`boot.list`, `boot.set`): which stored designs
// `ngstudio boot` applies after a reboot. A missing or broken design cannot
// be enabled (bad-params naming why); a corrupt boot list is `internal`,
// naming the file.
import type { AgentMethods } from '../../shared/protocol/rpc.js';
import { bootFile } from '../store/boot.js';
import { isStoreError, type Store } from '../store/index.js';
import { DesignFailure } from './design-methods.js';

type H<M extends keyof AgentMethods> = (p: AgentMethods[M]['params']) => Promise<AgentMethods[M]['result']>;

export interface BootHandlers {
  'boot.list': H<'boot.list'>;
  'boot.set': H<'boot.set'>;
}

/** The handlers over the data folder's store. */
export function createBootHandlers(store: Store): BootHandlers {
  /** Store errors as wire errors (anything else propagates as `internal`). */
  const wire = (e: unknown): never => {
    if (isStoreError(e)) throw new DesignFailure({ code: e.file === bootFile(store.dir) ? 'internal' : 'bad-params', message: e.message });
    throw e;
  };
  return {
    'boot.list': async () => ({ names: await store.bootList().catch(wire) }),
    'boot.set': async ({ name, enabled }) => ({ names: await store.setBoot(name, enabled).catch(wire) }),
  };
}

/** Handlers that only say why they cannot run (an agent started without a data folder). */
export function unavailableBootHandlers(): BootHandlers {
  const no = async (): Promise<never> => {
    throw new DesignFailure({ code: 'internal', message: 'the boot list is not available in this agent (no data folder)' });
  };
  return { 'boot.list': no, 'boot.set': no };
}
