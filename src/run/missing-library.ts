/**
 * A server that will not start because shared_preload_libraries names a library its node image
 * does not install (repmgr on PostgreSQL 18: Debian packages it for some majors only) is the
 * scenario's finding on that major, not a broken harness. Pure: the runner hands it the error.
 */
export function missingPreloadLibrary(
  settings: Readonly<Record<string, unknown>>,
  major: number,
  startError: string,
): string | null {
  const file = /could not access file "([^"]+)": No such file or directory/.exec(startError)?.[1];
  if (!file) return null;
  const preload = String(settings.shared_preload_libraries ?? '')
    .split(',')
    .map((name) => name.trim().replace(/^'|'$/g, ''));
  if (!preload.includes(file)) return null;
  return `shared_preload_libraries names ${file}, which the node image for PostgreSQL ${major} does not install (Debian packages ${file} for some majors only; the report's components list says which this one has)`;
}
