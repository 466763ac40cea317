import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../../../shared/export/result.js';
import { EXPORT_LABELS, exportFileName } from '../../../../ui/src/lib/exchange.js';

describe('export file names', () => {
  it('uses the design name and the format extension', () => {
    expect(exportFileName('lab1', 'ngctl')).toBe('lab1.ngctl');
    expect(exportFileName(null, 'jail.conf')).toBe('design.conf');
    expect(exportFileName('lab1', 'sh', true)).toBe('host.sh');
    expect(exportFileName('a b/c', 'png')).toBe('a_b_c.png');
    expect(exportFileName(null, 'svg')).toBe('design.svg');
  });

  it('labels every export format', () => {
    for (const f of EXPORT_FORMATS) expect(EXPORT_LABELS[f]).toBeTruthy();
  });
});
