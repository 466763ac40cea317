// What importing returns: the design and the format it was read as (with
// warnings), or the problems, each a line for people. Importers never throw.
import type { Design } from '../design/types.js';

/** The formats an import reads. */
export const IMPORT_FORMATS = ['json', 'ngctl', 'ngctl-list', 'ngctl-show', 'ngctl-dot', 'jls-json', 'jail.conf', 'ifconfig'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** What each format is, in words (detection errors and help name them). */
export const FORMAT_NAMES: Record<ImportFormat, string> = {
  json: 'design JSON ({"format": 1, "nodes": …})',
  ngctl: 'an ngctl script (ngctl -f: mkpeer/connect/name/msg … lines)',
  'ngctl-list': "saved 'ngctl list -l' (or 'ngctl list') output",
  'ngctl-show': "saved 'ngctl show' blocks",
  'ngctl-dot': "saved 'ngctl dot' output",
  'jls-json': "saved 'jls --libxo json' output",
  'jail.conf': 'a jail.conf file',
  ifconfig: "saved 'ifconfig' output (with 'jexec JAIL ifconfig' sections for vnet jails)",
};

export type ImportResult =
  | { ok: true; format: ImportFormat; design: Design; warnings: string[] }
  | { ok: false; format: ImportFormat | null; problems: string[] };

/** True for a known import format name. */
export function isImportFormat(s: unknown): s is ImportFormat {
  return typeof s === 'string' && (IMPORT_FORMATS as readonly string[]).includes(s);
}

/** A failed import. */
export function failed(format: ImportFormat | null, problems: string[]): ImportResult {
  return { ok: false, format, problems };
}
