/**
 * Build step of /embed/map-gc-lab.js: TypeScript source → one classic script for any page.
 *
 * The source may `export` its pure functions (the tests import them) and `import type`, nothing else: a
 * classic script has no modules. Types and type-only imports go with the transpile; `export` keywords are
 * removed from the declarations; and the whole is wrapped in an arrow function called at once, so the
 * script's top-level names stay private and loading it twice is harmless.
 */
import ts from 'typescript';

function dropExports(ctx: ts.TransformationContext): ts.Transformer<ts.SourceFile> {
  const isExport = (m: ts.ModifierLike) => m.kind === ts.SyntaxKind.ExportKeyword;
  return (file) =>
    ts.visitEachChild(
      file,
      (node) => {
        if (!ts.canHaveModifiers(node)) return node;
        const mods = ts.getModifiers(node);
        if (!mods?.some(isExport)) return node;
        return ts.factory.replaceModifiers(node, mods.filter((m) => !isExport(m)));
      },
      ctx,
    );
}

export function embedScript(source: string): string {
  const { outputText, diagnostics } = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext, removeComments: false, verbatimModuleSyntax: false },
    transformers: { before: [dropExports] },
    reportDiagnostics: true,
  });
  if (diagnostics?.length) throw new Error(`embed script: ${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n')}`);
  const body = outputText.replace(/^export \{\};?\s*$/m, '');
  if (/^\s*(import|export)\b/m.test(body)) throw new Error('embed script: only `export` declarations and type-only imports are allowed');
  return `(() => {\n${body}})();\n`;
}
