/**
 * /embed/map-gc-lab.js: the embed script (src/embed/map-gc-lab.ts) as one self-contained classic script at a
 * stable URL (`embedScript` in src/embed/build-script.ts: types stripped, `export`s dropped, wrapped in a
 * function so it adds no globals to the host page).
 */
import type { APIRoute } from 'astro';
import source from '../../embed/map-gc-lab.ts?raw';
import { embedScript } from '../../embed/build-script';

export const prerender = true;

export const GET: APIRoute = () => new Response(embedScript(source), { headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
