// Tells which format a pasted text is, from its content alone. Each format has
// a marker no other one has: JSON starts with `{` (a design has "format" and
// "nodes", jls has "jail-information"); ngctl output starts with its header
// line, a `Name:` line or `graph netgraph {`; an ngctl script is lines whose
// first word is an ngctl command; a jail.conf has `name {` blocks or `param;`
// statements. Leading comments, blank lines and shell prompt lines are skipped,
// since captures are often pasted with the command that printed them.
import type { ImportFormat } from './result.js';
import { FORMAT_NAMES } from './result.js';

/** ngctl's commands and aliases (facts §1.2), as the first word of a script line. */
export const NGCTL_COMMANDS = new Set([
  'config', 'connect', 'join', 'debug', 'dot', 'graphviz', 'confdot', 'help', '?', 'list', 'ls', 'mkpeer', 'msg', 'cmd', 'name',
  'read', 'source', '.', 'rmhook', 'disconnect', 'show', 'inquire', 'info', 'shutdown', 'kill', 'rmnode', 'status', 'types', 'write', 'w', 'quit', 'exit',
]);

/** A shell prompt line (`$ ngctl list`, `root@h:~ # jls`) or a comment. */
export function isNoise(line: string): boolean {
  const t = line.trim();
  return t === '' || /^(?:[\w.-]+@[\w.-]+\S*\s*)?[$%]\s/.test(t) || t.startsWith('#') || t.startsWith('//');
}

/** The lines that carry content: no blanks, comments or prompts. */
export function contentLines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => !isNoise(l));
}

/** ngctl script lines may be written with or without the leading `ngctl` (as in a shell script). */
export function scriptWords(line: string): string[] {
  const w = line.trim().split(/[ \t\v\f]+/);
  return w[0] === 'ngctl' ? w.slice(1) : w;
}

function looksJson(first: string, text: string): ImportFormat | null {
  if (!first.trimStart().startsWith('{')) return null;
  if (/"jail-information"/.test(text)) return 'jls-json';
  if (/"format"\s*:/.test(text) || /"nodes"\s*:/.test(text)) return 'json';
  return null;
}

function looksNgctlOutput(first: string): ImportFormat | null {
  const t = first.trim();
  // Not anchored at the end: pasted from a web page, the whole output may be one line.
  if (/^There are \d+ total (named )?nodes:(\s|$)/.test(t)) return 'ngctl-list';
  if (/^Name:\s+\S+\s+Type:\s+\S+\s+ID:\s+[0-9a-fA-F]+\s+Num hooks:\s+\d+(\s|$)/.test(t)) return 'ngctl-show';
  if (/^graph netgraph \{$/.test(t)) return 'ngctl-dot';
  if (/^\S+?: flags=[0-9a-fA-F]+<[^>]*> metric \d+ mtu \d+$/.test(t)) return 'ifconfig';
  return null;
}

function looksScript(lines: string[]): boolean {
  return lines.length > 0 && lines.every((l) => NGCTL_COMMANDS.has(scriptWords(l)[0]!.toLowerCase()));
}

function looksJailConf(lines: string[]): boolean {
  const block = lines.some((l) => /^\s*[^\s{}=;]+\s*\{\s*$/.test(l) || /^\s*[^\s{}=;]+\s*\{.*;/.test(l));
  const stmt = lines.some((l) => /^\s*\$?[A-Za-z_][\w.]*\s*(\+?=.*)?;\s*(#.*|\/\/.*)?$/.test(l));
  return block || (stmt && lines.every((l) => /[;{}]\s*$/.test(l.trim()) || /\\$/.test(l) || /^\s*[*/]/.test(l)));
}

/** The format of `text`, or an error naming what was looked for. */
export function detectFormat(text: string): { format: ImportFormat } | { error: string } {
  const lines = contentLines(text);
  const first = lines[0];
  if (first === undefined) return { error: 'nothing to import: the text is empty (or only comments)' };
  const f = looksJson(first, text) ?? looksNgctlOutput(first);
  if (f) return { format: f };
  if (looksScript(lines)) return { format: 'ngctl' };
  if (looksJailConf(lines)) return { format: 'jail.conf' };
  const looked = Object.values(FORMAT_NAMES).join('; ');
  return { error: `cannot tell what this text is (first line: ${JSON.stringify(first.slice(0, 60))}); looked for ${looked}` };
}
