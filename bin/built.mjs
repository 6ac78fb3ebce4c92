// Whether dist/ (the compiled CLI, `npm run build`) was built from the sources as they are now.
// Cheap enough for every start (a stat of each file under src/, a few milliseconds): an engineer
// who edits src/ never runs stale code, and falls back to running the sources through tsx.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Holds the newest source mtime the build compiled from. */
export const STAMP = path.join('dist', '.built');

/**
 * Newest mtime under `dir`: its .ts files and its folders (a deleted file changes its folder's).
 * Tests are not compiled, so editing one does not make the build stale.
 */
export function newestSourceMtime(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** The inputs of the build besides src/. */
const CONFIG = ['tsconfig.json', 'tsconfig.build.json'];

export function newestInput(root) {
  return Math.max(
    newestSourceMtime(path.join(root, 'src')),
    ...CONFIG.map((f) => statSync(path.join(root, f)).mtimeMs),
  );
}

export function builtIsCurrent(root) {
  try {
    const stamp = Number(readFileSync(path.join(root, STAMP), 'utf8'));
    return Number.isFinite(stamp) && newestInput(root) <= stamp;
  } catch {
    return false;
  }
}
