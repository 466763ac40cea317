// jail.conf(5) tokenizer, following FreeBSD's usr.sbin/jail/jaillex.l rule by rule
// (longest match, `instr` gluing of adjacent pieces, text2lval escapes), so that
// what jail(8) accepts or rejects is accepted or rejected here too.
import { braceEnd, hasDollar, quoteEnd, unescape, unescapeAll } from './scan.js';

/** A piece of a value: literal text, or a `$var` / `${var}` reference to expand later. */
export type Piece = { lit: string } | { var: string };

/**
 * A run of glued pieces (no blank, comment or punctuation between them), e.g.
 * `"/var/jail/"$name` or `"a$b"`. `ntok` counts the lexer tokens that made it:
 * jaillex.l returns STR/VAR for the first and STR1/VAR1 for the rest, and the
 * grammar only accepts a one-token word as a parameter or jail name.
 */
export interface Word {
  k: 'word';
  pieces: Piece[];
  ntok: number;
  /** The first token was a variable (`$x`): as a parameter name this defines a variable. */
  firstVar: boolean;
  line: number;
}

/** Punctuation jaillex.l returns as tokens, a stray character, or the end of input. */
export type Token =
  | Word
  | { k: ',' | ';' | '=' | '{' | '}' | '+='; line: number }
  | { k: 'bad'; ch: string; line: number }
  | { k: 'eof'; line: number };

/** A lexical error (unterminated string/comment/variable, NUL byte) at a line. */
export interface LexError {
  line: number;
  message: string;
}

/** Characters of an unquoted token (jaillex.l's atomic-string class; note: no `*`, `$`, `+`, `/`, `\`). */
const BARE = /[A-Za-z0-9_!%&()\-.:<>?@[\]^`|~]/;
/** Characters that form a one-character token of their own (glued to neighbours like any piece). */
const SINGLE = '$*+/\\';
const IDENT_START = /[A-Za-z_]/;
const IDENT = /[A-Za-z_0-9]/;

/** Tokenizes jail.conf text; never throws. Errors are collected, and lexing goes on after them as flex does. */
export function lexJailConf(text: string): { tokens: Token[]; errors: LexError[] } {
  return new Lexer(text).run();
}

class Lexer {
  readonly tokens: Token[] = [];
  readonly errors: LexError[] = [];
  i = 0;
  line = 1;
  /** The word being glued (jaillex.l's `instr`), or null after blanks/comments/punctuation. */
  word: Word | null = null;

  constructor(readonly s: string) {}

  run(): { tokens: Token[]; errors: LexError[] } {
    while (this.i < this.s.length) this.step();
    this.tokens.push({ k: 'eof', line: this.line });
    return { tokens: this.tokens, errors: this.errors };
  }

  /** Consumes one lexer match at `i`. */
  step(): void {
    const { s, i } = this;
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') return this.blank(1);
    if (c === '#' || (c === '/' && s[i + 1] === '/')) return this.blank(this.lineEnd(i) - i);
    if (c === '/' && s[i + 1] === '*') return this.comment();
    if (c === '+' && s[i + 1] === '=') return this.punct('+=', 2);
    if (c === ',' || c === ';' || c === '=' || c === '{' || c === '}') return this.punct(c, 1);
    if (BARE.test(c)) return this.bare();
    if (c === '\\') return this.escapeToken();
    if (c === '$') return this.dollar(false, null);
    if (SINGLE.includes(c)) return this.lit(c, 1);
    if (c === "'") return this.single();
    if (c === '"') return this.double();
    this.word = null;
    this.tokens.push({ k: 'bad', ch: c, line: this.line });
    this.advance(c.length);
  }

  lineEnd(from: number): number {
    const n = this.s.indexOf('\n', from);
    return n < 0 ? this.s.length : n;
  }

  /** Moves `i` forward, counting newlines for line numbers. */
  advance(n: number): void {
    for (let k = 0; k < n; k++) if (this.s[this.i + k] === '\n') this.line++;
    this.i += n;
  }

  blank(n: number): void {
    this.word = null;
    this.advance(n);
  }

  comment(): void {
    const end = this.s.indexOf('*/', this.i + 2);
    if (end < 0) {
      this.errors.push({ line: this.line, message: "unterminated comment: '/*' without '*/'" });
      return this.blank(this.s.length - this.i);
    }
    this.blank(end + 2 - this.i);
  }

  punct(k: ',' | ';' | '=' | '{' | '}' | '+=', n: number): void {
    this.word = null;
    this.tokens.push({ k, line: this.line });
    this.advance(n);
  }

  /** Adds a piece to the current word, starting a new word if the previous piece was not adjacent. */
  piece(p: Piece, line: number): void {
    if (!this.word) {
      this.word = { k: 'word', pieces: [], ntok: 0, firstVar: 'var' in p, line };
      this.tokens.push(this.word);
    }
    const last = this.word.pieces[this.word.pieces.length - 1];
    if ('lit' in p && last && 'lit' in last) last.lit += p.lit;
    else this.word.pieces.push(p);
    this.word.ntok++;
  }

  lit(text: string, n: number): void {
    this.piece({ lit: text }, this.line);
    this.advance(n);
  }

  bare(): void {
    let j = this.i;
    while (j < this.s.length && BARE.test(this.s[j]!)) j++;
    this.lit(this.s.slice(this.i, j), j - this.i);
  }

  /** An unquoted backslash escape (`\;`, `\n`, `\101`, `\x41`, backslash-newline) is a token of its own. */
  escapeToken(): void {
    if (this.i + 1 >= this.s.length) {
      this.errors.push({ line: this.line, message: 'backslash at the end of the input' });
      return this.blank(1);
    }
    const e = unescape(this.s, this.i + 1, this.s.length);
    const line = this.line;
    if (e.text.includes('\0')) this.nul(line);
    this.advance(e.end - this.i);
    this.piece({ lit: e.text }, line);
  }

  nul(line: number): void {
    this.errors.push({ line, message: 'a \\0 or \\x escape without digits makes a NUL character, where jail(8) would cut the string' });
  }

  /**
   * `$name` or `${name}` → a variable piece; a `$` not starting one is a literal `$`.
   * `quoteEnd` is the closing quote's index when inside a double-quoted string
   * (jaillex.l's DQ state: a braced name may not contain `"` there).
   */
  dollar(inDq: boolean, quoteEnd: number | null): void {
    const { s, i } = this;
    const line = this.line;
    if (IDENT_START.test(s[i + 1] ?? '')) {
      let j = i + 2;
      while (j < s.length && IDENT.test(s[j]!)) j++;
      this.piece({ var: s.slice(i + 1, j) }, line);
      return this.advance(j - i);
    }
    if (s[i + 1] !== '{') return this.lit('$', 1);
    const close = braceEnd(s, i + 2, inDq ? (quoteEnd ?? s.length) : s.length, inDq);
    if (close < 0) {
      this.errors.push({ line, message: `unterminated variable: '\${' without '}'` });
      // Skip the rest of the line (or the quoted string) so one error is reported once.
      return this.blank((inDq && quoteEnd !== null ? quoteEnd + 1 : this.lineEnd(i)) - i);
    }
    const name = unescapeAll(s, i + 2, close);
    if (name.includes('\0')) this.nul(line);
    this.piece({ var: name }, line);
    this.advance(close + 1 - i);
  }

  single(): void {
    const line = this.line;
    const end = quoteEnd(this.s, this.i + 1, "'");
    if (end < 0) return this.unterminated(line);
    const text = unescapeAll(this.s, this.i + 1, end);
    if (text.includes('\0')) this.nul(line);
    this.advance(end + 1 - this.i);
    this.piece({ lit: text }, line);
  }

  /** A double-quoted string: escapes processed, `$var`/`${var}` split out as variable pieces. */
  double(): void {
    const line = this.line;
    const end = quoteEnd(this.s, this.i + 1, '"');
    if (end < 0) return this.unterminated(line);
    // jaillex.l returns the text before the first unescaped `$` as a STR (even when
    // empty), so "$x" is never a one-token word and never defines a variable.
    const before = this.word?.ntok ?? 0;
    this.piece({ lit: '' }, line);
    const word = this.word!;
    const open = this.i;
    this.advance(1);
    while (this.i < end) {
      if (this.s[this.i] === '$') {
        this.dollar(true, end);
        if (this.word === null) return; // an unterminated ${ skipped the string
        continue;
      }
      const at = this.i;
      let j = at;
      let text = '';
      while (j < end && this.s[j] !== '$') {
        if (this.s[j] === '\\') {
          const e = unescape(this.s, j + 1, end);
          text += e.text;
          j = e.end;
        } else text += this.s[j++];
      }
      if (text.includes('\0')) this.nul(this.line);
      this.piece({ lit: text }, this.line);
      this.advance(j - at);
    }
    // Only "one token or more" matters to the grammar: a `$` anywhere splits the string.
    word.ntok = before + (hasDollar(this.s, open + 1, end) ? 2 : 1);
    this.advance(1);
  }

  unterminated(line: number): void {
    this.errors.push({ line, message: 'unterminated string: missing closing quote' });
    this.blank(this.lineEnd(this.i) - this.i);
  }
}
