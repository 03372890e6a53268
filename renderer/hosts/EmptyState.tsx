import { formatDuration } from '../../common/format/duration';

/** What to do when there is nothing to list yet. */
export function EmptyState({ configPath, natTimeout, kind }: { configPath: string; natTimeout: number; kind: 'missing' | 'no-hosts' }) {
  return (
    <section className="card empty-state" aria-labelledby="empty-heading">
      <h2 id="empty-heading">{kind === 'missing' ? 'No SSH config yet' : 'No Host blocks yet'}</h2>
      {kind === 'missing' ? (
        <p>
          <code>{configPath}</code> does not exist, so <code>ssh</code> uses its built-in defaults: no keepalive at all. An idle session dies when a
          router forgets the connection (after {formatDuration(natTimeout)} here).
        </p>
      ) : (
        <p>
          <code>{configPath}</code> has no <code>Host</code> blocks, so every host gets the same settings.
        </p>
      )}
      <p>
        Turn on <strong>Keepalive for all hosts</strong> below: it adds a <code>Host *</code> block with <code>ServerAliveInterval 60</code>
        {kind === 'missing' ? ' and creates the file (readable only by you)' : ''}. You will see the exact lines before anything is written.
      </p>
    </section>
  );
}
