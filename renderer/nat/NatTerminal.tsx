import type { NatHost } from '../../common/nat/scenario';
import { sessionPhase, type HostState } from '../../common/nat/simulation';
import { formatDuration } from '../../common/format/duration';

/**
 * One session's terminal as the user lives it: the prompt while typing or away; after the router
 * forgot the entry, a keystroke that never appears (frozen, with how long it has been), then ssh's
 * last words. Decoration for sighted users: the table and the captions say the same in text.
 */
export function NatTerminal({ host, state, nowMs }: { host: NatHost; state: HostState; nowMs: number }) {
  const phase = sessionPhase(state);
  const frozenFor = state.client.frozenSince === null ? 0 : Math.floor(((state.client.endedAt ?? nowMs) - state.client.frozenSince) / 1000);
  return (
    <figure className={`nat-terminal nat-terminal-${phase}`} aria-hidden="true">
      <figcaption className="nat-terminal-title">ssh {host.pattern}</figcaption>
      <div className="nat-terminal-body">
        {phase === 'ended' ? (
          <>
            <div className="nat-terminal-line">
              <span className="nat-prompt">$</span> <span className="nat-typed">▌</span>
            </div>
            <div className="nat-terminal-line nat-terminal-error">{state.client.message}</div>
            <div className="nat-terminal-note">{frozenFor > 0 ? `after ${formatDuration(frozenFor)} frozen; the session is gone` : 'the session is gone'}</div>
          </>
        ) : (
          <>
            <div className="nat-terminal-line">
              <span className="nat-prompt">$</span> <span className={phase === 'frozen' ? 'nat-cursor nat-cursor-stuck' : 'nat-cursor'}>▌</span>
            </div>
            <div className="nat-terminal-note">
              {phase === 'frozen'
                ? `frozen for ${formatDuration(frozenFor)}: your keystroke never appears; TCP resends it and the router drops every copy`
                : phase === 'typing'
                  ? 'you type; every keystroke echoes back at once'
                  : state.nat.present
                    ? 'nobody types; the session is open'
                    : 'nobody types; it looks connected, but the router forgot it'}
            </div>
          </>
        )}
      </div>
    </figure>
  );
}
