/**
 * The code box: a plain `<textarea>` first (it works at once, without JavaScript beyond the island, and
 * with every assistive technology), replaced by Monaco when the reader opens it (first focus or click).
 * Monaco comes in through `import()` (monaco.ts), about 0.7 MB brotli, so readers who only run examples
 * never download it.
 *
 * The swap keeps the reader's text and cursor: the text is read from the textarea in the same task in
 * which Monaco is created and the textarea hidden, so no keystroke falls between them. If Monaco fails to
 * load, the textarea stays and says so.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { EditorHandle } from './monaco';
import type { SourcePos } from './diagnostics';
import type { PgTranslate } from './i18n';

export interface CodeEditorProps {
  t: PgTranslate;
  code: string;
  onChange: (code: string) => void;
  /** The compile error to mark, or null. */
  error: SourcePos | null;
  onRun: () => void;
  /** Bumped by the parent to move the cursor to the error (the "go to line" button). */
  revealSeq: number;
  readOnly?: boolean;
}

export function CodeEditor({ t, code, onChange, error, onRun, revealSeq, readOnly }: CodeEditorProps) {
  const area = useRef<HTMLTextAreaElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<EditorHandle | null>(null);
  const [state, setState] = useState<'plain' | 'loading' | 'monaco' | 'failed'>('plain');
  const [failure, setFailure] = useState('');
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const onRunRef = useRef(onRun);
  onRunRef.current = onRun;
  /**
   * Values Monaco reported that the parent's `code` has not caught up with yet. Two keystrokes within one
   * frame make the parent render the first while Monaco already holds the second; pushing that stale
   * value back into Monaco lost the second keystroke and, from inside Monaco's own edit, sent its
   * tokenizer into an endless loop (the page froze). Only outside changes are pushed into Monaco.
   */
  const pending = useRef<string[]>([]);

  function open() {
    if (state !== 'plain' || readOnly) return;
    setState('loading');
    import('./monaco')
      .then((m) =>
        m.createEditor(host.current!, () => ({ code: area.current!.value, offset: area.current!.selectionStart }), t('pg.editor.label'), {
          onChange: (v) => {
            pending.current.push(v);
            onChangeRef.current(v);
          },
          onRun: () => onRunRef.current(),
        }),
      )
      .then((h) => {
        const hadFocus = document.activeElement === area.current;
        editor.current = h;
        setState('monaco');
        if (hadFocus) h.focus();
      })
      .catch((e: unknown) => {
        setFailure(e instanceof Error ? e.message : String(e));
        setState('failed');
      });
  }

  // Text set from outside (an example, a shared link, format) reaches Monaco; Monaco's own edits do not
  // come back to it (`pending`).
  useEffect(() => {
    if (!editor.current) return;
    const echo = pending.current.indexOf(code);
    if (echo >= 0) {
      pending.current = pending.current.slice(echo + 1);
      return;
    }
    pending.current = [];
    editor.current.setValue(code);
  }, [code, state]);
  useEffect(() => {
    editor.current?.mark(error);
  }, [error, state]);
  useEffect(() => {
    if (!revealSeq || !error) return;
    if (editor.current) editor.current.reveal(error.line, error.col);
    else if (area.current) {
      const lines = code.split('\n');
      const start = lines.slice(0, error.line - 1).reduce((n, l) => n + l.length + 1, 0);
      area.current.focus();
      area.current.setSelectionRange(start, start + (lines[error.line - 1]?.length ?? 0));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [revealSeq]);
  useEffect(() => () => editor.current?.dispose(), []);

  const monacoShown = state === 'monaco';
  return (
    <div class="gp-editor" data-editor={state}>
      <textarea
        ref={area}
        class="gp-editor__plain"
        hidden={monacoShown}
        aria-label={t('pg.editor.label')}
        aria-invalid={error ? 'true' : undefined}
        spellcheck={false}
        autocomplete="off"
        autocapitalize="off"
        readOnly={readOnly}
        value={code}
        onInput={(e) => onChange((e.currentTarget as HTMLTextAreaElement).value)}
        onFocus={open}
        onPointerDown={open}
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
            e.preventDefault();
            onRun();
          }
        }}
      />
      <div ref={host} class="gp-editor__monaco" hidden={!monacoShown} />
      {state === 'plain' && !readOnly ? <p class="gp-editor__hint">{t('pg.editor.hint')}</p> : null}
      {state === 'loading' ? (
        <p class="gp-editor__hint" role="status">
          {t('pg.editor.loading')}
        </p>
      ) : null}
      {state === 'failed' ? (
        <p class="gp-editor__hint" role="alert">
          {t('pg.editor.failed', { message: failure })}
        </p>
      ) : null}
    </div>
  );
}
