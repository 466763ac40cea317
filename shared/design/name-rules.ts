// The FreeBSD naming rules as the design and the planner use them: a thin
// layer over shared/model/names.ts (the one place the rules live), adding the
// design-only forms (`[id]` keys of unnamed live nodes).
import * as names from '../model/names.js';

/** A design node key: a valid node name, or `[hex]` for an unnamed live node. */
export function checkNodeKey(key: string): string | null {
  if (isIdKey(key)) return null;
  return names.validateNodeName(key);
}

/** `[2a]`: the key of an unnamed live node. */
export function isIdKey(key: string): boolean {
  return /^\[[0-9a-f]+\]$/.test(key);
}

export const checkNodeType = (s: string): string | null => names.validateTypeName(s);
export const checkHook = (s: string): string | null => names.validateHookName(s);
export const checkIfName = (s: string): string | null => names.validateIfName(s);
export const checkJailName = (s: string): string | null => names.validateJailName(s);
/** A MAC an interface can carry: well-formed and unicast (the group bit clear). */
export function checkMac(s: string): string | null {
  const bad = names.validateMac(s);
  if (bad !== null) return bad;
  return names.isUnicastMac(s) ? null : `'${s}' is a multicast MAC address; an interface needs a unicast one`;
}

/** A free-form command argument (path, hostname, parameter value): no NUL, no newline. */
export function checkArg(s: string): string | null {
  return names.isSafeArg(s) ? null : 'must not contain NUL or line breaks';
}
