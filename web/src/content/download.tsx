/**
 * Exporting a file the API returns (an item's XSOAR file, a pack's zip): fetched as a Blob by
 * the api module, then saved as a download through an object URL on a temporary link — same
 * origin and without any inline script, as main's CSP requires. The button says it is busy,
 * and a refusal (a 404, the network) shows beside it.
 */
import { useAction } from '../common/use-action';

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; the URL can go a little later.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

interface Props {
  label: string;
  /** What to call the file when the server does not name it. */
  fallbackName: string;
  fetchFile: () => Promise<{ blob: Blob; fileName: string | undefined }>;
}

export function ExportButton({ label, fallbackName, fetchFile }: Props) {
  const action = useAction();
  return (
    <>
      <button type="button" className="btn" disabled={action.busy} onClick={() => action.act(fetchFile, (f) => saveBlob(f.blob, f.fileName ?? fallbackName))}>
        {action.busy ? 'Exporting…' : label}
      </button>
      {action.error !== undefined && (
        <span className="error-text small" role="alert">
          {action.error}
        </span>
      )}
    </>
  );
}
