import { useState } from 'react';
import type { RoomExportResult } from '../../../shared/channel/host-api';
import { useAppStore } from '../store/app-store';

type TextFormat = 'md' | 'html' | 'json';

function download(result: RoomExportResult): void {
  const url = URL.createObjectURL(new Blob([result.text], { type: result.mimeType }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = result.fileName;
  anchor.click();
  // The click has started the download; the URL is not needed after this tick.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Prints the exported HTML from a hidden frame: the browser's own "Save as PDF". */
function printHtml(html: string): void {
  const frame = document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.style.position = 'fixed';
  frame.style.width = '0';
  frame.style.height = '0';
  frame.style.border = '0';
  frame.srcdoc = html;
  frame.addEventListener('load', () => {
    frame.contentWindow?.print();
    setTimeout(() => frame.remove(), 60_000);
  });
  document.body.append(frame);
}

/**
 * The room's last job, one click away: the postmortem as Markdown or HTML, the room as a JSON
 * archive, or the postmortem printed to PDF. The host renders it from the room as it stands.
 */
export function ExportMenu() {
  const host = useAppStore((state) => state.host);
  const roomId = useAppStore((state) => state.roomId);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!host || !roomId) return null;

  async function run(format: TextFormat | 'pdf') {
    if (!host || !roomId) return;
    setBusy(true);
    try {
      const result = await host.api['room.export']({
        roomId,
        format: format === 'pdf' ? 'html' : format,
      });
      if (format === 'pdf') printHtml(result.text);
      else download(result);
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
        aria-label="Print postmortem to PDF"
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
