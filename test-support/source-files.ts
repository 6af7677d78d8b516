// The project's own source files, for tests that hold a rule over the code itself.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The files under each of `roots` (a folder or a file, relative to the working directory) whose name matches `pattern`. */
export function sourceFiles(roots: readonly string[], pattern: RegExp = /\.(ts|tsx|mjs|js)$/): string[] {
  return roots.flatMap((root) =>
    statSync(root).isDirectory()
      ? readdirSync(root, { recursive: true, encoding: 'utf8' })
          .filter((file) => pattern.test(file))
          .map((file) => path.join(root, file))
      : [root],
  );
}
