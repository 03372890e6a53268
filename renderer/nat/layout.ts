/** Geometry of the drawing, in SVG units; one horizontal lane per session. */
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
}

export function layoutFor(count: number): Layout {
  const lane = count <= 8 ? 46 : count <= 20 ? 28 : 17;
  const top = 64;
  const height = Math.max(240, top + count * lane + 20);
  return {
    width: 960,
    height,
    lane,
    top,
    clientX: 150,
    clientY: top + (count * lane) / 2,
    routerLeft: 290,
    routerRight: 610,
    barX: 470,
    barWidth: 128,
    serverLeft: 720,
    serverRight: 948,
    dense: lane < 40,
  };
}

export const laneY = (l: Layout, i: number): number => l.top + i * l.lane + l.lane / 2;

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
