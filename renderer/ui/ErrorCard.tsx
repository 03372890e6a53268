import type { AppErrorData } from '../../common/contract/errors';
import { describeError } from '../../common/format/error';

/** A view could not load what it shows: what failed, why, and (when it can) a way to try again. */
export function ErrorCard({ title, error, onRetry }: { title?: string; error: AppErrorData; onRetry?: () => void }) {
  return (
    <div className="card error-card" role="alert">
      <p>
        {title && <strong>{title}</strong>} {describeError(error)}
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
