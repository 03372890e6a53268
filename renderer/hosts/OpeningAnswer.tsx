import type { HostRow } from '../../common/contract/hosts';
import { formatDuration, formatInterval } from '../../common/format/duration';
import { NetworkField } from '../ui/NetworkField';
import { hostStatus } from './describe';

interface Props {
  /** The list's hosts (`Host *` left out: it is the all-hosts card). */
  hosts: readonly HostRow[];
  natTimeout: number;
  onNatTimeout: (seconds: number) => void;
  /** The interval "Protect them" asks for (half the NAT timeout, at most 60 s). */
  interval: number;
  onProtect: () => void;
}

/** How many of `n` hosts, in words: "14 of 16 hosts", "the only host", "all 3 hosts". */
function ofHosts(count: number, total: number): string {
  if (total === 1) return 'The only host';
  if (count === total) return `All ${total} hosts`;
  return `${count} of ${total} hosts`;
}

/**
 * The answer the Hosts view opens with: how many hosts drop after the network's idle timeout, with
 * the one action that fixes it, and the question that timeout comes from, asked in words.
 */
export function OpeningAnswer({ hosts, natTimeout, onNatTimeout, interval, onProtect }: Props) {
  const bad = hosts.filter((h) => hostStatus(h) === 'bad').length;
  const depends = hosts.filter((h) => hostStatus(h) === 'depends').length;
  const idle = formatDuration(natTimeout);
  const total = hosts.length;
  const headline =
    total === 0
      ? null
      : bad > 0
        ? `${ofHosts(bad, total)} ${bad === 1 ? 'drops' : 'drop'} after ${idle} idle on this network`
        : depends === total
          ? `Every host depends on a Match block decided when ssh connects`
          : `${ofHosts(total - depends, total)} ${total - depends === 1 ? 'stays' : 'stay'} connected when idle on this network`;
  return (
    <section className={`opening card ${bad > 0 ? 'opening-bad' : 'opening-ok'}`} aria-labelledby="opening-answer">
      <div className="opening-answer">
        <p id="opening-answer" className="opening-headline">
          {headline && <span className={`dot dot-${bad > 0 ? 'bad' : 'ok'}`} aria-hidden="true" />}
          {headline ?? 'No hosts listed yet'}
        </p>
        <div className="opening-action">
          {bad > 0 && (
            <>
              <button type="button" className="primary" onClick={onProtect} aria-describedby="opening-protect-how">
                Protect them
              </button>
              <span id="opening-protect-how" className="hint">
                Keepalive every {formatInterval(interval)} for all hosts, previewed before anything is written.
              </span>
            </>
          )}
          {depends > 0 && depends < total && (
            <span className="hint">
              {depends} more {depends === 1 ? 'depends' : 'depend'} on a <code>Match</code> block.
            </span>
          )}
        </div>
      </div>
      <NetworkField value={natTimeout} onChange={onNatTimeout} />
    </section>
  );
}
