// One run of the emulated ngctl: its output buffers, its socket node and the
// command dispatcher with the script reader (main.c DoCommand/ReadFile).
import { parseScript } from '../../../../../shared/ngctl/script.js';
import { strerror } from '../../errno.js';
import type { NgCaller } from '../../netgraph.js';
import { releaseMajor, type SimNode, type SimState, type VnetId } from '../../state.js';
import type { CmdContext } from '../types.js';
import { HANDLERS } from './commands.js';
import { cmdName, findCommand, type Rtn } from './table.js';

/** `read` nesting bound: a script reading itself would otherwise never end (FreeBSD runs out of fds). */
const MAX_READ_DEPTH = 64;

export class Session {
  stdout = '';
  stderr = '';
  debug = 0;
  private depth = 0;
  constructor(
    readonly ctx: CmdContext,
    readonly state: SimState,
    readonly vnet: VnetId,
    readonly sock: SimNode,
  ) {}

  /** The kernel caller: this vnet, addressed from this run's socket node. */
  get caller(): NgCaller {
    return { state: this.state, vnet: this.vnet, here: this.sock };
  }

  out(text: string): void {
    this.stdout += text;
  }

  /** warnx(3): `ngctl: <text>` on stderr. */
  warn(text: string): void {
    this.stderr += `ngctl: ${text}\n`;
  }

  /** DoCommand: find the command by prefix, run it, print its usage on CMDRTN_USAGE. */
  async doCommand(argv: string[]): Promise<Rtn> {
    if (argv.length === 0 || argv[0] === '') return 'OK';
    const c = findCommand(argv[0] as string);
    if ('warning' in c) return this.warn(c.warning), 'ERROR';
    const name = cmdName(c);
    const rtn = name === 'read' ? await this.readCmd(argv) : await (HANDLERS[name] as NonNullable<(typeof HANDLERS)[string]>)(this, argv);
    if (rtn === 'USAGE') this.warn(`usage: ${c.usage}`);
    return rtn;
  }

  /** ReadFile: run a script, stopping at the first failing line (quit counts as failing). */
  async readScript(text: string): Promise<Rtn> {
    const lineMax = releaseMajor(this.state) <= 12 ? 2048 : undefined;
    for (const { line, argv } of parseScript(text, { lineMax })) {
      const rtn = await this.doCommand(argv);
      if (rtn !== 'OK') return this.warn(`line ${line}: error in file`), rtn;
    }
    return 'OK';
  }

  private async readCmd(argv: string[]): Promise<Rtn> {
    if (argv.length !== 2) return 'USAGE';
    const file = argv[1] as string;
    let text: string;
    try {
      text = await this.ctx.readFile(file);
    } catch (e) {
      return this.warn(`${file}: ${strerror(e)}`), 'ERROR';
    }
    if (this.depth >= MAX_READ_DEPTH) return this.warn(`${file}: ${strerror({ code: 'EMFILE' })}`), 'ERROR';
    this.depth++;
    try {
      return await this.readScript(text);
    } finally {
      this.depth--;
    }
  }
}
