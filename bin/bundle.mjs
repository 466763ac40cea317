// Decides whether a compiled bundle (scripts/bundle.mjs) may run instead of
// the TypeScript sources. Only Node built-ins: it runs before anything else.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package root (the folder holding bin/, dist/, agent/). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The absolute path of `bundle` (relative to the root) when it should run,
 * or null for the sources. An installed package ships no sources (no
 * `source`, the bundle's entry .ts), so its bundle always runs. In a checkout
 * the bundle runs only while no input recorded in `meta` changed since it was
 * built, and never with NGSTUDIO_FROM_SOURCE=1.
 */
export function freshBundle(bundle, meta, source) {
  if (!existsSync(ROOT + source)) return ROOT + bundle;
  if (process.env.NGSTUDIO_FROM_SOURCE === '1') return null;
  try {
    const { inputs } = JSON.parse(readFileSync(ROOT + meta, 'utf8'));
    for (const [file, mtime] of Object.entries(inputs)) if (statSync(ROOT + file).mtimeMs > mtime) return null;
    statSync(ROOT + bundle);
    return ROOT + bundle;
  } catch {
    return null;
  }
}
