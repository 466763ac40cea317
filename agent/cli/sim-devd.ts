// `ngstudio sim [--state FILE] devd --socket PATH`: the emulated host's
// devd(8), serving the interface events of the emulated kernel on a unix
// stream socket the way devd serves /var/run/devd.pipe, until SIGINT/SIGTERM.
// `ngstudio serve --backend freebsd --devd-socket PATH` reads it.
import { resolve } from 'node:path';
import { startSimDevd } from '../host/sim/devd.js';
import { parse, UsageError, type CliIO } from './args.js';
import { untilSignal } from './signals.js';

/** Runs the emulated devd; resolves with the exit code after a signal. */
export async function simDevd(argv: string[], stateFile: string | undefined, io: CliIO): Promise<number> {
  const { values: v } = parse('sim devd', argv, { socket: { type: 'string' } });
  if (v.socket === undefined || v.socket === '') throw new UsageError('sim devd: --socket PATH is required (where to serve the events)');
  const file = stateFile ?? (process.env.NGSTUDIO_SIM_STATE || undefined);
  if (file === undefined) throw new UsageError('sim devd: no emulated host state file: pass --state FILE or set NGSTUDIO_SIM_STATE');
  const socket = resolve(v.socket);
  const devd = await startSimDevd({ stateFile: resolve(file), socket, log: io.err }).catch((e: Error) => {
    throw new Error(`sim devd: ${e.message}`);
  });
  io.out(`ngstudio sim devd: serving the events of ${resolve(file)} on ${socket}`);
  await untilSignal();
  await devd.close();
  return 0;
}
