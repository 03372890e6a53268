import { useId, useState } from 'react';

/**
 * For a login that may not use sudo there: the change written out for an administrator, exactly
 * (file, line, text; the check and the reload), to copy and hand over.
 */
export function AdminLines({ host, lines }: { host: string; lines: string }) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  return (
    <div className="admin-lines" data-field="admin-lines">
      <p id={id}>
        <strong>Your account may not make this change on {host}.</strong> Hand these lines to its administrator:
      </p>
      <pre aria-labelledby={id} tabIndex={0}>
        {lines}
      </pre>
      <button
        type="button"
        className="small"
        onClick={() =>
          void navigator.clipboard.writeText(lines).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        Copy these lines
      </button>
      <span role="status" className="hint">
        {copied ? ' Copied.' : ''}
      </span>
    </div>
  );
}
