import { existsSync } from 'node:fs';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import * as Y from 'yjs';
import { parsePostmortemTemplate } from '../../shared/templates/parse-template-file';
import { formatTemplateProblem } from '../../shared/templates/template-problem';
import { EXPORT_FORMATS, exportRoom } from '../host/export/export-room';
import type { ExportFormat } from '../host/export/export-room';
import { PdfUnavailableError } from '../host/export/render-pdf';
import { Host } from '../host/host';
import { RoomStore } from '../host/store/room-store';
import { loadTemplates } from '../host/templates/load-templates';
import { CliError, UsageError } from './cli-error';
import { cliCommand, type Print } from './command-line';
import { loadRelayRoom } from './load-relay-room';
import { roomKeyOption } from './team-relay';

export const EXPORT_USAGE = `usage: incident-room export --format md|html|json|pdf
                           (--relay URL --room ID (--key KEY | --team-key KEY) | --data DIR --room ID)
                           [--out FILE | --out-dir DIR] [--template FILE] [--force]
Exports a room as its postmortem (md, html, pdf) or as a JSON archive that imports back.
A read-only key is enough, and so is the relay's team key. Without --out the file is named after the room title, made safe.
An existing file is never overwritten without --force.`;

interface ExportArgs {
  format: ExportFormat;
  source:
    | { kind: 'relay'; relay: string; room: string; key: string }
    | { kind: 'data'; data: string; room: string };
  out: string | null;
  outDir: string;
  template: string | null;
  force: boolean;
}

interface ExportOptions {
  format?: string;
  relay?: string;
  room?: string;
  key?: string;
  teamKey?: string;
  data?: string;
  out?: string;
  outDir?: string;
  template?: string;
  force?: boolean;
}

/** `incident-room export`: writes a room's postmortem or archive to a file. */
export function exportCommand(print: Print): Command {
  return cliCommand('export', EXPORT_USAGE)
    .option('--format <format>')
    .option('--relay <url>')
    .option('--room <id>')
    .option('--key <key>')
    .option('--team-key <key>')
    .option('--data <dir>')
    .option('--out <file>')
    .option('--out-dir <dir>')
    .option('--template <file>')
    .option('--force')
    .action((options: ExportOptions) => runExport(exportArgs(options), print));
}

function exportArgs(values: ExportOptions): ExportArgs {
  const format = values.format as ExportFormat | undefined;
  if (!format || !EXPORT_FORMATS.includes(format)) {
    throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  }
  if (!values.room) throw new UsageError('missing --room');
  let source: ExportArgs['source'];
  if (values.relay && values.data) throw new UsageError('give --relay or --data, not both');
  const key = roomKeyOption(values);
  if (values.relay) {
    if (!key) throw new UsageError('--relay needs --key (a read-only key is enough) or --team-key');
    source = { kind: 'relay', relay: values.relay, room: values.room, key };
  } else if (values.data) {
    source = { kind: 'data', data: values.data, room: values.room };
  } else {
    throw new UsageError('say where the room is: --relay URL --key KEY, or --data DIR');
  }
  if (values.out && values.outDir) throw new UsageError('give --out or --out-dir, not both');
  return {
    format,
    source,
    out: values.out ?? null,
    outDir: values.outDir ?? '.',
    template: values.template ?? null,
    force: values.force ?? false,
  };
}

async function loadDoc(source: ExportArgs['source']): Promise<{ doc: Y.Doc; close: () => void }> {
  if (source.kind === 'relay') {
    const doc = await loadRelayRoom(source.relay, source.room, source.key);
    return { doc, close: () => doc.destroy() };
  }
  if (!existsSync(source.data)) throw new CliError(`no data folder at ${source.data}`);
  const host = Host.open({ dataDir: source.data, measureClock: false });
  try {
    const known = host.listRooms().some((room) => room.localId === source.room);
    if (!known)
      throw new CliError(
        `no room ${source.room} in ${source.data} (see: incident-room rooms --data ${source.data})`,
      );
    // Read the room's file directly: opening a session would also connect to the room's relay,
    // and an export only reads what this machine has.
    const store = new RoomStore(host.roomPath(source.room));
    const doc = new Y.Doc();
    try {
      const { snapshot, updates } = store.loadState();
      Y.transact(doc, () => {
        if (snapshot) Y.applyUpdate(doc, snapshot);
        for (const update of updates) Y.applyUpdate(doc, update);
      });
    } finally {
      store.close();
    }
    host.close();
    return { doc, close: () => doc.destroy() };
  } catch (error) {
    host.close();
    throw error;
  }
}

/**
 * Writes next to the target and renames over it: a reader never sees half a file, and with
 * `force` off the final link is made exclusively, so an existing file is never replaced.
 */
async function writeNewFile(
  path: string,
  data: string | Uint8Array,
  force: boolean,
): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (!force && existsSync(path)) {
      throw new CliError(`${path} exists; pass --force to overwrite it`);
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function runExport(options: ExportArgs, print: Print): Promise<void> {
  const { catalog } = await loadTemplates();
  let template;
  if (options.template) {
    const text = await readFile(options.template, 'utf8').catch((error: unknown) => {
      throw new CliError(
        `cannot read --template ${options.template}: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    const parsed = parsePostmortemTemplate(basename(options.template), text);
    if (!parsed.ok) throw new CliError(parsed.problems.map(formatTemplateProblem).join('\n'));
    template = parsed.value;
  }
  const { doc, close } = await loadDoc(options.source);
  try {
    const result = await exportRoom(doc, {
      format: options.format,
      catalog,
      ...(template ? { template } : {}),
      generatedAt: new Date(),
    }).catch((error: unknown) => {
      // No Chromium, or one that cannot start sandboxed: one line saying what to do, exit 1.
      throw error instanceof PdfUnavailableError ? new CliError(error.message) : error;
    });
    const path = resolve(options.out ?? join(options.outDir, result.fileName));
    if (!existsSync(dirname(path))) throw new CliError(`no folder ${dirname(path)} to write into`);
    await writeNewFile(path, result.data, options.force);
    print(`wrote ${path}`);
  } finally {
    close();
  }
}
