// ngctl's command table (usr.sbin/ngctl/*.c `struct ngcmd`): usage strings,
// summaries, help texts and aliases, in `help` order, with main.c's
// case-insensitive prefix matching (FindCommand/MatchCommand).

/** A command's return code (ngctl.h CMDRTN_*). */
export type Rtn = 'OK' | 'USAGE' | 'ERROR' | 'QUIT';

export interface NgCmdDef {
  /** Usage string; its first word is the command's name. */
  usage: string;
  desc: string;
  help: string | null;
  aliases: string[];
}

/** The table in help order: config … write, quit. */
export const NGCTL_COMMANDS: readonly NgCmdDef[] = [
  { usage: 'config <path> [arguments]', desc: 'get or set configuration of node at <path>', help: null, aliases: [] },
  {
    usage: 'connect [path] <relpath> <hook> <peerhook>',
    desc: 'Connects hook <peerhook> of the node at <relpath> to <hook>',
    help: 'The connect command creates a link between the two nodes at "path" and "relpath" using hooks "hook" and "peerhook", respectively. The "relpath", if not absolute, is specified relative to the node at "path". If "path" is omitted then "." is assumed.',
    aliases: ['join'],
  },
  {
    usage: 'debug [level]',
    desc: 'Get/set debugging verbosity level',
    help: "Without any argument, this command displays the current debugging verbosity level. If the argument is ``+'' or ``-'' the debug level is incremented or decremented; otherwise, it must be an absolute numerical level.",
    aliases: [],
  },
  { usage: 'dot [outputfile]', desc: 'Produce a GraphViz (.dot) of the entire netgraph.', help: 'If no outputfile is specified, stdout will be assumed.', aliases: ['graphviz', 'confdot'] },
  { usage: 'help [command]', desc: 'Show command summary or get more help on a specific command', help: null, aliases: ['?'] },
  {
    usage: 'list [-ln]',
    desc: 'Show information about all nodes',
    help: 'The list command shows information about every node that currently exists in the netgraph system. The optional -n argument limits this list to only those nodes with a global name assignment. The optional -l argument provides verbose output that includes hook information as well.',
    aliases: ['ls'],
  },
  {
    usage: 'mkpeer [path] <type> <hook> <peerhook>',
    desc: 'Create and connect a new node to the node at "path"',
    help: 'The mkpeer command atomically creates a new node of type "type" and connects it to the node at "path". The hooks used for the connection are "hook" on the original node and "peerhook" on the new node. If "path" is omitted then "." is assumed.',
    aliases: [],
  },
  {
    usage: 'msg path command [args ... ]',
    desc: 'Send a netgraph control message to the node at "path"',
    help: 'The msg command constructs a netgraph control message from the command name and ASCII arguments (if any) and sends that message to the node.  It does this by first asking the node to convert the ASCII message into binary format, and resending the result.',
    aliases: ['cmd'],
  },
  { usage: 'name <path> <name>', desc: 'Assign name <name> to the node at <path>', help: null, aliases: [] },
  { usage: 'read <filename>', desc: 'Read and execute commands from a file', help: null, aliases: ['source', '.'] },
  {
    usage: 'rmhook [path] <hook>',
    desc: 'Disconnect hook "hook" of the node at "path"',
    help: 'The rmhook command forces the node at "path" to break the link formed by its hook "hook", if connected. If "path" is omitted then "." is assumed.',
    aliases: ['disconnect'],
  },
  { usage: 'show [-n] <path>', desc: 'Show information about the node at <path>', help: 'If the -n flag is given, hooks are not listed.', aliases: ['inquire', 'info'] },
  { usage: 'shutdown <path>', desc: 'Shutdown the node at <path>', help: null, aliases: ['kill', 'rmnode'] },
  { usage: 'status <path>', desc: 'Get human readable status information from the node at <path>', help: null, aliases: [] },
  { usage: 'types', desc: 'Show information about all installed node types', help: null, aliases: [] },
  {
    usage: 'write hook < -f file | byte ... >',
    desc: 'Send a data packet down the hook named by "hook".',
    help: 'The data may be contained in a file, or may be described directly on the command line by supplying a sequence of bytes.',
    aliases: ['w'],
  },
  { usage: 'quit', desc: 'Exit program', help: null, aliases: ['exit'] },
];

/** The command's name: the first word of its usage. */
export const cmdName = (c: NgCmdDef): string => c.usage.split(' ')[0] as string;

/** MatchCommand: `s` is a case-insensitive prefix of the name or of an alias. */
function matches(c: NgCmdDef, s: string): boolean {
  const low = s.toLowerCase();
  if (cmdName(c).toLowerCase().startsWith(low)) return true;
  return c.aliases.some((a) => a.toLowerCase().startsWith(low));
}

/** FindCommand: the one matching command, or the warning ngctl prints. */
export function findCommand(s: string): NgCmdDef | { warning: string } {
  const hits = NGCTL_COMMANDS.filter((c) => matches(c, s));
  if (hits.length > 1) return { warning: `"${s}": ambiguous command` };
  const hit = hits[0];
  return hit ?? { warning: `"${s}": unknown command` };
}

/** `help` without argument. */
export function helpSummary(): string {
  return `Available commands:\n${NGCTL_COMMANDS.map((c) => `  ${cmdName(c).padEnd(10)} ${c.desc}\n`).join('')}`;
}

/** `help CMD`: usage, aliases, summary and the description wrapped like HelpCmd (a chunk of `width` bytes cut back to its last blank). */
export function helpFor(c: NgCmdDef, width: number): string {
  let out = `usage:    ${c.usage}\n`;
  if (c.aliases.length > 0) out += `Aliases:  ${c.aliases.join(', ')}\n`;
  out += `Summary:  ${c.desc}\n`;
  if (c.help === null) return out;
  out += 'Description:\n';
  let s = c.help;
  while (s.length > 0) {
    s = s.replace(/^\s+/, '');
    if (s === '') break;
    let buf = s.slice(0, width);
    if (buf.length < s.length) {
      const cut = buf.search(/\s\S*$/);
      buf = cut >= 0 ? buf.slice(0, cut + 1) : buf;
    }
    out += `  ${buf}\n`;
    s = s.slice(buf.length);
  }
  return out;
}
