/**
 * /embed/map-gc-lab.js: the embed script (src/embed/map-gc-lab.ts), type-stripped at build time into one
 * self-contained file at a stable URL. It has no imports, so transpiling is all the build it needs.
 */
import type { APIRoute } from 'astro';
import ts from 'typescript';
import source from '../../embed/map-gc-lab.ts?raw';

export const prerender = true;

export const GET: APIRoute = () => {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.None, removeComments: false },
  });
  return new Response(outputText, { headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
};
