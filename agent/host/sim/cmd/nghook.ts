// Emulated nghook(8) (usr.sbin/nghook/main.c): makes an unnamed socket node,
// connects its hook `hook` to `hookname` (default `debug`) of the node at
// `path`, and writes every frame that arrives there to stdout — raw, or with
// -a as WriteAscii's hex dump (offset, 16 bytes in hex, the printable ones,
// an empty line after each frame). Unlike the other emulated commands it runs
// until it is killed: the socket node and its link are made under the state
// file's lock, frames reach it through a tap on its hook (dataplane/taps.ts)
// whose spool it reads, and SIGTERM/SIGINT close the socket under the lock
// again (its hook goes, the peer's disconnect rules apply). Only -a and -n
// are emulated; stdin is not sent to the hook.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PcapReader, pcapHeader } from '../../../../shared/capture/pcap.js';
import { addTap, removeTap } from '../dataplane/taps.js';
import { jailFind, jailVnet } from '../jails.js';
import { ensureLoaded } from '../modules.js';
import { checkNetgraphAllowed } from '../netgraph.js';
import { graphOf, makeNode, nodeById } from '../netgraph/base.js';
import { connect, removeNode } from '../netgraph/ops.js';
import { withState } from '../store.js';
import { getopt } from './getopt.js';

const USAGE = 'usage: nghook [-adlnsS] path [hookname]\n   or: nghook -e [-n] [-m msg]* path hookname prog [args...]\n';
const EX_USAGE = 64;
const EX_OSERR = 71;

/** WriteAscii: one frame as nghook -a prints it. */
export function writeAscii(b: Uint8Array): string {
  let out = '';
  for (let at = 0; at < b.length; at += 16) {
    let line = `${at.toString(16).padStart(4, '0')}:  `;
    for (let k = 0; k < 16; k++) line += at + k < b.length ? `${(b[at + k] as number).toString(16).padStart(2, '0')} ` : '   ';
    line += ' ';
    for (let k = 0; k < 16; k++) {
      if (at + k >= b.length) line += ' ';
      else {
        const c = b[at + k] as number;
        line += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
      }
    }
    out += `${line}\n`;
  }
  return `${out}\n`;
}

/** Runs emulated nghook until SIGTERM/SIGINT; resolves with its exit status. */
export async function nghookMain(argv: string[], file: string): Promise<number> {
  const g = getopt(['nghook', ...argv], 'aedlm:nsS');
  if (g.error !== null) return (process.stderr.write(`nghook: ${g.error}\n${USAGE}`), EX_USAGE);
  const ascii = g.opts.some((o) => o.opt === 'a');
  const other = g.opts.find((o) => o.opt !== 'a' && o.opt !== 'n');
  if (other) return (process.stderr.write(`nghook: -${other.opt}: not supported by ngstudio's emulated nghook\n`), EX_USAGE);
  if (g.rest.length < 1 || g.rest.length > 2) return (process.stderr.write(USAGE), EX_USAGE);
  const [path, hook = 'debug'] = g.rest as [string, string?];
  const dir = mkdtempSync(join(tmpdir(), 'ngstudio-nghook-'));
  const spool = join(dir, 'spool.pcap');
  writeFileSync(spool, pcapHeader(), { mode: 0o600 });
  const id = `nghook-${process.pid}-${randomBytes(3).toString('hex')}`;
  let where: { vnet: number; node: number };
  try {
    where = await withState(file, (s) => {
      const jail = process.env.NGSTUDIO_SIM_JAIL;
      const j = jail ? jailFind(s, jail) : undefined;
      const vnet = j ? jailVnet(s, j) : 0;
      checkNetgraphAllowed(j?.jid ?? 0, vnet);
      ensureLoaded(s, 'ng_socket');
      const sock = makeNode(s, vnet, 'socket');
      sock.pid = process.pid;
      try {
        connect({ state: s, vnet, here: sock }, '.', path, 'hook', hook);
      } catch (e) {
        removeNode(s, vnet, sock);
        throw e;
      }
      addTap(s, { id, pid: process.pid, spool, at: { kind: 'hook', vnet, node: sock.id, hook: 'hook' } });
      return { vnet, node: sock.id };
    });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write("nghook: can't connect to node\n");
    return EX_OSERR;
  }
  const fd = openSync(spool, 'r');
  const reader = new PcapReader();
  const chunk = Buffer.alloc(65536);
  const drain = (): void => {
    for (let n = readSync(fd, chunk, 0, chunk.length, null); n > 0; n = readSync(fd, chunk, 0, chunk.length, null)) {
      for (const p of reader.push(chunk.subarray(0, n))) process.stdout.write(ascii ? writeAscii(p.data) : p.data);
    }
  };
  const timer = setInterval(drain, 20);
  const sig = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  clearInterval(timer);
  await withState(file, (s) => {
    removeTap(s, id);
    const node = nodeById(graphOf(s, where.vnet), where.node);
    if (node?.type === 'socket' && node.pid === process.pid) removeNode(s, where.vnet, node);
  });
  rmSync(dir, { recursive: true, force: true });
  return 128 + (sig === 'SIGTERM' ? 15 : 2);
}
