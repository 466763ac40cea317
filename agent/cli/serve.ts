// `ngstudio serve`: open the host, start the agent, print the URL (with its
// token) and how to drive the emulated host, serve until SIGINT/SIGTERM.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startAgent } from '../server/agent.js';
import { isLoopbackHost } from '../server/auth.js';
import { choice, intOption, parse, parseListen, UsageError, type CliIO } from './args.js';
import { chooseBackend, openFreebsdHost, openSimHost, type BackendChoice } from './host.js';
import { dataDirFor, openStore } from '../store/index.js';
import { adoptInterrupted, interruptedLines } from '../engine/recovery.js';
import { packageRoot } from '../package-root.js';
import { untilSignal } from './signals.js';
import { startDemoHosts, type DemoHosts } from './demo-hosts.js';
import { parsePeerUrl, peersFileLines, PeerUrlError, type PeerSpec } from '../server/peer-url.js';

const BACKENDS = ['auto', 'sim', 'freebsd'] as const;
const TOKEN_RE = /^[A-Za-z0-9._~-]{16,256}$/;

/** Where the built UI lives (dist/ui at the package root). */
export const UI_DIR = join(packageRoot(), 'dist', 'ui');

/** Checks --token/--listen together: non-loopback addresses need an explicit, long token. */
function checkToken(token: string | undefined, host: string): string {
  if (token !== undefined && !TOKEN_RE.test(token)) {
    throw new UsageError('serve: --token must be 16 to 256 characters from A-Z a-z 0-9 . _ ~ -');
  }
  if (!isLoopbackHost(host) && (token === undefined || token.length < 32)) {
    throw new UsageError(`serve: refusing to listen on non-loopback address ${host} without an explicit --token of 32+ characters (see 'ngstudio help')`);
  }
  return token ?? randomBytes(32).toString('hex');
}

/** A path as a user can paste it into sh. */
export function shellWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/** The peers of --peer (in order) and then of --peers FILE, numbered peer1, peer2 …; a bad one is a UsageError. */
export async function peerSpecs(urls: string[], file: string | undefined, cmd = 'serve'): Promise<PeerSpec[]> {
  const given: { text: string; where: string }[] = urls.map((text) => ({ text, where: '--peer' }));
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new UsageError(`${cmd}: --peers ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    for (const l of peersFileLines(text)) given.push({ text: l.text, where: `--peers ${file} line ${l.line}` });
  }
  const specs = given.map((g, i) => {
    try {
      return parsePeerUrl(g.text, `peer${i + 1}`);
    } catch (e) {
      if (e instanceof PeerUrlError) throw new UsageError(`${cmd}: ${g.where}: ${e.message}`);
      throw e;
    }
  });
  const seen = new Map<string, string>();
  for (const s of specs) {
    const before = seen.get(s.address);
    if (before !== undefined) throw new UsageError(`${cmd}: ${s.address} is given twice as a peer (${before} and ${s.id})`);
    seen.set(s.address, s.id);
  }
  if (specs.length > 1000) throw new UsageError(`${cmd}: ${specs.length} peers; at most 1000`);
  return specs;
}

/** Opens the URL in the desktop's browser; a failure is only a note. */
function openBrowser(url: string, io: CliIO): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
  child.on('error', (e) => io.err(`ngstudio: could not open a browser (${cmd}: ${e.message}); open the URL yourself`));
  child.unref();
}

/** Runs `ngstudio serve`; resolves with the exit code after a signal. */
export async function serve(argv: string[], io: CliIO): Promise<number> {
  const { values: v } = parse('serve', argv, {
    backend: { type: 'string' },
    listen: { type: 'string' },
    token: { type: 'string' },
    'data-dir': { type: 'string' },
    poll: { type: 'string' },
    'idle-poll': { type: 'string' },
    'devd-socket': { type: 'string' },
    'sim-state': { type: 'string' },
    'bin-dir': { type: 'string' },
    demo: { type: 'boolean' },
    open: { type: 'boolean' },
    'no-counters': { type: 'boolean' },
    peer: { type: 'string', multiple: true },
    peers: { type: 'string' },
    'demo-hosts': { type: 'string' },
  });
  const backendChoice: BackendChoice = choice('serve', 'backend', v.backend, BACKENDS, 'auto');
  const { host, port } = parseListen(v.listen ?? '127.0.0.1:7878');
  const token = checkToken(v.token, host);
  const kind = chooseBackend(backendChoice);
  if (kind === 'freebsd' && (v['sim-state'] !== undefined || v.demo)) {
    throw new UsageError('serve: --sim-state and --demo are for the emulated host (--backend sim), not --backend freebsd');
  }
  if (kind === 'sim' && v['bin-dir'] !== undefined) throw new UsageError('serve: --bin-dir names the commands of --backend freebsd; the sim backend runs none');
  if (kind === 'sim' && v['no-counters']) throw new UsageError('serve: --no-counters is for --backend freebsd (the sim backend runs no commands)');
  if (kind === 'sim' && v['devd-socket'] !== undefined) throw new UsageError('serve: --devd-socket names the devd of --backend freebsd; the sim backend has none');
  if (v['devd-socket'] === '') throw new UsageError('serve: --devd-socket needs a PATH');
  const peers = await peerSpecs(v.peer ?? [], v.peers);
  const demoHosts = intOption('serve', 'demo-hosts', v['demo-hosts'], 1, 8, 1);
  if (kind === 'freebsd' && demoHosts > 1) throw new UsageError('serve: --demo-hosts starts emulated hosts; it is for --backend sim, not --backend freebsd');
  const pollMs = intOption('serve', 'poll', v.poll, 10, 600_000, kind === 'sim' ? 200 : 1000);
  // With no browser connected the host is observed only this often (and on devd events).
  const idlePollMs = intOption('serve', 'idle-poll', v['idle-poll'], 10, 3_600_000, 30_000);
  if (v['data-dir'] !== undefined) await mkdir(v['data-dir'], { recursive: true });
  const store = await openStore(dataDirFor(v['data-dir']));
  const onNote = (n: string): void => io.err(`ngstudio: note: ${n}`);
  // The demo hosts are joined by tunnels when the main host is a freshly seeded demo too.
  const mainIsNewDemo = kind === 'sim' && v.demo === true && (v['sim-state'] === undefined || !existsSync(v['sim-state']));
  const opened = kind === 'freebsd' ? openFreebsdHost({ binDir: v['bin-dir'], counters: !v['no-counters'], onNote, devdSocket: v['devd-socket'] }) : await openSimHost({ stateFile: v['sim-state'], tempFile: true, demo: v.demo ?? false });
  let demo: DemoHosts | null = null;
  try {
    demo = demoHosts > 1 ? await startDemoHosts(demoHosts, peers.length + 1, UI_DIR, pollMs, io.err, mainIsNewDemo ? opened.stateFile : null) : null;
    const allPeers = [...peers, ...(demo?.peers ?? [])];
    // An apply this data folder's journal says was interrupted: own what it made, and say so.
    const interrupted = await adoptInterrupted(store, opened.backend, { onDrill: (l) => io.err(`ngstudio: ${l}`) }).catch((e: Error) => (io.err(`ngstudio: ${e.message}`), []));
    for (const i of interrupted) for (const l of interruptedLines(i)) io.err(`ngstudio: ${l}`);
    const agent = await startAgent({ backend: opened.backend, pollMs, idlePollMs, host, port, token, uiDir: UI_DIR, log: io.err, store, peers: allPeers });
    const url = `${agent.server.url}?token=${token}`;
    io.out(`ngstudio: serving ${url} (${kind === 'freebsd' ? 'FreeBSD host, freebsd backend' : 'emulated FreeBSD host'})`);
    for (const n of opened.notes) io.out(`ngstudio: ${n}`);
    for (const p of peers) io.out(`ngstudio: peer ${p.id}: ${p.address}`);
    for (const l of demo?.lines ?? []) io.out(`ngstudio: ${l}`);
    if (opened.stateFile !== null) {
      io.out(`ngstudio: emulated host state: ${opened.stateFile}`);
      io.out(`ngstudio: try: NGSTUDIO_SIM_STATE=${shellWord(opened.stateFile)} npx ngstudio sim ngctl list`);
    }
    if (v.open) openBrowser(url, io);
    await untilSignal();
    await agent.close();
    return 0;
  } finally {
    await demo?.close();
    await opened.cleanup();
  }
}
