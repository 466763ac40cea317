// `npm run bench`: every benchmark, one after the other (they share 2 cores).
import { benchCounters } from './counters.js';
import { benchDataplane } from './dataplane.js';
import { benchLive } from './live.js';
import { benchPlan } from './plan.js';
import { benchStartup } from './startup.js';
import { report } from './support.js';

report('CLI start-up: compiled agent beside the TypeScript through tsx', benchStartup());
report('live view, 1000-node emulated host', await benchLive());
report('traffic counters, 1000-node host over the emulated commands', await benchCounters());
report('emulated data plane: ping on the demo host', await benchDataplane());
await benchPlan();
report('path tracing, 5000-node host', await (await import('./path.js')).benchPath());
await (await import('./processes.js')).benchProcesses();
await (await import('./processes.js')).benchProcessesPerMinute();
const ui = await import('./ui.js');
ui.reportUi('UI in headless Chromium: 1000 nodes / 1500 links and 5000 nodes / 7500 links', await ui.benchUi());
