// The host contract against the freebsd backend on the real host: only on
// FreeBSD as root (it creates netgraph nodes and jails named ngst_*, and
// removes them); skipped elsewhere with the reason printed.
import { freebsdBackend } from '../../agent/host/freebsd/backend.js';
import { hostContract } from './suite.js';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const skip = process.platform !== 'freebsd' ? `not FreeBSD (platform ${process.platform})` : !isRoot ? 'not running as root' : null;

hostContract(
  'freebsd (this host)',
  async () => {
    const backend = freebsdBackend();
    return { backend, fresh: false, cleanup: () => backend.close() };
  },
  { skip },
);
