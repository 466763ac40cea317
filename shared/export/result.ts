// What every exporter returns: the text (maybe with warnings for the user),
// or the reasons the design cannot be exported. Exporters never throw.

export type ExportResult =
  | { ok: true; text: string; warnings: string[] }
  | { ok: false; errors: string[] };

/** What an export targets: `release` is the FreeBSD release whose rules (ng_bridge hook names) the commands follow; default 14.3-RELEASE. */
export interface ExportOptions {
  release?: string;
}

/** The export formats, as the CLI and the protocol name them. */
export const EXPORT_FORMATS = ['ngctl', 'sh', 'jail.conf', 'dot', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** True for a known export format name. */
export function isExportFormat(s: unknown): s is ExportFormat {
  return typeof s === 'string' && (EXPORT_FORMATS as readonly string[]).includes(s);
}
