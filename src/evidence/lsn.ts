/** PostgreSQL LSNs ("16/B374D848") as comparable bigints. */
export function parseLsn(lsn: string): bigint {
  const [hi, lo] = lsn.split('/');
  if (hi === undefined || lo === undefined) throw new Error(`not an LSN: ${lsn}`);
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

export function lsnAtLeast(lsn: string | null, target: string): boolean {
  return lsn !== null && parseLsn(lsn) >= parseLsn(target);
}
