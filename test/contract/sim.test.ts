// The host contract against the sim backend, in process over an in-memory emulated host.
import { memorySimBackend } from '../../agent/host/sim/backend.js';
import { newState } from '../../agent/host/sim/new-state.js';
import { hostContract } from './suite.js';

hostContract('sim (in memory)', async () => {
  const backend = memorySimBackend(newState());
  return { backend, fresh: true, cleanup: () => backend.close() };
});
