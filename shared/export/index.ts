// exportDesign: a design in one of the formats admins use. Every exporter is
// pure and returns text or the reasons it cannot; the design should have
// passed parseDesign (the CLI and the protocol check that first).
import type { Design } from '../design/types.js';
import { exportDot } from './dot.js';
import { exportJailConf } from './jailconf.js';
import { exportJson } from './json.js';
import { exportNgctl } from './ngctl.js';
import { exportSh } from './sh.js';
import type { ExportFormat, ExportOptions, ExportResult } from './result.js';
import { EXPORT_FORMATS, isExportFormat } from './result.js';
import { spansHosts } from '../design/hosts.js';

export * from './result.js';

const EXPORTERS: Record<ExportFormat, (d: Design, opts: ExportOptions) => ExportResult> = {
  ngctl: exportNgctl,
  sh: exportSh,
  'jail.conf': exportJailConf,
  dot: exportDot,
  json: exportJson,
};

/** The design in `format` for a host of `opts.release`; an unknown format or an exporter failure is an error result, never a throw. */
export function exportDesign(design: Design, format: unknown, opts: ExportOptions = {}): ExportResult {
  if (!isExportFormat(format)) return { ok: false, errors: [`unknown export format ${JSON.stringify(format)}; known: ${EXPORT_FORMATS.join(', ')}`] };
  const d = design as Partial<Design> | null;
  if (typeof d !== 'object' || d === null || !['nodes', 'links', 'epairs', 'bridges', 'jails'].every((k) => Array.isArray(d[k as keyof Design]))) {
    return { ok: false, errors: ['expected a design document (run it through parseDesign first)'] };
  }
  if (spansHosts(design)) {
    return { ok: false, errors: ['the design spans hosts (it names a host or has tunnels); `ngstudio plan DESIGN --peer URL …` prints each host\'s commands as an sh script, with the tunnels\' addresses read from the hosts'] };
  }
  try {
    return EXPORTERS[format](design, opts);
  } catch (e) {
    return { ok: false, errors: [`internal error while exporting ${format}: ${e instanceof Error ? e.message : String(e)}`] };
  }
}
