/** Why something did not load, where it would have been, with a way to try again. */
export function LoadError({ error, onRetry }: { error: string; onRetry: () => void }) {
  return (
    <div className="error-banner" role="alert">
      {error}{' '}
      <button type="button" className="btn small" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
