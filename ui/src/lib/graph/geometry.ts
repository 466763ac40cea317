// Sizes the stylesheet draws and the layouts place by (pure constants): one
// place, so a node's drawn size and the room the layouts leave for it agree.

/** A node as drawn (styles.ts): width and height in model pixels. */
export const NODE = { w: 132, h: 44 } as const;

/** A jail box's padding around its members (styles.ts `padding`). */
export const JAIL_PADDING = 18;

/** Room above a jail box for its name (drawn outside the box, on top). */
export const JAIL_LABEL = 20;

/** Font sizes of node names and of hook names on links, in model pixels. */
export const FONT = { node: 13, jail: 13, hook: 12 } as const;

/** The smallest a node name may be drawn, in CSS pixels, for someone to read it without zooming. */
export const READABLE_PX = 11;

/** The zoom at which node names are drawn READABLE_PX high: the first fit never zooms out further. */
// A hair over, so rounding never draws a name at 10.999 pixels.
export const READABLE_ZOOM = (READABLE_PX + 0.02) / FONT.node;

/**
 * Hook names are drawn only from this many CSS pixels up (Cytoscape's
 * `min-zoomed-font-size`): smaller, they are noise over the links.
 */
export const HOOK_MIN_PX = 10;
