// Pasted ngctl output whose whitespace was collapsed: a web page shown without
// <pre>, or a mail client reflowing text, turns `ngctl list -l` into one long
// line of words. The words still say everything (each block's "Num hooks: N"
// gives how many five-word rows follow its table header), so the lines are
// rebuilt from them and the usual parser reads the result.

const TABLE_HEADER = ['Local', 'hook', 'Peer', 'name', 'Peer', 'type', 'Peer', 'ID', 'Peer', 'hook'];

/** Whether `text` lost its line breaks: more `Name:` words than lines that start with one, or words after the header. */
export function looksCollapsed(text: string): boolean {
  const names = (text.match(/(?:^|\s)Name:\s/g) ?? []).length;
  const nameLines = (text.match(/^\s*Name:\s/gm) ?? []).length;
  return names > nameLines || /There are \d+ total (?:named )?nodes:[ \t\u00a0]+\S/.test(text);
}

const isName = (w: string[], i: number): boolean => w[i] === 'Name:' && w[i + 2] === 'Type:' && w[i + 4] === 'ID:' && w[i + 6] === 'Num' && w[i + 7] === 'hooks:';

/** The lines of collapsed `ngctl list [-l]` / `show` output, rebuilt from its words (whatever cannot be placed ends up on the last line). */
export function reflowNgctl(text: string): string {
  const w = text.split(/\s+/).filter((x) => x !== '');
  const out: string[] = [];
  let i = 0;
  // The header, and anything pasted before it (a prompt, a title) on lines of its own.
  const h = w.findIndex((x, k) => x === 'There' && w[k + 1] === 'are' && w[k + 3] === 'total');
  if (h >= 0) {
    const len = w[h + 4] === 'named' ? 6 : 5;
    if (h > 0) out.push(w.slice(0, h).join(' '));
    out.push(w.slice(h, h + len).join(' '));
    i = h + len;
  }
  while (i < w.length) {
    if (!isName(w, i)) {
      out.push(w.slice(i).join(' '));
      break;
    }
    out.push(`  Name: ${w[i + 1]} Type: ${w[i + 3]} ID: ${w[i + 5]} Num hooks: ${w[i + 8]}`);
    const hooks = Number(w[i + 8]);
    i += 9;
    if (TABLE_HEADER.every((x, k) => w[i + k] === x)) {
      out.push(`  ${TABLE_HEADER.slice(0, 2).join(' ')}  Peer name  Peer type  Peer ID  Peer hook`);
      i += TABLE_HEADER.length;
      if (w.slice(i, i + 5).every((x) => /^-+$/.test(x))) (out.push('  ----------  ---------  ---------  -------  ---------'), (i += 5));
      for (let r = 0; r < hooks && i < w.length && !isName(w, i); r++, i += 5) out.push(`  ${w.slice(i, i + 5).join('  ')}`);
    }
  }
  return `${out.join('\n')}\n`;
}
