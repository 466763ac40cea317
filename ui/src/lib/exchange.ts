// Export and import helpers for the dialogs (pure, except `download`, which
// needs a DOM): file names per format, and handing text or a data URL to the
// browser as a file.
import type { ExportFormat } from '../../../shared/export/result.js';

const EXTENSION: Record<ExportFormat, string> = { ngctl: 'ngctl', sh: 'sh', 'jail.conf': 'conf', dot: 'dot', json: 'json' };

/** What each export format is, in words for the dialog. */
export const EXPORT_LABELS: Record<ExportFormat, string> = {
  ngctl: 'ngctl -f script (netgraph only)',
  sh: 'sh script (kldload, ngctl, ifconfig, jail)',
  'jail.conf': 'jail.conf fragment (vnet, exec hooks)',
  dot: 'Graphviz dot (as ngctl dot draws it)',
  json: 'design JSON',
};

/** A file name for an export: the design's name (or `design`, `host` for the live host) and the format's extension. */
export function exportFileName(base: string | null, format: ExportFormat | 'png' | 'svg', live = false): string {
  const stem = (live ? 'host' : (base ?? 'design')).replace(/[^A-Za-z0-9._-]/g, '_') || 'design';
  return `${stem}.${format === 'png' || format === 'svg' ? format : EXTENSION[format]}`;
}

/** Makes the browser save `href` (a data or blob URL) as `name`. */
export function download(href: string, name: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
}

/** Saves text as a file (a blob URL, released after the click). */
export function downloadText(text: string, name: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  download(url, name);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
