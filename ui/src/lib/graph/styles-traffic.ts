// The canvas rules for traffic and link state, kept apart from the look of
// the kinds (styles.ts appends them last, so they win over kind rules):
// an edge grows wider and takes the busy colour with its traffic level
// (`data.rate`, 0 idle … 5, traffic.ts), a busy edge says its rate in the
// middle, and anything down is drawn dashed and grey. Pending-change marks
// and the selection are drawn over these (styles.ts puts them last).
import type { StyleRule } from './styles.js';

/** Width in pixels per traffic level: idle links thin, busy ones unmistakable. */
export const RATE_WIDTH = [1.5, 3, 4.5, 6, 8, 10] as const;

export interface TrafficPalette {
  busy: string;
  down: string;
  text: string;
  labelBg: string;
}

export const LIGHT_TRAFFIC: TrafficPalette = { busy: '#0ea5e9', down: '#9ca3af', text: '#0c4a6e', labelBg: '#ffffff' };
export const DARK_TRAFFIC: TrafficPalette = { busy: '#38bdf8', down: '#6b7280', text: '#e0f2fe', labelBg: '#111827' };

/** Traffic and link-state rules for a colour scheme. */
export function trafficRules(dark: boolean): StyleRule[] {
  const p = dark ? DARK_TRAFFIC : LIGHT_TRAFFIC;
  const levels = RATE_WIDTH.map((w, level): StyleRule => {
    const style: StyleRule['style'] = level === 0 ? { width: w, opacity: 0.7 } : { width: w, 'line-color': p.busy, opacity: 1 };
    // Level 0 also covers edges that never had traffic data (no `rate` yet).
    return { selector: level === 0 ? 'edge[!rate]' : `edge[rate = ${level}]`, style };
  });
  return [
    ...levels,
    {
      selector: 'edge[rate > 0]',
      style: {
        label: 'data(rateLabel)',
        'font-size': 10,
        color: p.text,
        'text-background-color': p.labelBg,
        'text-background-opacity': 0.9,
        'text-background-padding': '2px',
      },
    },
    { selector: 'edge.down', style: { 'line-style': 'dashed', 'line-color': p.down, width: RATE_WIDTH[0], label: '' } },
    { selector: 'node.down', style: { 'border-style': 'dashed', 'border-color': p.down } },
  ];
}
