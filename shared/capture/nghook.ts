// Reads what `nghook -a` prints for the frames arriving on its hook
// (usr.sbin/nghook/main.c, WriteAscii): per frame, one line per 16 bytes —
// the offset as 4 hex digits, two spaces, each byte as 2 hex digits and a
// space (blanks past the end), a space, the printable characters — and then
// an empty line. Lines are fed as they come; push() returns completed frames.

const LINE = /^([0-9a-f]{4}): {2}((?:[0-9a-f]{2} | {3}){16}) /;

export class NghookAsciiReader {
  private rest = '';
  private cur: number[] = [];

  push(text: string): Uint8Array[] {
    const out: Uint8Array[] = [];
    const lines = (this.rest + text).split('\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        if (this.cur.length > 0) out.push(Uint8Array.from(this.cur));
        this.cur = [];
        continue;
      }
      const m = LINE.exec(line);
      if (!m) throw new Error(`nghook printed a line that is not a hex dump line: ${JSON.stringify(line.slice(0, 80))}`);
      if (parseInt(m[1] as string, 16) !== this.cur.length) throw new Error(`nghook's dump skipped from byte ${this.cur.length} to ${parseInt(m[1] as string, 16)}`);
      for (const h of (m[2] as string).trim().split(/\s+/)) if (h !== '') this.cur.push(parseInt(h, 16));
    }
    return out;
  }
}
