import { useState } from 'react';
import type { RoomExportResult } from '../../../shared/channel/host-api';
import { useAppStore } from '../store/app-store';

type ExportFormat = 'md' | 'html' | 'json' | 'pdf';

/** The file's bytes: text as it is, binary formats (PDF) from the base64 the channel carries. */
function fileBytes(result: RoomExportResult): BlobPart {
  if (result.encoding === 'utf8') return result.text;
  const binary = atob(result.text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function download(result: RoomExportResult): void {
  const url = URL.createObjectURL(new Blob([fileBytes(result)], { type: result.mimeType }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = result.fileName;
  anchor.click();
  // The click has started the download; the URL is not needed after this tick.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * The room's last job, one click away: the postmortem as Markdown, HTML or PDF, the room as a
 * JSON archive, each downloaded as a file. The host renders it from the room as it stands; the
 * PDF is the CLI's (printed by Chromium on the host), not the browser's print dialog.
 */
export function ExportMenu() {
  const host = useAppStore((state) => state.host);
  const roomId = useAppStore((state) => state.roomId);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!host || !roomId) return null;

  async function run(format: ExportFormat) {
    if (!host || !roomId) return;
    setBusy(true);
    try {
      download(await host.api['room.export']({ roomId, format }));
      setError(null);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="export-menu" role="group" aria-label="Export">
      <span className="export-menu__label">Export</span>
      <button
        type="button"
        disabled={busy}
        onClick={() => void run('md')}
        aria-label="Export postmortem as Markdown"
      >
        Markdown
      </button>
      <button
        type="button"
        disabled={busy}
        onClick={() => void run('html')}
        aria-label="Export postmortem as HTML"
      >
        HTML
      </button>
      <button
        type="button"
        disabled={busy}
        onClick={() => void run('pdf')}
        aria-label="Export postmortem as PDF"
      >
        PDF
      </button>
      <button
        type="button"
        disabled={busy}
        onClick={() => void run('json')}
        aria-label="Export room archive as JSON"
      >
        Archive
      </button>
      {error && (
        <span role="alert" className="inline-error">
          {error}
        </span>
      )}
    </div>
  );
}
