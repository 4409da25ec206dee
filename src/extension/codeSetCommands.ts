import * as vscode from 'vscode';
import { CodeSetError, CodeSetYearMissing, type CodeSetInfo } from '../core/codesets';
import { quoteForMessage } from '../core/display';
import type { CodeSetStore } from './codeSets';
import { CommandIds } from './constants';
import type { Log } from './log';

/** What the import command accepts besides the file: the year, when the file's name does not say it. */
interface ImportOptions {
  readonly year?: number;
}

function toUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg !== '')
    return /^[a-z][a-z0-9+.-]+:/i.test(arg) && !/^[a-z]:[\\/]/i.test(arg) ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  return undefined;
}

function yearOf(arg: unknown): number | undefined {
  const year = (arg as ImportOptions | undefined)?.year;
  return typeof year === 'number' && Number.isInteger(year) ? year : undefined;
}

/** "ICD-10-CM FY2024 (98 186 codes)". */
function label(info: CodeSetInfo, size: number): string {
  return `${info.name} (${size.toLocaleString('en-US')} codes)`;
}

/** The registered commands, and the error the last import showed (undefined after a good one), for tests. */
export interface CodeSetCommands {
  readonly disposables: vscode.Disposable[];
  lastImportError(): string | undefined;
}

/**
 * The code set commands: import (a file picker, or a file passed by a caller such as a test),
 * show the installed sets (remove one from the list), remove. Each returns what it did, for tests.
 * Nothing here reads a claim; notifications name the picked file, the log only code sets, and
 * neither quotes what the file holds.
 */
export function registerCodeSetCommands(store: CodeSetStore, log: Log): CodeSetCommands {
  let lastImportError: string | undefined;
  const askYear = (): Thenable<string | undefined> =>
    vscode.window.showInputBox({
      title: 'claimlint: Import Code Set',
      prompt: "The file's name does not say its year. ICD-10-CM: the fiscal year (FY2025 covers 2024-10-01 to 2025-09-30); HCPCS: the calendar year.",
      placeHolder: '2025',
      ignoreFocusOut: true,
      validateInput: (v) => (/^\s*20\d{2}\s*$/.test(v) ? undefined : 'A year, such as 2025.'),
    });

  const importCodeSet = async (fileArg?: unknown, optionsArg?: unknown): Promise<CodeSetInfo | undefined> => {
    let uri = toUri(fileArg);
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({
        title: 'claimlint: Import Code Set (ICD-10-CM order or codes file, HCPCS ANWEB file)',
        openLabel: 'Import',
        canSelectMany: false,
        filters: { 'Code set files (.txt)': ['txt'], 'All files': ['*'] },
      });
      uri = picked?.[0];
      if (!uri) return undefined;
    }
    let year = yearOf(optionsArg);
    for (;;) {
      try {
        const imported = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'claimlint: importing the code set…' }, () =>
          store.import(uri, year === undefined ? undefined : { year }),
        );
        const left = imported.skipped ? ` ${imported.skipped} CPT or dental records were left out (claimlint never stores them).` : '';
        void vscode.window
          .showInformationMessage(
            `claimlint: imported ${label(imported.set.info, imported.set.size)}.${left} Installed: ${store.names()}.`,
            'Show Installed Code Sets',
          )
          .then((choice) => (choice ? vscode.commands.executeCommand(CommandIds.showCodeSets) : undefined));
        lastImportError = undefined;
        return imported.set.info;
      } catch (err) {
        // Asked only of a person who picked the file; a caller passing a file gets the error.
        if (err instanceof CodeSetYearMissing && fileArg === undefined && year === undefined) {
          const answer = await askYear();
          if (answer === undefined) return undefined;
          year = Number(answer.trim());
          continue;
        }
        const why = err instanceof CodeSetError ? err.message : 'The file cannot be read.';
        lastImportError = `${quoteForMessage(fileNameOf(uri))} was not imported: ${why}`;
        // The output channel names no file (docs/extension.md); the notification does.
        log.warn(`A code set file was not imported: ${why}`);
        void vscode.window.showErrorMessage(`claimlint: ${lastImportError}`);
        return undefined;
      }
    }
  };

  const removeCodeSet = async (idArg?: unknown): Promise<boolean> => {
    let id = typeof idArg === 'string' ? idArg : undefined;
    if (id === undefined) {
      const installed = store.list();
      if (installed.length === 0) {
        void vscode.window.showInformationMessage('claimlint: no code set is installed.');
        return false;
      }
      const pick = await vscode.window.showQuickPick(
        installed.map((s) => ({ label: s.info.name, description: `${s.size.toLocaleString('en-US')} codes`, id: s.info.id })),
        { title: 'claimlint: Remove a Code Set', placeHolder: 'The code set to remove' },
      );
      id = pick?.id;
      if (id === undefined) return false;
    }
    return store.remove(id);
  };

  const removeButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('trash'), tooltip: 'Remove this code set' };

  /** The installed sets in a list: each with its codes, dates of service and file; a button removes one; the last item imports. */
  const showCodeSets = (): Promise<string[]> => {
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { id?: string }>();
    pick.title = 'claimlint: Installed Code Sets';
    pick.placeholder = 'ICD-10-CM and HCPCS Level II sets you imported (kept on this machine)';
    const refresh = (): void => {
      pick.items = [
        ...store.list().map((s) => ({
          label: s.info.name,
          description: `${s.size.toLocaleString('en-US')} codes${s.info.kind === 'icd10cm' && !s.info.headers ? ', no headers (codes file)' : ''}`,
          detail: `Dates of service ${s.info.from} to ${s.info.to} · imported from ${s.info.fileName}`,
          id: s.info.id,
          buttons: [removeButton],
        })),
        { label: '$(add) Import Code Set…', alwaysShow: true },
      ];
    };
    refresh();
    const shown = store.list().map((s) => s.info.name);
    pick.onDidTriggerItemButton(async (e) => {
      if (e.item.id) await store.remove(e.item.id);
      refresh();
    });
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0];
      pick.hide();
      if (chosen && !chosen.id) void vscode.commands.executeCommand(CommandIds.importCodeSet);
    });
    pick.onDidHide(() => pick.dispose());
    pick.show();
    return Promise.resolve(shown);
  };

  return {
    disposables: [
      vscode.commands.registerCommand(CommandIds.importCodeSet, importCodeSet),
      vscode.commands.registerCommand(CommandIds.removeCodeSet, removeCodeSet),
      vscode.commands.registerCommand(CommandIds.showCodeSets, showCodeSets),
    ],
    lastImportError: () => lastImportError,
  };
}

function fileNameOf(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.path;
}
