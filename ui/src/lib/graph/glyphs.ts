// A small glyph per kind of node (pure data): SVG line drawings on a 24-unit
// grid, turned into data URIs the stylesheet puts at the left of each node,
// and the legend shows beside the kind's name. Drawn in one colour, so the
// same drawing serves the light and the dark palette.

/** SVG body (paths and shapes, no <svg> wrapper) per glyph name. */
const DRAWINGS: Record<string, string> = {
  // A bus with three drops: one Ethernet segment, many ports.
  bridge: '<path d="M3 7h18M6 7v10M12 7v10M18 7v10"/><circle cx="6" cy="18" r="1.5"/><circle cx="12" cy="18" r="1.5"/><circle cx="18" cy="18" r="1.5"/>',
  // Two buses: the kernel's if_bridge joining interfaces.
  ifbridge: '<path d="M3 6h18M3 11h18M7 11v8M17 11v8"/>',
  // A network card: board with contacts.
  eiface: '<rect x="4" y="5" width="16" height="11" rx="2"/><path d="M8 16v4M12 16v4M16 16v4"/>',
  // An arrow up out of the host: the uplink.
  uplink: '<path d="M12 20V5M6 11l6-6 6 6M4 21h16"/>',
  // Two ends joined by a cable.
  epair: '<circle cx="6" cy="12" r="3.5"/><circle cx="18" cy="12" r="3.5"/><path d="M9.5 12h5"/>',
  // Spokes from a centre: every frame to every hook.
  hub: '<circle cx="12" cy="12" r="3"/><path d="M12 3v6M12 15v6M3 12h6M15 12h6"/>',
  // A tag.
  vlan: '<path d="M3 12l8-8h9v9l-8 8z"/><circle cx="15.5" cy="8.5" r="1.5"/>',
  // One line forking into three.
  one2many: '<path d="M3 12h7M10 12l9-7M10 12h10M10 12l9 7"/>',
  // A T: copies taken off the line.
  tee: '<path d="M3 6h18M12 6v15"/>',
  // A pipe with a valve: delay, loss, bandwidth.
  pipe: '<rect x="2" y="8" width="20" height="8" rx="3"/><path d="M12 4v4M9 4h6"/>',
  // A plug: a socket out to the kernel's network stack.
  ksocket: '<path d="M9 3v6M15 3v6"/><rect x="6" y="9" width="12" height="6" rx="1"/><path d="M12 15v6"/>',
  // Bars.
  jail: '<rect x="4" y="3" width="16" height="18" rx="1"/><path d="M9 3v18M15 3v18"/>',
  // A loop back onto itself.
  loopback: '<path d="M12 5a7 7 0 1 1-7 7"/><path d="M5 6v6h6"/>',
  // A point-to-point line.
  iface: '<circle cx="5" cy="12" r="2.5"/><circle cx="19" cy="12" r="2.5"/><path d="M7.5 12h9"/>',
  // ngctl's control socket.
  socket: '<circle cx="12" cy="12" r="7"/><path d="M12 9v6"/>',
  // Anything else: a box.
  generic: '<rect x="5" y="5" width="14" height="14" rx="2"/>',
};

/** Element class → glyph name; the first class an element has that is listed here wins (elements.ts classes). */
export const GLYPH_OF: [cls: string, glyph: string][] = [
  ['if-epair', 'epair'],
  ['if-bridge', 'ifbridge'],
  ['if-nic', 'uplink'],
  ['ng-ether', 'uplink'],
  ['ng-bridge', 'bridge'],
  ['ng-eiface', 'eiface'],
  ['if-eiface', 'eiface'],
  ['ng-hub', 'hub'],
  ['ng-vlan', 'vlan'],
  ['if-vlan', 'vlan'],
  ['ng-one2many', 'one2many'],
  ['ng-tee', 'tee'],
  ['ng-pipe', 'pipe'],
  ['ng-ksocket', 'ksocket'],
  ['ng-iface', 'iface'],
  ['if-iface', 'iface'],
  ['if-loopback', 'loopback'],
  ['ng-socket', 'socket'],
  ['jail', 'jail'],
  ['ng-generic', 'generic'],
  ['if-other', 'generic'],
];

/** The glyph drawn in `colour`, as an SVG document. */
export function glyphSvg(name: string, colour: string): string {
  const body = DRAWINGS[name] ?? DRAWINGS.generic;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="${colour}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;
}

/** The glyph as a data URI (Cytoscape's background-image, an <img> in the legend). */
export function glyphUri(name: string, colour: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(glyphSvg(name, colour))}`;
}

/** Every glyph name. */
export const GLYPHS = Object.keys(DRAWINGS);
