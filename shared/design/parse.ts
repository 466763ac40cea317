// parseDesign: untrusted text or JSON value → a valid design, or every problem
// at once (shape first; the semantic rules only run on a well-shaped document,
// since they would only repeat the shape errors in other words).
import type { DesignResult, Problem } from './types.js';
import { readDesignShape } from './shape.js';
import { validateDesign } from './validate.js';

/** Parses and validates a design document; never throws. */
export function parseDesign(input: string | unknown): DesignResult {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      const p: Problem = { severity: 'error', path: '', element: 'the design', field: '', rule: 'json', message: `the design is not valid JSON: ${why}` };
      return { ok: false, problems: [p] };
    }
  }
  const shape = readDesignShape(value);
  if (shape.problems.length > 0) return { ok: false, problems: shape.problems };
  const problems = validateDesign(shape.design);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) return { ok: false, problems };
  return { ok: true, design: shape.design, warnings: problems };
}
