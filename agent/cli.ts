// The `ngstudio` command line: one function per subcommand; bad usage exits 2,
// failures exit 1, each with one line on stderr.
import { HELP, version } from './cli/help.js';
import { UsageError, type CliIO } from './cli/args.js';

const defaultIO: CliIO = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** The first line of an error's message (errors are one line on stderr). */
function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0]?.trim() || 'failed';
}

/** `ngstudio plan x | head`: the reader went away; stop quietly, as a command killed by SIGPIPE would. */
function endOnClosedPipe(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(0);
  });
}

/** Runs the CLI with `argv` (without node and the script); resolves with the exit code. */
export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  if (io === defaultIO) endOnClosedPipe();
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      // Loaded on demand: `sim` runs often (scripts) and must not load the server.
      case 'serve':
        return await (await import('./cli/serve.js')).serve(rest, io);
      case 'snapshot':
        return await (await import('./cli/snapshot.js')).snapshot(rest, io);
      case 'export':
        return await (await import('./cli/export.js')).exportCmd(rest, io);
      case 'import':
        return await (await import('./cli/import.js')).importCmd(rest, io);
      case 'plan':
        return await (await import('./cli/plan.js')).planCmd(rest, io);
      case 'apply':
        return await (await import('./cli/apply.js')).applyCmd(rest, io);
      case 'recover':
        return await (await import('./cli/recover.js')).recover(rest, io);
      case 'drill':
        return await (await import('./cli/drill.js')).drillCmd(rest, io);
      case 'capture':
        return await (await import('./cli/capture.js')).captureCmd(rest, io);
      case 'boot':
        return await (await import('./cli/boot.js')).bootCmd(rest, io);
      case 'sim':
        return await (await import('./cli/sim.js')).sim(rest, io);
      case 'path':
        return await (await import('./cli/path.js')).pathCmd(rest, io);
      case 'doctor':
        return await (await import('./cli/doctor.js')).doctor(rest, io);
      case 'help':
      case '--help':
      case '-h':
        io.out(HELP.trimEnd());
        return 0;
      case '--version':
        io.out(`ngstudio ${version()}`);
        return 0;
      case undefined:
        throw new UsageError("missing command (serve, snapshot, sim); see 'ngstudio help'");
      default:
        throw new UsageError(`unknown command '${cmd}'; see 'ngstudio help'`);
    }
  } catch (e) {
    io.err(`ngstudio: ${oneLine(e)}`);
    return e instanceof UsageError ? 2 : 1;
  }
}
