import type { WebContents } from 'electron';
import { events, type EventName, type EventOf } from '../../common/contract/channels';

/** Pushes a contract event to the renderer, validated like every response (a bug must not leak). */
export function sendEvent<E extends EventName>(contents: WebContents | null, name: E, payload: EventOf<E>): boolean {
  if (!contents || contents.isDestroyed()) return false;
  const checked = events[name].safeParse(payload);
  if (!checked.success) return false;
  contents.send(name, checked.data);
  return true;
}
