// `ngstudio serve --demo-hosts N`: N-1 more emulated hosts, each with its own
// demo state (a temporary state file, its own hostname) and its own agent in
// this process on a free loopback port, given to the main agent as peers —
// several hosts to look at without starting several agents by hand. When the
// main host is the demo too, the hosts are joined by udp tunnels
// (host/sim/demo-tunnels.ts). Each extra agent keeps its ledger and journals
// in a data folder beside its state file, so designs spanning the demo hosts
// can be planned and applied against them (`ngstudio apply … --peer URL`).
import { randomBytes } from 'node:crypto';
import { startAgent, type RunningAgent } from '../server/agent.js';
import { withState } from '../host/sim/store.js';
import { linkDemoHosts } from '../host/sim/demo-tunnels.js';
import { openStore } from '../store/index.js';
import { dirname, join } from 'node:path';
import { parsePeerUrl, type PeerSpec } from '../server/peer-url.js';
import { openSimHost, type OpenedHost } from './host.js';

export interface DemoHosts {
  /** The extra hosts as peers of the main agent. */
  peers: PeerSpec[];
  /** What to tell the user: each host's name, address (no token) and state file. */
  lines: string[];
  close(): Promise<void>;
}

/**
 * Starts hosts 2..count; peer ids continue after the `firstPeer - 1` peers
 * already given. `mainDemo`: the main host's state file when it was just
 * seeded with the demo (then all hosts are joined by tunnels), else null.
 */
export async function startDemoHosts(count: number, firstPeer: number, uiDir: string, pollMs: number, log: (line: string) => void, mainDemo: string | null = null): Promise<DemoHosts> {
  const started: { opened: OpenedHost; agent: RunningAgent | null }[] = [];
  const close = async (): Promise<void> => {
    for (const s of started.reverse()) {
      await s.agent?.close();
      await s.opened.cleanup();
    }
  };
  const peers: PeerSpec[] = [];
  const lines: string[] = [];
  try {
    for (let n = 2; n <= count; n++) {
      const opened = await openSimHost({ tempFile: true, demo: true });
      started.push({ opened, agent: null });
      await withState(opened.stateFile as string, (s) => {
        s.hostname = `demo-host-${n}`;
        s.generation++;
      });
    }
    // The wire's folder sits beside the main host's state (removed with it).
    if (mainDemo !== null) await linkDemoHosts([mainDemo, ...started.map((s) => s.opened.stateFile as string)], join(dirname(mainDemo), 'wire'));
    for (const [k, entry] of started.entries()) {
      const n = k + 2;
      const hostname = `demo-host-${n}`;
      const opened = entry.opened;
      const token = randomBytes(32).toString('hex');
      const store = await openStore(join(dirname(opened.stateFile as string), 'data'));
      entry.agent = await startAgent({ backend: opened.backend, pollMs, host: '127.0.0.1', port: 0, token, uiDir, store, log: (l) => log(l.replace(/^ngstudio: /, `ngstudio: ${hostname}: `)) });
      const spec = parsePeerUrl(`${entry.agent.server.url}?token=${token}`, `peer${firstPeer + n - 2}`);
      peers.push(spec);
      lines.push(`demo host ${hostname} (${spec.id}) at ${spec.address}, state ${opened.stateFile}`);
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { peers, lines, close };
}
