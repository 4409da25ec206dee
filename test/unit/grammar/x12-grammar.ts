import * as fs from 'fs';
import * as path from 'path';
import { Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';
import { createOnigScanner, createOnigString, loadWASM } from 'vscode-oniguruma';
import { REPO_ROOT } from '../repo-root';

let loaded: Promise<IGrammar | null> | undefined;

/**
 * The X12 TextMate grammar (syntaxes/x12.tmLanguage.json) loaded with the engine VS Code uses:
 * vscode-textmate and the Oniguruma regex library (whose WASM loads once per process).
 */
export function loadX12Grammar(): Promise<IGrammar | null> {
  return (loaded ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new Registry({
      onigLib: Promise.resolve({ createOnigScanner, createOnigString }),
      loadGrammar: async (scope) => {
        if (scope !== 'source.x12') return null;
        const file = path.join(REPO_ROOT, 'syntaxes', 'x12.tmLanguage.json');
        return parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
      },
    });
    return registry.loadGrammar('source.x12');
  })());
}
