// Validation of client → agent frames before dispatch: every way a frame can
// be wrong maps to an ErrorFrame with a code from rpc.ts, never an exception.
// Also the check of the patches the agent sends, before a client applies one.
import { COUNTER_FIELDS, REQUIRED_COUNTER_FIELDS } from '../model/patch.js';
import { EXPORT_FORMATS, isExportFormat } from '../export/result.js';
import { IMPORT_FORMATS, isImportFormat } from '../import/result.js';
import { checkSeconds } from '../drill.js';
import type { ErrorCode, ErrorFrame, MethodName, RequestFrame, WireError } from './rpc.js';

/** Longest accepted string id; ids are echoed back, so they must stay small. */
export const MAX_ID_LENGTH = 128;

/** Method names the agent dispatches, with a params check for each. */
const PARAMS_CHECKS: { [M in MethodName]: (p: Record<string, unknown>) => string | null } = {
  ping: noParams,
  snapshot: noParams,
  validate: (p) => fields(p, { design: isObject }),
  plan: (p) => fields(p, { design: isObject }),
  apply: (p) => fields(p, { design: isObject, basedOn: isVersion }),
  'apply.cancel': noParams,
  revert: (p) => fields(p, { to: isVersion }),
  'recovery.status': noParams,
  'recovery.act': recoveryActParams,
  'designs.list': noParams,
  'designs.get': (p) => fields(p, { name: isName }),
  'designs.put': (p) => fields(p, { name: isName, design: isObject }),
  'designs.delete': (p) => fields(p, { name: isName }),
  'boot.list': noParams,
  'boot.set': (p) => fields(p, { name: isName, enabled: isBoolean }),
  export: exportParams,
  import: importParams,
  'jails.list': noParams,
  'jails.create': jailCreateParams,
  'jails.start': (p) => fields(p, { name: isName }),
  'jails.stop': (p) => fields(p, { name: isName }),
  'jails.restart': (p) => fields(p, { name: isName }),
  'jails.remove': (p) => fields(p, { name: isName }),
  'jails.exec': (p) => fields(p, { name: isName, argv: isArgv }),
  'drill.start': (p) => fields(p, { kind: isDrillKind, target: isDrillTarget, seconds: isDrillSeconds }),
  'drill.restore': (p) => fields(p, { id: isDrillId }),
  'drill.list': noParams,
  'capture.start': captureStartParams,
  'capture.stop': (p) => fields(p, { id: isCaptureId }),
};

const isCaptureId: FieldCheck = (v) => (typeof v === 'string' && /^[a-z0-9-]{1,64}$/.test(v) ? null : "must be a capture's id (from capture.start)");

/** `capture.start`: a target; optionally a filter and a count. The engine checks the target and the filter's syntax. */
function captureStartParams(p: Record<string, unknown>): string | null {
  const extra = Object.keys(p).filter((k) => !['target', 'filter', 'count'].includes(k));
  if (extra.length > 0) return `unknown param ${JSON.stringify(extra[0])} (expected target, filter, count)`;
  if (typeof p.target !== 'string' || p.target.length === 0 || p.target.length > 300) return '"target" must be IF, JAIL/IF or NODE:HOOK';
  if (p.filter !== undefined && (typeof p.filter !== 'string' || p.filter.length > 1000)) return '"filter" must be a filter expression of at most 1000 characters';
  if (p.count !== undefined && !(typeof p.count === 'number' && Number.isSafeInteger(p.count) && p.count >= 1)) return '"count" must be a whole number of at least 1';
  return null;
}

const isDrillKind: FieldCheck = (v) => (v === 'cut' || v === 'down' ? null : 'must be "cut" (a link) or "down" (an interface)');
// The engine checks the target against the host and names what is wrong; here only its type and length.
const isDrillTarget: FieldCheck = (v) => (typeof v === 'string' && v.length > 0 && v.length <= 300 ? null : 'must be NODE:HOOK (cut) or IF / JAIL/IF (down)');
const isDrillSeconds: FieldCheck = (v) => {
  const r = typeof v === 'number' ? checkSeconds(v) : null;
  return r?.ok ? null : 'must be a whole number of seconds from 1 to 86400 (24 h)';
};
const isDrillId: FieldCheck = (v) => (typeof v === 'string' && /^[a-z0-9-]{1,64}$/.test(v) ? null : "must be a drill's id (from drill.start or drill.list)");

/** `export`: a format, and either a design or `live: true`. */
function exportParams(p: Record<string, unknown>): string | null {
  const extra = Object.keys(p).filter((k) => !['design', 'live', 'format'].includes(k));
  if (extra.length > 0) return `unknown param ${JSON.stringify(extra[0])} (expected design or live, and format)`;
  if (!isExportFormat(p.format)) return `"format" must be one of ${EXPORT_FORMATS.join(', ')}`;
  if (p.live !== undefined && typeof p.live !== 'boolean') return '"live" must be true or false';
  if ((p.live === true) === (p.design !== undefined)) return 'give either "design" or "live": true';
  return p.design === undefined ? null : fieldWhy('design', isObject(p.design));
}

/** Longest text an import accepts (a big `ngctl list -l` is well under 1 MB). */
export const MAX_IMPORT_TEXT = 4 * 1024 * 1024;

/** `import`: the text, and optionally its format. */
function importParams(p: Record<string, unknown>): string | null {
  const extra = Object.keys(p).filter((k) => k !== 'text' && k !== 'format');
  if (extra.length > 0) return `unknown param ${JSON.stringify(extra[0])} (expected text, format)`;
  if (typeof p.text !== 'string') return 'missing param "text" (a string)';
  if (p.text.length > MAX_IMPORT_TEXT) return `"text" is longer than ${MAX_IMPORT_TEXT} characters`;
  if (p.format !== undefined && !isImportFormat(p.format)) return `"format" must be one of ${IMPORT_FORMATS.join(', ')}`;
  return null;
}

/** `jails.create`: a definition object (checked in full by the engine) and an optional `start`. */
function jailCreateParams(p: Record<string, unknown>): string | null {
  const extra = Object.keys(p).filter((k) => k !== 'def' && k !== 'start');
  if (extra.length > 0) return `unknown param ${JSON.stringify(extra[0])} (expected def, start)`;
  if (!('def' in p)) return 'missing param "def"';
  if (typeof p.def !== 'object' || p.def === null || Array.isArray(p.def)) return '"def" must be a JSON object (a jail definition)';
  if (p.start !== undefined && typeof p.start !== 'boolean') return '"start" must be true or false';
  return null;
}

function recoveryActParams(p: Record<string, unknown>): string | null {
  const extra = Object.keys(p).filter((k) => k !== 'action' && k !== 'id');
  if (extra.length > 0) return `unknown param ${JSON.stringify(extra[0])} (expected action, id)`;
  if (p.action !== 'finish' && p.action !== 'undo') return '"action" must be "finish" or "undo"';
  if (p.id !== undefined && !(typeof p.id === 'string' && /^[A-Za-z0-9._-]{1,128}$/.test(p.id))) return '"id" must be an interrupted apply\'s id';
  return null;
}

/** Most words and longest word a `jails.exec` argv may have. */
export const MAX_EXEC_ARGS = 256;
export const MAX_EXEC_ARG_LENGTH = 4096;

const fieldWhy = (k: string, why: string | null): string | null => (why === null ? null : `"${k}" ${why}`);

/** A field check: null when fine, else what the value must be. */
type FieldCheck = (v: unknown) => string | null;

const isObject: FieldCheck = (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? null : 'must be a JSON object (a design document)');
const isVersion: FieldCheck = (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? null : 'must be a snapshot version (a non-negative integer)');
// The store checks the name's charset and says why; here only the type and a sane length.
const isArgv: FieldCheck = (v) => {
  if (!Array.isArray(v) || v.length === 0) return 'must be a non-empty array of strings (the command and its arguments)';
  if (v.length > MAX_EXEC_ARGS) return `has more than ${MAX_EXEC_ARGS} words`;
  const k = v.findIndex((w, i) => typeof w !== 'string' || w.length > MAX_EXEC_ARG_LENGTH || /[\0\r\n]/.test(w) || (i === 0 && w === ''));
  return k < 0 ? null : `word ${k} must be a string of at most ${MAX_EXEC_ARG_LENGTH} characters without NUL or line breaks (the first not empty)`;
};
const isBoolean: FieldCheck = (v) => (typeof v === 'boolean' ? null : 'must be true or false');
const isName: FieldCheck = (v) => (typeof v === 'string' && v.length > 0 && v.length <= 255 ? null : 'must be a design name (a string of 1..255 characters)');

/** Exactly the given fields, each passing its check. */
function fields(p: Record<string, unknown>, checks: Record<string, FieldCheck>): string | null {
  const extra = Object.keys(p).filter((k) => !(k in checks));
  if (extra.length > 0) return `unknown param ${JSON.stringify(extra[0])} (expected ${Object.keys(checks).join(', ')})`;
  for (const [k, check] of Object.entries(checks)) {
    if (!(k in p)) return `missing param "${k}"`;
    const why = check(p[k]);
    if (why !== null) return `"${k}" ${why}`;
  }
  return null;
}

function noParams(p: Record<string, unknown>): string | null {
  const extra = Object.keys(p);
  return extra.length === 0 ? null : `takes no params (got ${extra.slice(0, 3).map((k) => JSON.stringify(k)).join(', ')})`;
}

export type RequestCheck =
  | { ok: true; frame: RequestFrame }
  | { ok: false; frame: ErrorFrame };

/** The error frame answering a bad request. */
export function errorFrame(id: number | string | null, code: ErrorCode, message: string, details?: unknown): ErrorFrame {
  const error: WireError = details === undefined ? { code, message } : { code, message, details };
  return { type: 'error', id, error };
}

/** True for ids the agent echoes: safe integers, or short strings. */
export function isValidId(id: unknown): id is number | string {
  if (typeof id === 'number') return Number.isSafeInteger(id);
  return typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH;
}

/** Peer ids as this agent names its peers: `peer1`, `peer2` … */
export function isPeerId(v: unknown): v is string {
  return typeof v === 'string' && /^peer[1-9][0-9]{0,3}$/.test(v);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isMethodName(m: string): m is MethodName {
  return Object.prototype.hasOwnProperty.call(PARAMS_CHECKS, m);
}

/** A short printable form of a bad value for error messages. */
function show(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v) ?? typeof v);
  } catch {
    s = typeof v;
  }
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** Checks an already-parsed value as a request frame. */
export function checkRequest(v: unknown): RequestCheck {
  if (!isPlainObject(v)) return fail(null, 'bad-frame', `a request must be a JSON object, got ${Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v}`);
  if (!('id' in v)) return fail(null, 'bad-frame', 'request has no "id"');
  if (!isValidId(v.id)) {
    return fail(null, 'bad-frame', `bad request id ${show(v.id)}: must be a safe integer or a string of 1..${MAX_ID_LENGTH} characters`);
  }
  const id = v.id;
  const extra = Object.keys(v).find((k) => !['id', 'method', 'params', 'peer'].includes(k));
  if (extra !== undefined) return fail(id, 'bad-frame', `request has an unknown field ${show(extra)} (expected id, method, params, peer)`);
  if (v.peer !== undefined && !isPeerId(v.peer)) return fail(id, 'bad-frame', `bad peer ${show(v.peer)}: must be a peer id such as "peer1"`);
  if (typeof v.method !== 'string') return fail(id, 'bad-frame', 'request has no string "method"');
  if (!isMethodName(v.method)) return fail(id, 'unknown-method', `unknown method ${show(v.method)}`);
  const params = v.params === undefined ? {} : v.params;
  if (!isPlainObject(params)) return fail(id, 'bad-params', `${v.method}: params must be an object`);
  const problem = PARAMS_CHECKS[v.method](params);
  if (problem !== null) return fail(id, 'bad-params', `${v.method}: ${problem}`);
  const frame = { id, method: v.method, params } as RequestFrame;
  if (typeof v.peer === 'string') frame.peer = v.peer;
  return { ok: true, frame };
}

/** Parses and checks one text frame (the whole inbound pipeline before dispatch). */
export function parseRequest(text: string): RequestCheck {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return fail(null, 'bad-frame', 'frame is not valid JSON');
  }
  return checkRequest(v);
}

function fail(id: number | string | null, code: ErrorCode, message: string): RequestCheck {
  return { ok: false, frame: errorFrame(id, code, message) };
}

// Agent → client: the patch of a `patch` frame, checked before a client applies it.

const PATCH_SECTIONS = ['host', 'modules', 'types', 'nodes', 'interfaces', 'jails', 'nodeHooks', 'counters', 'tables'];
const COUNTER_FIELD_SET = new Set<string>(COUNTER_FIELDS);

const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v);

/** The first problem of one counter change (`{ set: Counters | null }` or per-field deltas), or null. */
function counterChangeProblem(c: unknown): string | null {
  if (!isPlainObject(c)) return 'is not an object';
  let fields: Record<string, unknown> = c;
  if ('set' in c) {
    if (Object.keys(c).length !== 1) return 'mixes "set" with deltas';
    const set = c.set;
    if (set === null) return null;
    if (!isPlainObject(set)) return '"set" is neither counters nor null';
    const missing = REQUIRED_COUNTER_FIELDS.find((f) => !isCount(set[f]));
    if (missing) return `"set" has no count ${missing}`;
    fields = set;
  }
  const bad = Object.entries(fields).find(([k, v]) => !COUNTER_FIELD_SET.has(k) || !isCount(v));
  return bad ? `has a bad field ${JSON.stringify(bad[0])}` : null;
}

/** The first problem of a `{ key: change }` record, or null. */
function recordProblem(what: string, r: unknown, entry: (v: unknown) => string | null): string | null {
  if (!isPlainObject(r)) return `${what} is not an object`;
  for (const [k, v] of Object.entries(r)) {
    const why = entry(v);
    if (why !== null) return `${what}[${JSON.stringify(k).slice(0, 40)}] ${why}`;
  }
  return null;
}

function tableProblem(t: unknown): string | null {
  if (t === null) return null;
  if (!Array.isArray(t)) return 'is neither a table nor null';
  const i = t.findIndex((h) => !isPlainObject(h) || typeof h.mac !== 'string' || typeof h.hook !== 'string' || !isCount(h.age) || !isCount(h.staleness));
  return i < 0 ? null : `has a bad host at ${i}`;
}

/** The first problem of one node's hook changes (`{ order: names, upsert: hooks }`), or null. */
function hookChangesProblem(c: unknown): string | null {
  if (!isPlainObject(c) || !Array.isArray(c.order) || !Array.isArray(c.upsert)) return 'must be { order: [], upsert: [] }';
  if (!c.order.every((h) => typeof h === 'string')) return 'has an order holding a non-name';
  return c.upsert.every((h) => isPlainObject(h) && typeof h.hook === 'string') ? null : 'has an upsert holding a non-hook';
}

function keyedProblem(what: string, v: unknown): string | null {
  if (!isPlainObject(v) || !Array.isArray(v.upsert) || !Array.isArray(v.remove)) return `${what} must be { upsert: [], remove: [] }`;
  if (!v.upsert.every(isPlainObject)) return `${what}.upsert holds a non-object`;
  return v.remove.every((k) => typeof k === 'string') ? null : `${what}.remove holds a non-string`;
}

/**
 * The first problem of a snapshot patch received from the agent, or null: deep
 * enough that applying it cannot crash a client (it may still not follow on
 * from the client's snapshot; applyPatch says so, and the client resyncs).
 */
export function patchProblem(p: unknown): string | null {
  if (!isPlainObject(p)) return 'patch is not an object';
  const extra = Object.keys(p).find((k) => !PATCH_SECTIONS.includes(k));
  if (extra !== undefined) return `patch has an unknown section ${JSON.stringify(extra).slice(0, 40)}`;
  if (p.host !== undefined && !isPlainObject(p.host)) return 'patch.host is not an object';
  if (p.modules !== undefined && !(Array.isArray(p.modules) && p.modules.every((m) => typeof m === 'string'))) return 'patch.modules is not a list of names';
  if (p.types !== undefined && !(Array.isArray(p.types) && p.types.every(isPlainObject))) return 'patch.types is not a list of types';
  for (const k of ['nodes', 'interfaces', 'jails'] as const) {
    const why = p[k] === undefined ? null : keyedProblem(`patch.${k}`, p[k]);
    if (why !== null) return why;
  }
  if (p.nodeHooks !== undefined) {
    const why = recordProblem('patch.nodeHooks', p.nodeHooks, hookChangesProblem);
    if (why !== null) return why;
  }
  if (p.counters !== undefined) {
    if (!isPlainObject(p.counters)) return 'patch.counters is not an object';
    const unknown = Object.keys(p.counters).find((k) => k !== 'interfaces' && k !== 'hooks');
    if (unknown !== undefined) return `patch.counters has an unknown section ${JSON.stringify(unknown).slice(0, 40)}`;
    for (const k of ['interfaces', 'hooks'] as const) {
      const why = p.counters[k] === undefined ? null : recordProblem(`patch.counters.${k}`, p.counters[k], counterChangeProblem);
      if (why !== null) return why;
    }
  }
  return p.tables === undefined ? null : recordProblem('patch.tables', p.tables, tableProblem);
}
