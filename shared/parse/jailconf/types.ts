// Types shared by the jail.conf parser stages: the raw statements the grammar
// produces, and the resolved result callers get.
import type { Piece } from './lex.js';

/** Where a statement came from: its line, its file (null = the text given to the parser), and the line in that text that led there. */
export interface Where {
  line: number;
  file: string | null;
  /** Line in the top text: the line itself, or the `.include` line that pulled the file in. */
  top: number;
}

/** A parameter or variable statement as written (`name`, `name = a, b`, `name += a`, `$var = x`). */
export interface RawParam {
  /** Without the `$` for variables. */
  name: string;
  isVar: boolean;
  append: boolean;
  /** One entry per comma-separated value; each a run of literal and variable pieces. */
  values: Piece[][];
  at: Where;
}

/** A `name { … }` block, or the `*` pseudo-jail holding top-level parameters. */
export interface RawJail {
  name: string;
  params: RawParam[];
  at: Where;
}

/** One resolved parameter of a jail: its values (one for a scalar, several for a list) or, for a valueless boolean, `bool`. */
export interface JailConfParam {
  name: string;
  values: string[];
  /** Set for the valueless forms: `persist;` → true, `nopersist;` → false (name normalised to `persist`). */
  bool?: boolean;
}

/** A jail with its final parameters: implicit `name` first, wildcards and top-level applied, variables expanded. */
export interface JailConfJail {
  name: string;
  params: JailConfParam[];
  /** Line of the `name {` in its file. */
  line: number;
  /** Set when the jail came from an `.include`d file. */
  file?: string;
}

/** The parsed configuration: the real (non-wildcard) jails in file order. */
export interface JailConf {
  jails: JailConfJail[];
}

/** Reads the files an `.include` pattern names (a glob, as glob(3) expands it), in order. May throw with a reason. */
export type IncludeResolver = (pattern: string) => { path: string; text: string }[];

/** Options for parseJailConf. */
export interface JailConfOptions {
  /** Follows `.include` directives; without it they are skipped with a warning. */
  include?: IncludeResolver;
  /** Name of the top file in messages about included files (default: none). */
  file?: string;
}
