import type { Route, RouteHop } from '../contract/hosts';
import { formatInterval } from './duration';

/** One hop: "bastion (ops@bastion.example.net:2222, keepalive every 60 s)". */
export function hopText(h: RouteHop): string {
  const keepalive = h.serverAliveInterval > 0 ? `keepalive every ${formatInterval(h.serverAliveInterval)}` : 'no keepalive';
  return `${h.alias} (${h.user}@${h.hostName}:${h.port}, ${keepalive})`;
}

/** How ssh reaches a host, in words: "directly", "through bastion (...), then inner (...)", or why it is not known. */
export function routeText(route: Route): string {
  if (route.kind === 'direct') return 'directly';
  if (route.kind === 'unknown') return `through ${route.via} (not followed: ${route.reason})`;
  return `through ${route.hops.map(hopText).join(', then ')}`;
}
