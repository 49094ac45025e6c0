// The layers import one way (src/zoho ← src/jobs ← src/ui ← src/extension.ts) and no file of src/
// imports itself back through others, type imports included.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '../../src');
const LAYER = ['zoho', 'jobs', 'ui', 'extension.ts'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  // `import … from './x'`, `export … from './x'`, `import './x'` and `import('./x')` (type positions included)
  for (const m of text.matchAll(/(?:(?:import|export)\s[^;]*?from\s+|import\s+|import\(\s*)['"](\.[^'"]+)['"]/g)) {
    const base = path.join(path.dirname(file), m[1]);
    const hit = [`${base}.ts`, path.join(base, 'index.ts')].find((c) => fs.existsSync(c));
    if (hit) out.push(hit);
  }
  return out;
}

const layerOf = (file: string): number => LAYER.indexOf(path.relative(ROOT, file).split(path.sep)[0]);

describe('architecture', () => {
  const files = sourceFiles(ROOT);
  const graph = new Map(files.map((f) => [f, importsOf(f)]));

  it('imports run one way between the layers', () => {
    const wrong = files.flatMap((f) => graph.get(f)!.filter((to) => layerOf(to) > layerOf(f)).map((to) => `${path.relative(ROOT, f)} → ${path.relative(ROOT, to)}`));
    assert.deepStrictEqual(wrong, []);
  });

  it('the client and the model never import vscode', () => {
    const wrong = files.filter((f) => layerOf(f) <= 1 && /(?:from\s+|require\(\s*|import\(\s*)['"]vscode['"]/.test(fs.readFileSync(f, 'utf8')));
    assert.deepStrictEqual(wrong.map((f) => path.relative(ROOT, f)), []);
  });

  it('has no import circles, type imports included', () => {
    const circles: string[] = [];
    const done = new Set<string>();
    const stack: string[] = [];
    const visit = (f: string): void => {
      stack.push(f);
      for (const to of graph.get(f) ?? []) {
        const at = stack.indexOf(to);
        if (at >= 0) circles.push([...stack.slice(at), to].map((x) => path.relative(ROOT, x)).join(' → '));
        else if (!done.has(to)) visit(to);
      }
      stack.pop();
      done.add(f);
    };
    for (const f of files) if (!done.has(f)) visit(f);
    assert.deepStrictEqual(circles, []);
  });
});
