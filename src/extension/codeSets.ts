import * as vscode from 'vscode';
import {
  CodeSetError,
  codeSetTooLarge,
  CodeSets,
  MAX_CODE_SET_BYTES,
  parseCodeSetBytes,
  parseStoredCodeSet,
  readCodeSetFile,
  serializeCodeSet,
  type CodeSetInfo,
  type ImportedCodeSet,
  type PeriodHint,
} from '../core/codesets';
import type { Log } from './log';

/** Folder of the stored sets in the extension's global storage; one `<id>.codeset` file per set. */
const FOLDER = 'codesets';
const SUFFIX = '.codeset';

/**
 * The code sets the user imported, kept as compact copies in the extension's global storage (on
 * this machine, for every workspace). Read once at activation; an import or a removal changes
 * {@link current} and fires {@link onDidChange}, and the extension lints the open claims again.
 */
export class CodeSetStore implements vscode.Disposable {
  private sets = CodeSets.EMPTY;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Imports and removals one at a time, in order (two quick imports must not both write the list). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly storage: vscode.Uri,
    private readonly log: Log,
  ) {}

  /** The installed sets; empty until {@link load} has read them, and when none is installed. */
  get current(): CodeSets {
    return this.sets;
  }

  private get folder(): vscode.Uri {
    return vscode.Uri.joinPath(this.storage, FOLDER);
  }

  private fileOf(id: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder, `${id}${SUFFIX}`);
  }

  /**
   * Read the stored sets (at activation, and again when asked: another window may have imported
   * one). A damaged copy is skipped with a warning (import the file again).
   */
  load(): Promise<void> {
    return this.serially(async () => {
      let entries: [string, vscode.FileType][];
      try {
        entries = await vscode.workspace.fs.readDirectory(this.folder);
      } catch {
        entries = []; // nothing imported yet
      }
      const sets = [];
      for (const [name, type] of entries.sort(([a], [b]) => a.localeCompare(b))) {
        if (type !== vscode.FileType.File || !name.endsWith(SUFFIX)) continue;
        try {
          const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.folder, name));
          sets.push(parseStoredCodeSet(new TextDecoder().decode(bytes)));
        } catch (err) {
          const why = err instanceof CodeSetError ? err.message : 'It cannot be read.';
          this.log.warn(`A stored code set was skipped: ${why}`);
        }
      }
      if (sets.length === 0 && this.sets.isEmpty) return;
      this.sets = new CodeSets(sets);
      this.log.info(`Code sets installed: ${this.names()}.`);
      this.changed.fire();
    });
  }

  /**
   * Read an official code set file, store its compact copy (replacing one of the same period) and
   * install it. Rejects with {@link CodeSetError} when the file is not a code set or cannot be read.
   */
  import(uri: vscode.Uri, hint?: PeriodHint): Promise<ImportedCodeSet> {
    return this.serially(async () => {
      const imported = await readOfficialFile(uri, hint);
      const { set } = imported;
      // Written aside, then moved over the old copy: a failed write leaves the old copy whole.
      const target = this.fileOf(set.info.id);
      const partial = vscode.Uri.joinPath(this.folder, `${set.info.id}.partial`);
      try {
        await vscode.workspace.fs.createDirectory(this.folder);
        await vscode.workspace.fs.writeFile(partial, new TextEncoder().encode(serializeCodeSet(set)));
        await vscode.workspace.fs.rename(partial, target, { overwrite: true });
      } catch {
        throw new CodeSetError("It was read, but claimlint's storage folder cannot be written (disk full or no permission).");
      }
      this.sets = new CodeSets([...this.sets.all, set]);
      this.log.info(
        `Code set imported: ${set.info.name}, ${set.size} codes${imported.skipped ? `, ${imported.skipped} procedure records left out (CPT, CDT)` : ''}.`,
      );
      this.changed.fire();
      return imported;
    });
  }

  /** Remove an installed set (its stored copy too); false when none has that id. */
  remove(id: string): Promise<boolean> {
    return this.serially(async () => {
      const set = this.sets.all.find((s) => s.info.id === id);
      if (!set) return false;
      try {
        await vscode.workspace.fs.delete(this.fileOf(id));
      } catch {
        // Already gone from storage: it is removed from the list all the same.
      }
      this.sets = new CodeSets(this.sets.all.filter((s) => s !== set));
      this.log.info(`Code set removed: ${set.info.name}.`);
      this.changed.fire();
      return true;
    });
  }

  /** What is installed, by kind and period. */
  list(): { info: CodeSetInfo; size: number }[] {
    return this.sets.all.map((s) => ({ info: s.info, size: s.size }));
  }

  names(): string {
    return this.sets.isEmpty ? 'none' : this.sets.all.map((s) => s.info.name).join(', ');
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * A local file is read as a stream, line by line; a file on another file system (a remote, a
 * virtual folder) through VS Code's file system, after its size is checked.
 */
async function readOfficialFile(uri: vscode.Uri, hint: PeriodHint | undefined): Promise<ImportedCodeSet> {
  if (uri.scheme === 'file') return readCodeSetFile(uri.fsPath, hint);
  let bytes: Uint8Array;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (!(stat.type & vscode.FileType.File)) throw new CodeSetError('This is not a regular file (a folder, a FIFO or a device), so it was not read.');
    if (stat.size > MAX_CODE_SET_BYTES) throw codeSetTooLarge();
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (err) {
    if (err instanceof CodeSetError) throw err;
    throw new CodeSetError('The file cannot be read.');
  }
  return parseCodeSetBytes(bytes, uri.path.split('/').pop() ?? '', hint);
}
