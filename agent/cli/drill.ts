// `ngstudio drill cut NODE:HOOK --for DURATION` and `ngstudio drill down IF --for DURATION`:
// cut a netgraph link or take an interface down, wait in the foreground with
// a countdown on stderr, and restore it at the deadline, on SIGINT/SIGTERM,
// or — when this process is killed outright — in the next ngstudio command
// that opens the data folder (agent/engine/drill.ts).
import { parseDuration, targetText, formatSeconds } from '../../shared/drill.js';
import { endDrill, isDrillError, startDrill, type RunningDrill } from '../engine/drill.js';
import { adoptInterrupted, interruptedLines } from '../engine/recovery.js';
import { dataDirFor, openStore } from '../store/index.js';
import { parse, UsageError, type CliIO } from './args.js';
import { openHost } from './host.js';
import { HOST_OPTIONS } from './plan.js';

const USAGE = 'write ngstudio drill cut NODE:HOOK --for DURATION, or ngstudio drill down IF --for DURATION (IF or JAIL/IF; DURATION like 4s, 90s, 5m)';

/** How the countdown is shown: in place on a terminal, else as lines (every second near the end, sparser before). */
export interface Countdown {
  tick(remaining: number): void;
  done(): void;
}

function countdown(text: string, io: CliIO, tty: boolean): Countdown {
  const line = (r: number): string => `ngstudio: drill: ${text}, restoring in ${formatSeconds(r)} (Ctrl-C restores now)`;
  if (tty) {
    return {
      tick: (r) => void process.stderr.write(`\r\x1b[K${line(r)}`),
      done: () => void process.stderr.write('\r\x1b[K'),
    };
  }
  return {
    tick: (r) => {
      if (r <= 10 || r % (r <= 60 ? 10 : 60) === 0) io.err(line(r));
    },
    done: () => {},
  };
}

/** Resolves at the deadline or on the first SIGINT/SIGTERM, ticking once a second. */
function waitUntil(until: number, show: Countdown, stop: Promise<string>): Promise<string> {
  return new Promise((resolve) => {
    const left = (): number => Math.max(0, Math.ceil((until - Date.now()) / 1000));
    show.tick(left());
    const timer = setInterval(() => show.tick(left()), 1000);
    const finish = (why: string): void => {
      clearInterval(timer);
      clearTimeout(deadline);
      show.done();
      resolve(why);
    };
    const deadline = setTimeout(() => finish('deadline'), Math.max(0, until - Date.now()));
    void stop.then(finish);
  });
}

/** Runs `ngstudio drill`. */
export async function drillCmd(argv: string[], io: CliIO, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values: v, positionals } = parse('drill', argv, { ...HOST_OPTIONS, for: { type: 'string' } }, true);
  const [kind, target, ...extra] = positionals;
  if (kind !== 'cut' && kind !== 'down') throw new UsageError(`drill: ${kind === undefined ? 'missing' : `unknown drill ${JSON.stringify(kind)}:`} cut or down; ${USAGE}`);
  if (target === undefined) throw new UsageError(`drill ${kind}: missing ${kind === 'cut' ? 'NODE:HOOK' : 'IF'}; ${USAGE}`);
  if (extra.length > 0) throw new UsageError(`drill ${kind}: unexpected argument ${JSON.stringify(extra[0])}; ${USAGE}`);
  if (v.for === undefined) throw new UsageError(`drill ${kind}: missing --for DURATION (like 4s, 90s, 5m)`);
  const dur = parseDuration(v.for);
  if (!dur.ok) throw new UsageError(`drill ${kind}: --for: ${dur.reason}`);
  const store = await openStore(dataDirFor(v['data-dir'], env));
  const opened = await openHost('drill', { ...v, demo: false }, { tempFile: false, env });
  // Signals from now on restore (once the drill has started) instead of killing the process.
  let signalled: (why: string) => void = () => {};
  const stop = new Promise<string>((resolve) => (signalled = resolve));
  const onSignal = (sig: NodeJS.Signals): void => signalled(sig);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    for (const n of opened.notes) io.err(`ngstudio: ${n}`);
    const found = await adoptInterrupted(store, opened.backend, { onDrill: (l) => io.err(`ngstudio: ${l}`) });
    for (const i of found) for (const l of interruptedLines(i)) io.err(`ngstudio: ${l}`);
    let d: RunningDrill;
    try {
      d = await startDrill(store, opened.backend, { kind, target, seconds: dur.seconds, what: `ngstudio drill ${kind} ${target} (pid ${process.pid})` });
    } catch (e) {
      if (isDrillError(e) && e.code === 'bad-target') throw new UsageError(`drill ${kind}: ${e.message}; nothing was changed`);
      throw e;
    }
    const text = `${targetText(d.view.on)} ${kind === 'cut' ? 'cut' : 'down'}`;
    io.err(`ngstudio: drill: ${text} until ${d.view.until} (journal ${d.hold.file})`);
    const why = await waitUntil(Date.parse(d.view.until), countdown(text, io, process.stderr.isTTY === true), stop);
    const out = await endDrill(opened.backend, d);
    io.err(`ngstudio: drill: ${why === 'deadline' ? '' : `${why}: `}${out.note}`);
    return out.ok ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await opened.cleanup();
  }
}
