// What reaches the browser bundle: client components take values only from app/ and lib/
// (types of DTOs and AppRouter are erased), and lib/ stays pure so both sides may import it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '@/test-support/source-files';

const root = path.resolve(import.meta.dirname, '..');
const SOURCE = /\.tsx?$/;

type Import = { specifier: string; typeOnly: boolean };

function read(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(path.join(root, file), 'utf8'), ts.ScriptTarget.Latest, false);
}

function directive(source: ts.SourceFile): string | undefined {
  const first = source.statements[0];
  return first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) ? first.expression.text : undefined;
}

/** Static imports and re-exports; `import type`, `import { type A }` and `export type` bring no value. */
function importsOf(source: ts.SourceFile): Import[] {
  const found: Import[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      const bindings = clause?.namedBindings;
      const onlyTypeNames = !clause?.name && bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
      found.push({ specifier: statement.moduleSpecifier.text, typeOnly: Boolean(clause?.isTypeOnly) || onlyTypeNames });
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      found.push({ specifier: statement.moduleSpecifier.text, typeOnly: statement.isTypeOnly });
    }
  }
  return found;
}

/** The project file an import names (relative or `@/`), or undefined for a package. */
function resolve(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith('@/') ? specifier.slice(2) : specifier.startsWith('.') ? path.join(path.dirname(from), specifier) : undefined;
  if (base === undefined) return undefined;
  return [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')].find(
    (candidate) => SOURCE.test(candidate) && existsSync(path.join(root, candidate)),
  );
}

const serverSide = (file: string) => /^(server|db)\//.test(file);

/**
 * Every value a client component takes, followed through app/ and lib/: the files of
 * server/ or db/ it reaches, and the modules marked server-only. A server action file
 * ('use server') is a reference on the client, so the walk stops there.
 */
function serverCodeInClientBundles(): string[] {
  const problems: string[] = [];
  const clientFiles = sourceFiles(['app'], SOURCE).filter((file) => directive(read(file)) === 'use client');
  const seen = new Set<string>();
  const queue = clientFiles.map((file) => ({ file, via: [file] }));
  for (let next = queue.shift(); next; next = queue.shift()) {
    const { file, via } = next;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const { specifier, typeOnly } of importsOf(read(file))) {
      if (typeOnly) continue;
      if (specifier === 'server-only') problems.push(`${via.join(' -> ')} is server-only`);
      const target = resolve(file, specifier);
      if (!target) continue;
      if (serverSide(target)) problems.push(`${via.join(' -> ')} imports ${specifier}`);
      else if (directive(read(target)) !== 'use server') queue.push({ file: target, via: [...via, target] });
    }
  }
  expect(clientFiles.length).toBeGreaterThan(5); // the walk did find the client components
  return problems;
}

describe('client bundles', () => {
  it('take no value from server/ or db/ (only types), through any file of app/ or lib/', () => {
    expect(serverCodeInClientBundles()).toEqual([]);
  });
});

describe('lib/', () => {
  it('imports nothing from app/, server/ or db/, nor server-only or Node.js modules', () => {
    const problems = sourceFiles(['lib'], SOURCE).flatMap((file) =>
      importsOf(read(file))
        .filter(({ specifier }) => /^@\/(app|server|db)\//.test(specifier) || /^(server-only$|node:)/.test(specifier) || /^(app|server|db)\//.test(resolve(file, specifier) ?? ''))
        .map(({ specifier }) => `${file} imports ${specifier}`),
    );
    expect(problems).toEqual([]);
  });
});
