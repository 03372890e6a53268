/**
 * The architecture as a test, in the style of main/security-checklist.test.ts: every import of every
 * source file (.ts/.tsx under common/, electron/, renderer/; test files and test-support folders
 * aside) is read and held to the layer rules of docs/architecture.md:
 *   1. common/ imports only zod and common/ (it runs anywhere: no node:*, no DOM code, no React);
 *   2. renderer/ imports only common/, itself, react and react-dom (and its CSS and assets);
 *   3. a feature folder of electron/core imports no other feature folder and not the composition
 *      root (core/handlers.ts wires one feature to another); the shared core (kernel/, openssh/,
 *      files/) imports no feature; core imports no shell and no renderer;
 *   4. the privileged helper (everything reachable from system/helper/helper-main.ts) imports no
 *      package at all (zod above all) and nothing outside its allowed set;
 *   5. nothing under electron/core imports `electron`;
 *   6. no import cycles between files.
 * A violation known today is listed in ALLOWED with the helper who owns the fix; an entry that no
 * longer happens fails the test too, so the list only shrinks.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCANNED = ['common', 'electron', 'renderer'];
/** Test code: *.test.ts(x) and the folders that only tests import. */
const isTestFile = (rel: string): boolean => /\.test\.tsx?$/.test(rel) || /(^|\/)(testing|test|test-support)\//.test(rel);

const FEATURES = ['hosts', 'system', 'sessions', 'probe', 'diagnosis', 'remote-server', 'editor'];
const SHARED_CORE = ['kernel', 'openssh', 'files'];
const SHELLS = ['electron/main/', 'electron/preload/', 'electron/web/', 'electron/cli/', 'electron/cli.ts', 'electron/shell/'];
const HELPER_ENTRY = 'electron/core/system/helper/helper-main.ts';
/** What the root helper may bundle (the issue's list; openssh/ holds the ssh_config lexer and glob it validates with). */
const HELPER_ALLOWED = [/^electron\/core\/system\//, /^electron\/core\/files\//, /^electron\/core\/kernel\/process\.ts$/, /^common\/contract\/app-error\.ts$/, /^electron\/core\/openssh\//];

/** Known violations, each with who removes it. Format: `rule: from -> to`. */
const ALLOWED: Record<string, string> = {};

interface Import {
  from: string;
  specifier: string;
  /** Repository-relative file for a relative import; null for a package or builtin. */
  target: string | null;
}

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...listSources(rel));
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/**
 * Import specifiers of one file: static `import … from`, `export … from`, bare `import '…'`
 * (statements start a line), and `import('…')` / `require('…')` anywhere outside comments.
 */
export function importSpecifiers(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  for (const re of [
    /^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"\n]+)['"]/gm,
    /^\s*import\s*['"]([^'"\n]+)['"]/gm,
    /\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/g,
    /\brequire\(\s*['"]([^'"\n]+)['"]\s*\)/g,
  ]) {
    for (const m of code.matchAll(re)) found.push(m[1]!);
  }
  return found;
}

function resolveRelative(fromRel: string, specifier: string): string | null {
  const base = path.posix.join(path.posix.dirname(fromRel), specifier.replace(/\?.*$/, ''));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    const full = path.join(root, candidate);
    if (fs.existsSync(full) && fs.statSync(full).isFile()) return candidate;
  }
  return null;
}

const sources = SCANNED.flatMap(listSources);
const imports: Import[] = sources
  .filter((f) => !isTestFile(f))
  .flatMap((from) =>
    importSpecifiers(fs.readFileSync(path.join(root, from), 'utf8')).map((specifier) => ({
      from,
      specifier,
      target: specifier.startsWith('.') ? resolveRelative(from, specifier) : null,
    })),
  );
const packageOf = (s: string): string => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!);
const isBuiltin = (s: string): boolean => s.startsWith('node:') || builtinModules.includes(packageOf(s));
const featureOf = (rel: string): string | null => /^electron\/core\/([^/]+)\//.exec(rel)?.[1] ?? null;
const shown = (i: Import): string => i.target ?? i.specifier;

/** Every rule, as `rule: from -> to` lines. */
function violations(): string[] {
  const out: string[] = [];
  const add = (rule: string, i: Import) => out.push(`${rule}: ${i.from} -> ${shown(i)}`);
  for (const i of imports) {
    const to = i.target;
    if (i.from.startsWith('common/')) {
      if (to ? !to.startsWith('common/') : i.specifier !== 'zod') add('common imports only zod and common/', i);
    }
    if (i.from.startsWith('renderer/')) {
      const ok = to ? to.startsWith('renderer/') || to.startsWith('common/') : ['react', 'react-dom'].includes(packageOf(i.specifier));
      if (!ok) add('renderer imports only common/, renderer/, react, react-dom', i);
    }
    if (i.from.startsWith('electron/core/')) {
      const fromArea = featureOf(i.from);
      const toArea = to ? featureOf(to) : null;
      if (i.specifier === 'electron' || i.specifier.startsWith('electron/')) add('core never imports electron', i);
      if (to && (SHELLS.some((s) => to.startsWith(s)) || to.startsWith('renderer/'))) add('core imports no shell and no renderer', i);
      if (fromArea && FEATURES.includes(fromArea) && to === 'electron/core/handlers.ts') add('a feature never imports the composition root', i);
      if (fromArea && toArea && fromArea !== toArea && FEATURES.includes(toArea)) {
        add(FEATURES.includes(fromArea) ? 'a feature imports no other feature' : 'shared core imports no feature', i);
      }
    }
  }
  for (const [file, chain] of helperReach()) {
    for (const i of imports.filter((x) => x.from === file)) {
      if (i.target === null && !isBuiltin(i.specifier)) out.push(`helper imports no package: ${file} -> ${i.specifier} (via ${chain})`);
    }
    if (!HELPER_ALLOWED.some((re) => re.test(file))) out.push(`helper bundles only its allowed set: ${file} (via ${chain})`);
  }
  for (const cycle of cycles()) out.push(`no import cycles: ${cycle.join(', ')} import each other`);
  return [...new Set(out)].sort();
}

/** Files reachable from the helper's entry, each with the chain of files that reaches it. */
function helperReach(): Map<string, string> {
  const chains = new Map<string, string[]>([[HELPER_ENTRY, []]]);
  const queue = [HELPER_ENTRY];
  while (queue.length) {
    const file = queue.shift()!;
    for (const i of imports.filter((x) => x.from === file && x.target)) {
      if (chains.has(i.target!)) continue;
      chains.set(i.target!, [...chains.get(file)!, file]);
      queue.push(i.target!);
    }
  }
  return new Map([...chains].map(([file, chain]) => [file, chain.map((f) => f.replace(/^electron\/core\//, '')).join(' -> ') || 'the entry']));
}

function edgesOf(list: readonly Import[]): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const i of list) if (i.target) edges.set(i.from, [...(edges.get(i.from) ?? []), i.target]);
  return edges;
}

/** Import cycles (Tarjan's strongly connected components): the files of each, sorted. */
function cycles(edges = edgesOf(imports)): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (edges.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('layering', () => {
  it('reads every import (each relative import resolves to a file, so nothing is silently skipped)', () => {
    expect(imports.length).toBeGreaterThan(500);
    expect(imports.filter((i) => i.specifier.startsWith('.') && !i.target && !/\.(css|svg|png)(\?.*)?$/.test(i.specifier)).map((i) => `${i.from} -> ${i.specifier}`)).toEqual([]);
    expect(helperReach().size).toBeGreaterThan(10);
  });

  it('the import reader sees what a reader would', () => {
    const text = [
      "import { a } from './a';",
      'import type {',
      '  B,',
      "} from '../b';",
      "export * from './c';",
      "import './d.css';",
      "const e = await import('./e');",
      "// import { f } from './f';",
      "/* import { g } from './g'; */",
      "const s = 'import { h } from \"./h\"';",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['./a', '../b', './c', './d.css', './e']);
  });

  it('the cycle finder finds a loop, and only a loop', () => {
    const edge = (from: string, target: string): Import => ({ from, specifier: target, target });
    expect(cycles(edgesOf([edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('c', 'd')]))).toEqual([['a', 'b', 'c']]);
    expect(cycles(edgesOf([edge('a', 'b'), edge('a', 'c'), edge('b', 'c')]))).toEqual([]);
    expect(cycles(edgesOf([edge('x', 'x')]))).toEqual([['x']]);
  });

  it('every layer imports only what it may (docs/architecture.md)', () => {
    const found = violations();
    const unexpected = found.filter((v) => !(v in ALLOWED));
    const stale = Object.keys(ALLOWED).filter((v) => !found.includes(v));
    // unexpected: forbidden imports; stale: ALLOWED entries that no longer happen (remove them).
    expect({ unexpected, stale }, 'forbidden imports (see the rules at the top of electron/layering.test.ts)').toEqual({ unexpected: [], stale: [] });
  });
});
