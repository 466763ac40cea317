// The agent's import: shared/import's importText with the ngctl script runner
// (the emulated host) plugged in.
import { importText, type ImportResult } from '../../shared/import/index.js';
import { runNgctlScript } from './ngctl-script.js';

/** Imports text in any supported format (detected unless given); never throws. */
export function importAny(text: unknown, format?: unknown): Promise<ImportResult> {
  return importText(text, format, runNgctlScript);
}
