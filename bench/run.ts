// `npm run bench`: every benchmark, one after the other (they share 2 cores).
import { benchCounters } from './counters.js';
import { benchLive } from './live.js';
import { benchPlan } from './plan.js';
import { benchStartup } from './startup.js';
import { report } from './support.js';

report('CLI start-up: compiled agent beside the TypeScript through tsx', benchStartup());
report('live view, 1000-node emulated host', await benchLive());
report('traffic counters, 1000-node host over the emulated commands', await benchCounters());
await benchPlan();
report('path tracing, 5000-node host', await (await import('./path.js')).benchPath());
await (await import('./processes.js')).benchProcesses();
await (await import('./processes.js')).benchProcessesPerMinute();
report('UI, 1000 nodes and 1500 links in headless Chromium', await (await import('./ui.js')).benchUi());
