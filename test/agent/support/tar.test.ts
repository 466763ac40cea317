// The ustar + gzip writer against GNU tar itself (a real process): it lists
// and extracts byte for byte, long paths go through the prefix field, and
// paths that could escape the extraction folder are refused.
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { tar, tarGz } from '../../../agent/support/tar.js';

const dir = mkdtempSync(join(tmpdir(), 'ngstudio-tar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function gnuTar(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('tar', args, { env: { ...process.env, TZ: 'UTC' } }, (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

describe('tarGz', () => {
  it('is listed and extracted by GNU tar, byte for byte, with each folder once', async () => {
    const deep = `d/${'x'.repeat(90)}/${'y'.repeat(60)}/f.txt`;
    const binary = Uint8Array.from({ length: 1500 }, (_, i) => i % 256);
    const file = join(dir, 'a.tar.gz');
    writeFileSync(file, tarGz([
      { name: 'd/one.txt', data: 'héllo\n' },
      { name: 'd/empty.txt', data: '' },
      { name: 'd/exact.bin', data: new Uint8Array(512) },
      { name: 'd/bin/b.bin', data: binary },
      { name: deep, data: 'deep\n' },
    ], new Date('2025-01-02T03:04:05Z')));
    const t = await gnuTar(['-tvzf', file]);
    expect(t.stderr).toBe('');
    expect(t.code).toBe(0);
    const names = t.stdout.trim().split('\n').map((l) => l.split(/\s+/).slice(5).join(' '));
    expect(names).toEqual(['d/', 'd/one.txt', 'd/empty.txt', 'd/exact.bin', 'd/bin/', 'd/bin/b.bin', `d/${'x'.repeat(90)}/`, `d/${'x'.repeat(90)}/${'y'.repeat(60)}/`, deep]);
    expect(t.stdout).toContain('2025-01-02 03:04');
    const out = join(dir, 'x');
    mkdirSync(out);
    expect((await gnuTar(['-xzf', file, '-C', out])).code).toBe(0);
    expect(readFileSync(join(out, 'd/one.txt'), 'utf8')).toBe('héllo\n');
    expect(readFileSync(join(out, 'd/empty.txt'))).toHaveLength(0);
    expect(readFileSync(join(out, 'd/exact.bin'))).toHaveLength(512);
    expect(Uint8Array.from(readFileSync(join(out, 'd/bin/b.bin')))).toEqual(binary);
    expect(readFileSync(join(out, deep), 'utf8')).toBe('deep\n');
  });

  it('pads to 512-byte blocks, ends with two zero blocks, and gzip holds exactly the tar', () => {
    const raw = tar([{ name: 'a', data: 'x' }]);
    expect(raw.length).toBe(512 * 4); // header, data block, two end blocks
    expect(raw.subarray(1024).every((b) => b === 0)).toBe(true);
    expect(raw.subarray(257, 263).toString('ascii')).toBe('ustar\0');
    expect(gunzipSync(tarGz([{ name: 'a', data: 'x' }], new Date(0)))).toEqual(tar([{ name: 'a', data: 'x' }], new Date(0)));
  });

  it('refuses absolute paths, .. parts, empty parts and names that do not fit a ustar header', () => {
    for (const name of ['/etc/passwd', '../x', 'a/../b', 'a//b', '', 'a\nb']) {
      expect(() => tar([{ name, data: '' }]), name).toThrow(/^tar: refusing the path/);
    }
    expect(() => tar([{ name: `${'z'.repeat(120)}/f`, data: '' }])).toThrow(/too long for a ustar header/);
  });
});
