// The `nghook -a` reader, on output laid out as usr.sbin/nghook/main.c's
// WriteAscii prints it: offset, 16 hex bytes (blank-padded), printable
// characters, and an empty line after each frame; fed in arbitrary pieces.
import { describe, expect, it } from 'vitest';
import { NghookAsciiReader } from '../../../shared/capture/nghook.js';

/** WriteAscii's layout for one frame. */
function dump(bytes: number[]): string {
  let out = '';
  for (let at = 0; at < bytes.length; at += 16) {
    let line = `${at.toString(16).padStart(4, '0')}:  `;
    for (let k = 0; k < 16; k++) line += at + k < bytes.length ? `${bytes[at + k]!.toString(16).padStart(2, '0')} ` : '   ';
    line += ' ';
    for (let k = 0; k < 16 && at + k < bytes.length; k++) line += bytes[at + k]! >= 32 && bytes[at + k]! < 127 ? String.fromCharCode(bytes[at + k]!) : '.';
    out += `${line}\n`;
  }
  return `${out}\n`;
}

describe('NghookAsciiReader', () => {
  it('rebuilds each frame from the hex dump, whatever the chunking', () => {
    const a = Array.from({ length: 42 }, (_, i) => (i * 37) & 0xff);
    const b = Array.from({ length: 98 }, (_, i) => (i + 200) & 0xff);
    const text = dump(a) + dump(b);
    for (const size of [1, 7, 64, text.length]) {
      const r = new NghookAsciiReader();
      const frames: Uint8Array[] = [];
      for (let i = 0; i < text.length; i += size) frames.push(...r.push(text.slice(i, i + size)));
      expect(frames.map((f) => Array.from(f))).toEqual([a, b]);
    }
  });

  it('refuses lines that are not a hex dump', () => {
    expect(() => new NghookAsciiReader().push('nghook: can\'t connect to node\n')).toThrow(/not a hex dump line/);
  });
});
