// jail.conf(5) grammar (usr.sbin/jail/jailparse.y): jail blocks, parameter and variable
// statements, top-level parameters gathered into `*` pseudo-jails, and `.include`.
// Produces raw statements; merging and variable expansion happen in resolve.ts.
import { lexJailConf } from './lex.js';
import type { Piece, Token, Word } from './lex.js';
import type { IncludeResolver, RawJail, RawParam, Where } from './types.js';

/** How deep `.include`s may nest before we call it a runaway (cycles are caught separately). */
const MAX_INCLUDE_DEPTH = 16;

/** State shared by the top file and every file it includes (they feed one list of jails, as in jail(8)). */
export interface SyntaxContext {
  jails: RawJail[];
  include: IncludeResolver | undefined;
  /** Paths of the files being read, outermost first, for cycle detection. */
  stack: string[];
  error(at: Where, message: string): void;
  warn(at: Where, message: string): void;
}

/** Parses one file's text into ctx.jails; `file` is null for the top text, `top` the top-text line it came from. */
export function parseSyntax(text: string, file: string | null, top: number | null, ctx: SyntaxContext): void {
  const { tokens, errors } = lexJailConf(text);
  const where = (line: number): Where => ({ line, file, top: top ?? line });
  for (const e of errors) ctx.error(where(e.line), e.message);
  new Grammar(tokens, where, ctx).conf();
}

/** Text of a word with variables shown as written, for messages. */
function show(w: Word): string {
  return w.pieces.map((p) => ('lit' in p ? p.lit : `\${${p.var}}`)).join('');
}

function describe(t: Token): string {
  if (t.k === 'word') return `"${show(t).slice(0, 40)}"`;
  if (t.k === 'eof') return 'the end of the file';
  if (t.k === 'bad') {
    const code = t.ch.codePointAt(0) ?? 0;
    return code < 0x20 || code === 0x7f ? `a control character (0x${code.toString(16).padStart(2, '0')})` : `'${t.ch}'`;
  }
  return `'${t.k}'`;
}

class Grammar {
  pos = 0;

  constructor(
    readonly toks: Token[],
    readonly where: (line: number) => Where,
    readonly ctx: SyntaxContext,
  ) {}

  get tok(): Token {
    return this.toks[this.pos]!;
  }

  /** The current token, unnarrowed (TypeScript keeps `tok` narrowed across next()). */
  peek(): Token {
    return this.toks[this.pos]!;
  }

  next(): Token {
    const t = this.tok;
    if (t.k !== 'eof') this.pos++;
    return t;
  }

  error(line: number, message: string): void {
    this.ctx.error(this.where(line), message);
  }

  /** Error recovery (jailparse.y's `error` rule): skip to just after the next `;`, or to a `}` when inside a block. */
  recover(inBlock: boolean): void {
    for (;;) {
      const k = this.tok.k;
      if (k === 'eof' || (inBlock && k === '}')) return;
      this.next();
      if (k === ';') return;
    }
  }

  /** conf: a series of jail blocks, `param ;` statements (wildcard parameters) and stray `;`. */
  conf(): void {
    while (this.tok.k !== 'eof') {
      const t = this.tok;
      if (t.k === ';') this.next();
      else if (t.k === 'word' && this.toks[this.pos + 1]?.k === '{') this.block(t);
      else if (t.k === 'word') this.topParam();
      else {
        this.error(t.line, t.k === '}' ? "unexpected '}' outside a jail block" : `unexpected ${describe(t)}; expected a jail name or a parameter`);
        this.next();
        if (t.k !== '}') this.recover(false);
      }
    }
  }

  topParam(): void {
    const p = this.param(false);
    if (!p) return;
    if (!p.param.isVar && p.param.name === '.include') return this.include(p.param, p.form);
    let j = this.ctx.jails[this.ctx.jails.length - 1];
    if (!j || j.name !== '*') {
      j = { name: '*', params: [], at: p.param.at };
      this.ctx.jails.push(j);
    }
    j.params.push(p.param);
  }

  /** jail: STR '{' param_l '}' — the name must be one plain token (a quoted "foo.*" is, an unquoted foo.* is not). */
  block(w: Word): void {
    this.next();
    const open = this.next();
    if (w.ntok !== 1 || w.firstVar) {
      const hint = w.firstVar ? 'a variable cannot name a jail' : `quote it: "${show(w)}"`;
      this.error(w.line, `jail name ${describe(w)} must be a single token; ${hint}`);
    }
    const name = w.pieces.map((p) => ('lit' in p ? p.lit : '')).join('');
    const jail: RawJail = { name, params: [], at: this.where(w.line) };
    for (;;) {
      const t = this.tok;
      if (t.k === '}') { this.next(); break; }
      if (t.k === ';') { this.next(); continue; }
      if (t.k === 'eof') {
        this.error(t.line, `missing '}' to close jail "${name}" opened at line ${open.line}`);
        break;
      }
      if (t.k === 'word' && this.toks[this.pos + 1]?.k === '{') {
        this.error(t.line, `jail blocks cannot be nested: is a '}' missing before ${describe(t)}?`);
        this.next();
        this.recover(true);
        continue;
      }
      if (t.k !== 'word') {
        this.error(t.line, `unexpected ${describe(t)} in jail "${name}"; expected a parameter`);
        this.next();
        this.recover(true);
        continue;
      }
      const p = this.param(true);
      if (!p) continue;
      if (!p.param.isVar && p.param.name === '.include') this.error(p.param.at.line, "'.include' is only allowed outside jail blocks");
      else jail.params.push(p.param);
    }
    if (w.ntok === 1 && !w.firstVar) this.ctx.jails.push(jail);
  }

  /**
   * param: name | name '=' value | name '+=' value | name value, then ';'.
   * Returns null (after recovering) on a syntax error. `form` tells `.include` handling which was used.
   */
  param(inBlock: boolean): { param: RawParam; form: 'bare' | '=' | '+=' | 'nameval' } | null {
    const w = this.next() as Word;
    if (w.ntok !== 1) {
      this.error(w.line, `parameter name ${describe(w)} must be a single token`);
      this.recover(inBlock);
      return null;
    }
    const piece = w.pieces.find((p) => 'var' in p || p.lit !== '') ?? w.pieces[0]!;
    const name = 'var' in piece ? piece.var : piece.lit;
    const label = w.firstVar ? `$${name}` : name;
    const param: RawParam = { name, isVar: w.firstVar, append: false, values: [], at: this.where(w.line) };
    let form: 'bare' | '=' | '+=' | 'nameval' = 'bare';
    const t = this.tok;
    if (t.k === '=' || t.k === '+=') {
      this.next();
      form = t.k;
      param.append = t.k === '+=';
      if (this.tok.k !== 'word') return this.fail(`expected a value after '${t.k}' for "${label}", got ${describe(this.tok)}`, inBlock);
    } else if (t.k === 'word') form = 'nameval';
    else if (t.k !== ';') return this.fail(`expected '=', '+=', a value or ';' after "${label}", got ${describe(t)}`, inBlock);
    if (form !== 'bare') {
      const values = this.value(label, inBlock);
      if (!values) return null;
      param.values = values;
    }
    if (this.tok.k !== ';') {
      const what = form === 'bare' ? `"${label}"` : `value of "${label}"`;
      return this.fail(`expected ';' after ${what}, got ${describe(this.tok)}`, inBlock);
    }
    this.next();
    return { param, form };
  }

  /** value: string { ',' string }. */
  value(label: string, inBlock: boolean): Piece[][] | null {
    const values: Piece[][] = [(this.next() as Word).pieces];
    while (this.tok.k === ',') {
      this.next();
      if (this.peek().k !== 'word') return this.fail(`expected a value after ',' in "${label}", got ${describe(this.tok)}`, inBlock);
      values.push((this.next() as Word).pieces);
    }
    return values;
  }

  fail(message: string, inBlock: boolean): null {
    this.error(this.tok.line, message);
    this.recover(inBlock);
    return null;
  }

  /** `.include "pattern";` (FreeBSD 14.0+): each file the pattern matches is parsed in place. */
  include(p: RawParam, form: string): void {
    if (form !== 'nameval') {
      this.ctx.error(p.at, `'.include' takes a file name without '=' or '+=': .include "file";`);
      return;
    }
    for (const v of p.values) {
      if (v.some((x) => 'var' in x)) {
        this.ctx.error(p.at, "variables are not allowed in an '.include' file name");
        continue;
      }
      includeFiles(v.map((x) => ('lit' in x ? x.lit : '')).join(''), p.at, this.ctx);
    }
  }
}

/**
 * Reads the files of one `.include` pattern through the resolver. As glob(3) with
 * GLOB_NOMAGIC (UNCONFIRMED, read from the man page's `jail[.]conf` idiom): a pattern
 * with wildcards that matches nothing is skipped, a plain path that is missing is an error.
 */
function includeFiles(pattern: string, at: Where, ctx: SyntaxContext): void {
  if (!ctx.include) {
    ctx.warn(at, `.include "${pattern}" not followed: no file reader was given`);
    return;
  }
  let files: unknown;
  try {
    files = ctx.include(pattern);
  } catch (e) {
    ctx.error(at, `.include "${pattern}": ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  if (!Array.isArray(files) || files.some((f) => typeof f?.path !== 'string' || typeof f?.text !== 'string')) {
    ctx.error(at, `.include "${pattern}": the file reader returned something other than [{ path, text }]`);
    return;
  }
  if (files.length === 0 && !/[*?[]/.test(pattern)) ctx.error(at, `.include "${pattern}": no such file`);
  for (const f of files as { path: string; text: string }[]) {
    if (ctx.stack.includes(f.path)) {
      ctx.error(at, `include cycle: ${[...ctx.stack, f.path].join(' -> ')}`);
      continue;
    }
    if (ctx.stack.length > MAX_INCLUDE_DEPTH) {
      ctx.error(at, `.include "${f.path}": includes nested more than ${MAX_INCLUDE_DEPTH} deep`);
      continue;
    }
    ctx.stack.push(f.path);
    parseSyntax(f.text, f.path, at.top, ctx);
    ctx.stack.pop();
  }
}
