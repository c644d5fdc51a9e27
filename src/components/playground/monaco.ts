/**
 * Monaco, loaded with `import()` only when the reader opens the editor (src/components/playground/
 * CodeEditor.tsx). The lean entry (editor.api) plus the Go tokenizer and the few contributions a small
 * playground needs: find, bracket matching, toggle comment, hover (compile error messages on the
 * squiggle), F8 to the error, clipboard, line moves, word highlight.
 *
 * CSS: under Vite 8 / Astro 7 the CSS that Monaco's modules import is dropped from a lazily loaded chunk
 * (research/feasibility.md A.4), and the site's CSP forbids nothing here but wants files, not inline
 * blobs. So Monaco's prebuilt stylesheet is emitted as a hashed same-origin file (`?url`) and linked
 * before the editor is created. Monaco's own dynamic `<style>` rules are allowed (style-src
 * 'unsafe-inline', docs/security.md); its worker is a same-origin module worker (worker-src 'self').
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/languages/definitions/go/register';
import 'monaco-editor/editor/contrib/find/browser/findController';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching';
import 'monaco-editor/editor/contrib/comment/browser/comment';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard';
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import cssUrl from '../../../node_modules/monaco-editor/min/vs/editor/editor.main.css?url';

(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = { getWorker: () => new EditorWorker() };

let cssReady: Promise<void> | null = null;
function loadCss(): Promise<void> {
  cssReady ??= new Promise<void>((resolve, reject) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = cssUrl;
    link.onload = () => resolve();
    link.onerror = () => reject(new Error(`could not load ${cssUrl}`));
    document.head.append(link);
  });
  return cssReady;
}

export interface EditorHandle {
  getValue(): string;
  setValue(code: string): void;
  /** Marks one compile error (line/col 1-based, UTF-16) or clears the marks with null. */
  mark(err: { line: number; col: number; message: string } | null): void;
  reveal(line: number, col: number): void;
  focus(): void;
  dispose(): void;
}

const theme = () => (document.documentElement.dataset.theme === 'light' ? 'vs' : 'vs-dark');

/**
 * Creates the editor in `host`. `initial` is read right before the editor is made (after the CSS has
 * loaded), so the text is the textarea's at that moment.
 */
export async function createEditor(
  host: HTMLElement,
  initial: () => { code: string; offset: number },
  label: string,
  on: { onChange: (code: string) => void; onRun: () => void },
): Promise<EditorHandle> {
  await loadCss();
  const { code, offset } = initial();
  const model = monaco.editor.createModel(code, 'go');
  const editor = monaco.editor.create(host, {
    model,
    theme: theme(),
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 14,
    tabSize: 4,
    insertSpaces: false,
    ariaLabel: label,
    fixedOverflowWidgets: true,
  });
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => on.onRun());
  const pos = model.getPositionAt(offset);
  editor.setPosition(pos);
  editor.revealPositionInCenterIfOutsideViewport(pos);
  const sub = model.onDidChangeContent(() => on.onChange(model.getValue()));
  // Follow Starlight's theme switch.
  const mo = new MutationObserver(() => monaco.editor.setTheme(theme()));
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return {
    getValue: () => model.getValue(),
    setValue: (v) => {
      if (v !== model.getValue()) model.setValue(v);
    },
    mark: (err) => {
      monaco.editor.setModelMarkers(
        model,
        'go',
        err
          ? [
              {
                severity: monaco.MarkerSeverity.Error,
                message: err.message,
                startLineNumber: err.line,
                startColumn: err.col,
                endLineNumber: err.line,
                // Underline to the end of the word at the error (at least one character).
                endColumn: Math.max(err.col + 1, model.getWordAtPosition({ lineNumber: err.line, column: err.col })?.endColumn ?? 0),
              },
            ]
          : [],
      );
    },
    reveal: (line, col) => {
      editor.setPosition({ lineNumber: line, column: col });
      editor.revealLineInCenter(line);
      editor.focus();
    },
    focus: () => editor.focus(),
    dispose: () => {
      mo.disconnect();
      sub.dispose();
      editor.dispose();
      model.dispose();
    },
  };
}
