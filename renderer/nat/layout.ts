/** Geometry of the drawing, in CSS pixels (the SVG is drawn 1:1, so text stays legible at any width); one lane per session. */
export interface Layout {
  width: number;
  height: number;
  lane: number;
  top: number;
  clientX: number;
  clientY: number;
  routerLeft: number;
  routerRight: number;
  barX: number;
  barWidth: number;
  serverLeft: number;
  serverRight: number;
  dense: boolean;
  /** How many characters of a name fit in the router's row and in a server box. */
  rowChars: number;
  serverChars: number;
}

/** Narrower than this, the drawing scrolls sideways inside its box instead of shrinking its text. */
export const MIN_DIAGRAM_WIDTH = 560;

/** Average width of a character of the 11-12 px labels, for truncating names to what fits. */
const CHAR_PX = 6.6;

export function layoutFor(count: number, availableWidth = 760): Layout {
  const width = Math.max(MIN_DIAGRAM_WIDTH, Math.round(availableWidth));
  // Sixteen lanes fit a laptop screen at 26 px; more than twenty get 20 px (the box scrolls, see nat.css).
  const lane = count <= 8 ? 46 : count <= 20 ? 26 : 20;
  const top = 64;
  const height = Math.max(220, top + count * lane + 16);
  const clientRight = Math.round(Math.max(96, width * 0.14));
  const routerLeft = Math.round(width * 0.22);
  const routerRight = Math.round(width * 0.62);
  const barWidth = Math.round(Math.min(128, (routerRight - routerLeft) * 0.32));
  const barX = routerRight - 12 - barWidth;
  const serverLeft = Math.round(width * 0.68);
  const serverRight = width - 8;
  return {
    width,
    height,
    lane,
    top,
    clientX: clientRight,
    clientY: top + (count * lane) / 2,
    routerLeft,
    routerRight,
    barX,
    barWidth,
    serverLeft,
    serverRight,
    dense: lane < 40,
    // The row: name, then the state word (about 7 characters) left of the bar.
    rowChars: Math.max(6, Math.floor((barX - routerLeft - 10 - 60) / CHAR_PX)),
    serverChars: Math.max(8, Math.floor((serverRight - serverLeft - 16) / CHAR_PX)),
  };
}

export const laneY = (l: Layout, i: number): number => l.top + i * l.lane + l.lane / 2;

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
