// Small filesystem helpers for durable writes, shared by every on-disk format.
import { closeSync, fsyncSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** fsyncs a file or directory so its contents (or a rename/unlink in it) are durable. */
export function fsyncPath(path: string): void {
  let fd = -1;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch (e) {
    // Some platforms cannot fsync directories; a rename is still atomic there.
    if ((e as NodeJS.ErrnoException).code !== 'EISDIR' && (e as NodeJS.ErrnoException).code !== 'EINVAL' && (e as NodeJS.ErrnoException).code !== 'EPERM') throw e;
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/** Best-effort fsync of a directory entry list. */
export function syncDir(dir: string): void {
  try {
    fsyncPath(dir);
  } catch {
    // best effort
  }
}

/** Total size in bytes of the files below dir. */
export function dirSize(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? dirSize(p) : statSync(p).size;
  }
  return total;
}
