/**
 * WAL segment names and archive continuity: which segments a restore or PITR needs from the
 * archive, and which of them are not there. Pure: the procedures list the archive and call these.
 */
import type { ArchiveContinuity } from './recovery-evidence.ts';
import { LIST_LIMIT } from './evidence.ts';

/** PostgreSQL's default wal_segment_size. */
export const DEFAULT_SEGMENT_BYTES = 16 * 1024 * 1024;

const LOG_BYTES = 0x1_0000_0000;

/** A WAL position and the timeline it is on. */
export interface WalPosition {
  timeline: number;
  /** text form, "X/Y" in hex (pg_lsn) */
  lsn: string;
}

/** Segments per "log" (the high 32 bits of an LSN): 256 for 16 MB segments. */
function segmentsPerLog(segmentBytes: number): number {
  // wal_segment_size is a power of two from 1 MB to 1 GB, so it always divides 2^32.
  if (!Number.isInteger(segmentBytes) || segmentBytes <= 0 || LOG_BYTES % segmentBytes !== 0) {
    throw new RangeError(`segment size ${segmentBytes} does not divide 2^32: not a WAL segment size`);
  }
  return LOG_BYTES / segmentBytes;
}

/** The absolute segment number (XLByteToSeg) holding the byte at `lsn`. */
function segmentNumber(lsn: string, segmentBytes: number): number {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn.trim());
  if (match === null) throw new RangeError(`not an LSN: ${JSON.stringify(lsn)} (expected "X/Y" in hex)`);
  const high = Number.parseInt(match[1]!, 16);
  const low = Number.parseInt(match[2]!, 16);
  return high * segmentsPerLog(segmentBytes) + Math.floor(low / segmentBytes);
}

const hex8 = (value: number) => value.toString(16).toUpperCase().padStart(8, '0');

/** XLogFileName for an absolute segment number. */
function nameOf(timeline: number, segment: number, segmentBytes: number): string {
  const perLog = segmentsPerLog(segmentBytes);
  return hex8(timeline) + hex8(Math.floor(segment / perLog)) + hex8(segment % perLog);
}

/**
 * The name of the WAL segment file holding `lsn` on `timeline`, as PostgreSQL names it
 * (XLogFileName): 8 hex digits of timeline, of "log" (the LSN's high 32 bits) and of the segment
 * within that log (the low 32 bits / segment size), uppercase. A position exactly on a segment
 * boundary is in the segment that starts there.
 * @example walSegmentName(1, '0/3000028') === '000000010000000000000003'
 */
export function walSegmentName(timeline: number, lsn: string, segmentBytes = DEFAULT_SEGMENT_BYTES): string {
  if (!Number.isInteger(timeline) || timeline < 1 || timeline > 0xffff_ffff)
    throw new RangeError(`not a timeline: ${timeline}`);
  return nameOf(timeline, segmentNumber(lsn, segmentBytes), segmentBytes);
}

/** A file of the archive, read from its name; null for anything that is not about one segment. */
interface ArchivedFile {
  timeline: number;
  segment: number;
  /** the segment's unfinished copy from a timeline that ended inside it (`.partial`) */
  partial: boolean;
}

/**
 * The suffixes a complete segment may carry after its 24-character name: pgBackRest's
 * `-<sha1>`, then a compression extension (pgBackRest, pg_receivewal). `.partial`, `.backup`
 * (backup history) and anything unknown (`.tmp`, …) do not make a segment present.
 */
const COMPLETE_SUFFIX = /^(-[0-9a-f]{40})?(\.(gz|lz4|zst|bz2|xz))?$/i;
const PARTIAL_SUFFIX = /^\.partial(-[0-9a-f]{40})?(\.(gz|lz4|zst|bz2|xz))?$/i;

function readFileName(file: string, segmentBytes: number): ArchivedFile | null {
  const base = file.slice(file.lastIndexOf('/') + 1);
  const match = /^([0-9A-Fa-f]{8})([0-9A-Fa-f]{8})([0-9A-Fa-f]{8})/.exec(base);
  if (match === null) return null;
  const rest = base.slice(24);
  const partial = PARTIAL_SUFFIX.test(rest);
  if (!partial && !COMPLETE_SUFFIX.test(rest)) return null;
  const perLog = segmentsPerLog(segmentBytes);
  const inLog = Number.parseInt(match[3]!, 16);
  if (inLog >= perLog) return null; // not a segment of this size
  return {
    timeline: Number.parseInt(match[1]!, 16),
    segment: Number.parseInt(match[2]!, 16) * perLog + inLog,
    partial,
  };
}

/**
 * Which segments between `from` (e.g. a backup's start) and `to` (the recovery target, or the
 * backup's end) the archive lacks. The recovery needs every segment from the one holding
 * `from.lsn` to the one holding `to.lsn`, both included, counted across log boundaries
 * (…000000FF is followed by the next log's …00000000 with 16 MB segments).
 *
 * `files` are the names found in the archive (a path prefix is ignored): plain segment names,
 * compressed ones, pgBackRest's `<segment>-<sha1>.gz`, `.partial`, `.backup` and `.history`
 * files. A segment counts as present when a complete copy exists on any timeline from
 * `from.timeline` to `to.timeline`: recovery follows the timeline history and takes each segment
 * from the timeline that holds it then. A `.partial` copy does not count: it is the unfinished
 * end of a timeline that was left, and recovery does not replay it.
 *
 * A missing segment is named on the timeline that should hold it. File names alone do not carry
 * the timeline history (that is inside the `.history` files), so this is inferred: the segment
 * `to` needs is on `to.timeline`; any other on the highest timeline of the closest present
 * segment before it, or from.timeline when none is; and when a `.partial` of that timeline lies
 * between the two (the timeline ended there), on the next higher timeline found in the archive
 * (else to.timeline). A gap right after a switch whose `.partial` was not archived is named on
 * the old timeline.
 *
 * @throws RangeError for a malformed LSN or segment size, or a `to` before `from`
 */
export function archiveContinuity(input: {
  location: string;
  files: string[];
  from: WalPosition;
  to: WalPosition;
  segmentBytes?: number;
}): ArchiveContinuity {
  const { location, files, from, to } = input;
  const segmentBytes = input.segmentBytes ?? DEFAULT_SEGMENT_BYTES;
  const first = segmentNumber(from.lsn, segmentBytes);
  const last = segmentNumber(to.lsn, segmentBytes);
  if (last < first || to.timeline < from.timeline) {
    throw new RangeError(
      `the recovery's end (timeline ${to.timeline}, ${to.lsn}) is before its start (timeline ${from.timeline}, ${from.lsn})`,
    );
  }
  const onTimelines = (timeline: number) => timeline >= from.timeline && timeline <= to.timeline;

  /** segment number -> timelines holding a complete copy, only within the range and the timelines */
  const present = new Map<number, Set<number>>();
  /** timeline -> segment numbers where that timeline ended (a `.partial`) */
  const endings = new Map<number, number[]>();
  /** timelines some complete segment or `.history` file shows */
  const timelinesSeen = new Set<number>();
  for (const file of files) {
    const history = /(?:^|\/)([0-9A-Fa-f]{8})\.history(\.(gz|lz4|zst|bz2|xz))?$/i.exec(file);
    if (history !== null) timelinesSeen.add(Number.parseInt(history[1]!, 16));
    const read = readFileName(file, segmentBytes);
    if (read === null || !onTimelines(read.timeline)) continue;
    if (read.partial) {
      endings.set(read.timeline, [...(endings.get(read.timeline) ?? []), read.segment]);
      continue;
    }
    timelinesSeen.add(read.timeline);
    if (read.segment < first || read.segment > last) continue;
    const timelines = present.get(read.segment) ?? new Set<number>();
    timelines.add(read.timeline);
    present.set(read.segment, timelines);
  }

  const nextTimeline = (after: number) => Math.min(...[...timelinesSeen].filter((t) => t > after), to.timeline);
  /** the timeline the history is on at missing segment `segment`, `previous` the closest present segment before it */
  const timelineOf = (segment: number, previous: number | null): number => {
    if (segment === last) return to.timeline;
    let timeline = previous === null ? from.timeline : Math.max(...present.get(previous)!);
    const ended = (endings.get(timeline) ?? []).some((at) => at >= (previous ?? first) && at <= segment);
    if (ended && timeline < to.timeline) timeline = nextTimeline(timeline);
    return timeline;
  };

  const missing: string[] = [];
  let previous: number | null = null;
  for (let segment = first; segment <= last && missing.length < LIST_LIMIT; segment++) {
    if (present.has(segment)) {
      previous = segment;
      continue;
    }
    missing.push(nameOf(timelineOf(segment, previous), segment, segmentBytes));
  }
  return {
    location,
    from: nameOf(from.timeline, first, segmentBytes),
    to: nameOf(to.timeline, last, segmentBytes),
    missing,
    missingTotal: last - first + 1 - present.size,
  };
}

/**
 * Where the newest complete segment in the archive starts, on its timeline: how far a recovery
 * to the archive's end (`pitr by: latest`) can get. Null when the archive holds no complete
 * segment. `.partial`, `.backup` and `.history` files do not count, as in archiveContinuity.
 */
export function newestArchived(files: string[], segmentBytes = DEFAULT_SEGMENT_BYTES): WalPosition | null {
  let newest: ArchivedFile | null = null;
  for (const file of files) {
    const archived = readFileName(file, segmentBytes);
    if (archived === null || archived.partial) continue;
    if (
      newest === null ||
      archived.segment > newest.segment ||
      (archived.segment === newest.segment && archived.timeline > newest.timeline)
    )
      newest = archived;
  }
  if (newest === null) return null;
  const perLog = segmentsPerLog(segmentBytes);
  const high = Math.floor(newest.segment / perLog);
  const low = (newest.segment % perLog) * segmentBytes;
  return { timeline: newest.timeline, lsn: `${high.toString(16).toUpperCase()}/${low.toString(16).toUpperCase()}` };
}
