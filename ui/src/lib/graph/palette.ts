// The canvas's colours, light and dark (pure data), and the WCAG contrast
// ratio they are checked with: text on every fill it is drawn on keeps at
// least 4.5:1 (WCAG 2.x AA for normal text) in both schemes.

export interface Palette {
  text: string;
  /** Text that says less (a down interface's name). */
  muted: string;
  edge: string;
  labelBg: string;
  jailFill: string;
  jailBorder: string;
  select: string;
  /** A down interface: fill and border. */
  downFill: string;
  downBorder: string;
  /** What find highlights. */
  found: string;
  /** Fill per class: light tints in light mode, deep tones in dark mode. */
  fill: Record<string, string>;
  /** Border per class: the saturated hue of the kind. */
  border: Record<string, string>;
  /** Glyph strokes per class: the hue on light tints, a pale tint on dark tones. */
  glyph: Record<string, string>;
}

/** The hue of each kind (border colour, legend swatch). */
export const HUES: Record<string, string> = {
  'ng-bridge': '#2563eb',
  'ng-eiface': '#16a34a',
  'ng-ether': '#ea580c',
  'ng-socket': '#6b7280',
  'ng-hub': '#9333ea',
  'ng-vlan': '#0d9488',
  'ng-one2many': '#db2777',
  'ng-tee': '#ca8a04',
  'ng-pipe': '#e11d48',
  'ng-ksocket': '#0284c7',
  'ng-iface': '#0891b2',
  'ng-generic': '#64748b',
  'if-epair': '#d97706',
  'if-bridge': '#4f46e5',
  'if-nic': '#c2410c',
  'if-eiface': '#16a34a',
  'if-iface': '#0891b2',
  'if-vlan': '#0d9488',
  'if-loopback': '#6b7280',
  'if-other': '#64748b',
  jail: '#475569',
};

const LIGHT_FILL: Record<string, string> = {
  'ng-bridge': '#dbeafe',
  'ng-eiface': '#dcfce7',
  'ng-ether': '#ffedd5',
  'ng-socket': '#f3f4f6',
  'ng-hub': '#f3e8ff',
  'ng-vlan': '#ccfbf1',
  'ng-one2many': '#fce7f3',
  'ng-tee': '#fef9c3',
  'ng-pipe': '#ffe4e6',
  'ng-ksocket': '#e0f2fe',
  'ng-iface': '#cffafe',
  'ng-generic': '#f1f5f9',
  'if-epair': '#fef3c7',
  'if-bridge': '#e0e7ff',
  'if-nic': '#ffedd5',
  'if-eiface': '#dcfce7',
  'if-iface': '#cffafe',
  'if-vlan': '#ccfbf1',
  'if-loopback': '#f3f4f6',
  'if-other': '#f1f5f9',
  jail: '#f1f5f9',
};

const DARK_FILL: Record<string, string> = {
  'ng-bridge': '#1e3a8a',
  'ng-eiface': '#14532d',
  'ng-ether': '#7c2d12',
  'ng-socket': '#374151',
  'ng-hub': '#581c87',
  'ng-vlan': '#134e4a',
  'ng-one2many': '#831843',
  'ng-tee': '#713f12',
  'ng-pipe': '#881337',
  'ng-ksocket': '#0c4a6e',
  'ng-iface': '#164e63',
  'ng-generic': '#334155',
  'if-epair': '#78350f',
  'if-bridge': '#312e81',
  'if-nic': '#7c2d12',
  'if-eiface': '#14532d',
  'if-iface': '#164e63',
  'if-vlan': '#134e4a',
  'if-loopback': '#374151',
  'if-other': '#334155',
  jail: '#334155',
};

export const LIGHT: Palette = {
  text: '#111827',
  muted: '#4b5563',
  edge: '#6b7280',
  labelBg: '#ffffff',
  jailFill: '#f8fafc',
  jailBorder: '#475569',
  select: '#db2777',
  downFill: '#f3f4f6',
  downBorder: '#6b7280',
  found: '#f59e0b',
  fill: LIGHT_FILL,
  border: HUES,
  // The yellow and amber hues are too pale on their own tints: a deeper tone of each.
  glyph: { ...HUES, 'ng-tee': '#a16207', 'if-epair': '#b45309' },
};

export const DARK: Palette = {
  text: '#f3f4f6',
  muted: '#d1d5db',
  edge: '#9ca3af',
  labelBg: '#111827',
  jailFill: '#1f2937',
  jailBorder: '#94a3b8',
  select: '#f472b6',
  downFill: '#1f2937',
  downBorder: '#9ca3af',
  found: '#fbbf24',
  fill: DARK_FILL,
  border: { ...HUES, 'ng-socket': '#9ca3af', 'if-loopback': '#9ca3af', jail: '#94a3b8' },
  glyph: LIGHT_FILL,
};

/** Relative luminance of a `#rrggbb` colour (WCAG 2.x). */
export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => {
    const c = parseInt(h as string, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours, from 1 (none) to 21 (black on white). */
export function contrast(a: string, b: string): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}
