// `npm run bench`: every benchmark, one after the other (they share 2 cores).
import { benchLive } from './live.js';
import { report } from './support.js';

report('live view, 1000-node emulated host', await benchLive());
await (await import('./processes.js')).benchProcesses();
