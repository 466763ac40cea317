// Reads the text a CLI command works on: a file, or stdin for `-`; a missing
// or unreadable file is bad input (exit 2) with one line saying which.
import { readFile } from 'node:fs/promises';
import { UsageError } from './args.js';

/** Reads all of stdin as text. */
async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The contents of `path` (`-` = stdin), or a UsageError naming the command and the file. */
export async function readInput(cmd: string, path: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  if (path === '-') return readStdin(stdin);
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new UsageError(`${cmd}: cannot read ${path}: ${why}`);
  }
}
