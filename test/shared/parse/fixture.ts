// Test helper: reads a capture from test/fixtures without its `# source:` line,
// optionally without prompt lines and a common left margin (RST / tutorial indentation).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** The raw bytes of a fixture, as text. */
export function rawFixture(name: string): string {
  return readFileSync(DIR + name, 'utf8');
}

/** A fixture's text without the `# source:` first line; `prompts` drops `$ cmd` / `# cmd` / `+ cmd` lines; `dedent` strips N leading columns. */
export function fixture(name: string, opts: { prompts?: boolean; dedent?: number } = {}): string {
  const raw = rawFixture(name);
  if (!raw.startsWith('# source:')) throw new Error(`${name}: first line is not '# source:'`);
  let lines = raw.slice(raw.indexOf('\n') + 1).split('\n');
  if (opts.prompts) lines = lines.filter((l) => !/^\s*(?:[\w.-]+@[\w.-]+:\S*\s+)?[$#+] \S/.test(l));
  if (opts.dedent) lines = lines.map((l) => l.slice(opts.dedent));
  return lines.join('\n');
}
