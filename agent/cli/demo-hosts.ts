// `ngstudio serve --demo-hosts N`: N-1 more emulated hosts, each with its own
// demo state (a temporary state file, its own hostname) and its own agent in
// this process on a free loopback port, given to the main agent as peers —
// several hosts to look at without starting several agents by hand.
import { randomBytes } from 'node:crypto';
import { startAgent, type RunningAgent } from '../server/agent.js';
import { withState } from '../host/sim/store.js';
import { parsePeerUrl, type PeerSpec } from '../server/peer-url.js';
import { openSimHost, type OpenedHost } from './host.js';

export interface DemoHosts {
  /** The extra hosts as peers of the main agent. */
  peers: PeerSpec[];
  /** What to tell the user: each host's name, address (no token) and state file. */
  lines: string[];
  close(): Promise<void>;
}

/** Starts hosts 2..count; peer ids continue after the `firstPeer - 1` peers already given. */
export async function startDemoHosts(count: number, firstPeer: number, uiDir: string, pollMs: number, log: (line: string) => void): Promise<DemoHosts> {
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
      const entry: { opened: OpenedHost; agent: RunningAgent | null } = { opened, agent: null };
      started.push(entry);
      const hostname = `demo-host-${n}`;
      await withState(opened.stateFile as string, (s) => {
        s.hostname = hostname;
        s.generation++;
      });
      const token = randomBytes(32).toString('hex');
      entry.agent = await startAgent({ backend: opened.backend, pollMs, host: '127.0.0.1', port: 0, token, uiDir, log: (l) => log(l.replace(/^ngstudio: /, `ngstudio: ${hostname}: `)) });
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
