// Reads audit logs from files and directories as a stream of AuditEvents, whatever container
// they come in: CloudTrail S3 objects (`{"Records":[…]}`, gzipped or not), `aws cloudtrail
// lookup-events` output, JSON lines, a JSON array (`gcloud logging read --format=json`, Azure
// exports), Azure `{"value":[…]}` and `{"records":[…]}` envelopes, or one record. The format is
// told by content, never by file name. Memory stays bounded by the largest single record: a
// file is never held whole, and events are handed on one at a time.
//
// Splitting. A small byte scanner walks the JSON structure (strings, nesting) without building
// values, cuts out each record's bytes and hands them to JSON.parse, which is native and fast.
// A streaming JSON library (stream-json and the like) builds every value token by token in
// JavaScript, which is several times slower on CloudTrail's deep records, and would be one more
// dependency for what is a hundred lines of scanning.
import { createReadStream, type Dirent } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors.js';
import { normaliseActivityLog } from './activity-log.js';
import { normaliseCloudTrail } from './cloudtrail.js';
import type { AuditEvent } from './event.js';
import { normaliseGcpAuditLog } from './gcp-audit.js';

/** A record the reader could not use; the read goes on. */
export interface LogProblem {
  readonly path: string;
  /** `record 17` (0-based, in file order), `line 42`, or `file` for the file as a whole. */
  readonly position: string;
  readonly message: string;
}

/** A path that cannot be read, or a file named on the command line that holds no audit log. */
export class LogInputError extends InputError {}

export interface ReadOptions {
  readonly onProblem?: (problem: LogProblem) => void;
  /** Drops events early (before they are queued anywhere); the default keeps all. */
  readonly keep?: (event: AuditEvent) => boolean;
}

/** Envelope keys whose array holds the records: CloudTrail S3, Azure Event Hub, Azure REST, lookup-events. */
const ENVELOPE_KEYS = new Set(['Records', 'records', 'value', 'Events']);
/** One record larger than this is not a log record; it is skipped, not buffered. */
const MAX_RECORD_BYTES = 32 * 1024 * 1024;
/** After this many records with none recognised, a file is taken not to be an audit log. */
const GIVE_UP_AFTER = 1000;
/** Envelope keys are short: longer strings at the top level are not read as keys. */
const KEY_MAX = 16;
const CLOUDTRAIL_KEY_TIME = /_(\d{8}T\d{4}Z)_/;

export async function* readAuditEvents(paths: readonly string[], options: ReadOptions = {}): AsyncGenerator<AuditEvent> {
  const onProblem = options.onProblem ?? (() => undefined);
  for (const path of paths) {
    for (const file of await filesOf(path)) {
      yield* readFile(file.path, file.named, onProblem, options.keep);
    }
  }
}

interface FileEntry {
  readonly path: string;
  /** Named by the user (an error if not a log) rather than found in a directory (skipped with a problem). */
  readonly named: boolean;
}

function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

async function filesOf(path: string): Promise<FileEntry[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new LogInputError(`logs ${path}: cannot read (${errnoOf(error)})`);
  }
  if (info.isFile()) return [{ path, named: true }];
  if (!info.isDirectory()) throw new LogInputError(`logs ${path}: not a file or a directory`);
  const found: string[] = [];
  await walk(path, found, new Set());
  return sortLogFiles(found).map((file) => ({ path: file, named: false }));
}

async function walk(dir: string, found: string[], seen: Set<string>): Promise<void> {
  let entries: Dirent[];
  try {
    // A symbolic link back up the tree is followed once.
    const real = await realpath(dir);
    if (seen.has(real)) return;
    seen.add(real);
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new LogInputError(`logs ${dir}: cannot read the directory (${errnoOf(error)})`);
  }
  for (const entry of entries) {
    // Hidden files are editor and OS litter; digest folders hold CloudTrail's signatures, not events.
    if (entry.name.startsWith('.') || entry.name === 'CloudTrail-Digest') continue;
    const full = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(full).catch(() => undefined);
      isDir = target?.isDirectory() ?? false;
      isFile = target?.isFile() ?? false;
    }
    if (isDir) await walk(full, found, seen);
    else if (isFile) found.push(full);
  }
}

/**
 * CloudTrail object keys carry the end of the five minutes they cover
 * (`…_CloudTrail_us-east-1_20240115T1030Z_….json.gz`): ordering by it interleaves regions and
 * accounts roughly in time. Other files follow by path.
 */
export function sortLogFiles(files: readonly string[]): string[] {
  const stamp = (file: string): string => CLOUDTRAIL_KEY_TIME.exec(basename(file))?.[1] ?? '';
  return [...files].sort((a, b) => {
    const byTime = stamp(a).localeCompare(stamp(b));
    return byTime !== 0 ? byTime : a < b ? -1 : a > b ? 1 : 0;
  });
}

/** Each normaliser checks the record's shape and declines what is not its own. */
function normalise(record: unknown, origin: string): AuditEvent | undefined {
  return normaliseCloudTrail(record, origin) ?? normaliseGcpAuditLog(record, origin) ?? normaliseActivityLog(record, origin);
}

class NotALog extends Error {}

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

async function* chunksOf(path: string): AsyncGenerator<Buffer> {
  const gzip = await isGzip(path);
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  if (!gzip) {
    try {
      for await (const chunk of raw) yield chunk as Buffer;
    } finally {
      raw.destroy();
    }
    return;
  }
  const gunzip = createGunzip({ chunkSize: 1 << 18 });
  raw.on('error', (error) => gunzip.destroy(error));
  raw.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } finally {
    raw.destroy();
    gunzip.destroy();
  }
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

async function* readFile(path: string, named: boolean, onProblem: (p: LogProblem) => void, keep: ((e: AuditEvent) => boolean) | undefined): AsyncGenerator<AuditEvent> {
  const state = new FileState(path, onProblem);
  const splitter = new RecordSplitter();
  const lines = new LineSplitter();
  let inLines = false;
  const drain = function* (pieces: Iterable<Piece>): Generator<AuditEvent> {
    for (const piece of pieces) {
      for (const event of state.take(piece)) if (!keep || keep(event)) yield event;
    }
  };
  try {
    try {
      for await (const chunk of chunksOf(path)) {
        if (inLines) {
          yield* drain(lines.push(chunk));
          continue;
        }
        const { pieces, rest } = splitter.push(chunk);
        yield* drain(pieces);
        if (rest) {
          // The first record sat on one line: the file is JSON lines, read line by line from here.
          inLines = true;
          lines.startAt(splitter.line);
          yield* drain(lines.push(rest));
        }
      }
      yield* drain(inLines ? lines.end() : splitter.end());
    } catch (error) {
      // A read or gunzip failure part-way through a log loses the rest of it, not the run.
      if (!isSystemError(error) || state.recognised === 0) throw error;
      state.problem('file', `the rest of the file cannot be read (${errnoOf(error)})`);
    }
    state.finish();
  } catch (error) {
    if (!(error instanceof NotALog) && !isSystemError(error)) throw error;
    const reason = error instanceof NotALog ? error.message : `cannot be read (${errnoOf(error)})`;
    if (named) throw new LogInputError(`logs ${path}: ${reason}`, { cause: error });
    onProblem({ path, position: 'file', message: `skipped: ${reason}` });
  }
}

type Piece =
  | { readonly kind: 'record'; readonly bytes: Buffer; readonly position: string; readonly origin: string }
  | { readonly kind: 'problem'; readonly position: string; readonly message: string };

const NOT_A_LOG = 'not an audit log (no CloudTrail, Azure Activity Log or Google Cloud audit record in it)';

/** Per-file bookkeeping: counts, and problems held back until the file is known to be a log. */
class FileState {
  recognised = 0;
  private seen = 0;
  private held: LogProblem[] = [];
  constructor(
    private readonly path: string,
    private readonly onProblem: (p: LogProblem) => void,
  ) {}

  problem(position: string, message: string): void {
    const problem = { path: this.path, position, message };
    if (this.recognised > 0) this.onProblem(problem);
    else this.held.push(problem);
  }

  *take(piece: Piece): Generator<AuditEvent> {
    this.seen += 1;
    if (piece.kind === 'problem') {
      this.problem(piece.position, piece.message);
    } else {
      let value: unknown;
      try {
        value = JSON.parse(piece.bytes.toString('utf8'));
      } catch (error) {
        this.problem(piece.position, `malformed JSON (${(error as Error).message})`);
        value = undefined;
      }
      if (value !== undefined) yield* this.records(value, piece.position, `${this.path}:${piece.origin}`);
    }
    if (this.recognised === 0 && this.seen >= GIVE_UP_AFTER) throw new NotALog(NOT_A_LOG);
  }

  private *records(value: unknown, position: string, origin: string): Generator<AuditEvent> {
    // A line of JSON lines may itself be an envelope (one Event Hub message per line).
    const envelope = envelopeItems(value);
    const records = envelope ?? [value];
    for (const [index, item] of records.entries()) {
      const where = envelope ? `${origin}#${index}` : origin;
      const event = normalise(unwrapLookup(item), where);
      if (!event) {
        this.problem(envelope ? `${position} #${index}` : position, 'not a CloudTrail, Azure Activity Log or Google Cloud audit record');
        continue;
      }
      if (this.recognised === 0) {
        for (const held of this.held) this.onProblem(held);
        this.held = [];
      }
      this.recognised += 1;
      yield event;
    }
  }

  finish(): void {
    if (this.recognised === 0 && this.held.length > 0) throw new NotALog(NOT_A_LOG);
  }
}

function envelopeItems(value: unknown): readonly unknown[] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  for (const key of ENVELOPE_KEYS) {
    const items = (value as Record<string, unknown>)[key];
    if (Array.isArray(items)) return items;
  }
  return undefined;
}

/** `aws cloudtrail lookup-events` wraps each record as a JSON string in `CloudTrailEvent`. */
function unwrapLookup(item: unknown): unknown {
  if (typeof item !== 'object' || item === null) return item;
  const embedded = (item as Record<string, unknown>)['CloudTrailEvent'];
  if (typeof embedded !== 'string') return item;
  try {
    return JSON.parse(embedded) as unknown;
  } catch {
    return item;
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === NEWLINE || byte === 0x0d || byte === 0x09;
}

/** Bytes of one value, gathered across chunks, up to a bound. */
class Capture {
  private parts: Buffer[] = [];
  private size = 0;
  overflow = false;
  add(bytes: Buffer): void {
    if (this.overflow) return;
    this.size += bytes.length;
    if (this.size > MAX_RECORD_BYTES) {
      this.overflow = true;
      this.parts = [];
      return;
    }
    this.parts.push(bytes);
  }
  take(): Buffer {
    const out = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    return out;
  }
}

/**
 * Cuts a JSON stream into records without parsing it: a top-level array's items, the items of an
 * envelope array (`Records`, `records`, `value`, `Events`) of a top-level object, or whole
 * top-level objects (one record, or several written one after another). Exported for tests,
 * which feed it one byte at a time.
 */
export class RecordSplitter {
  line = 1;
  private depth = 0;
  private readonly stack: number[] = [];
  private inString = false;
  private escapeNext = false;
  private stringStart = -1;
  private lastString: string | undefined;
  private keyHead: string | undefined;
  private pendingKey: string | undefined;
  /** Depth at which the streamed array's items sit (1: top-level array, 2: envelope array); 0 when none. */
  private itemDepth = 0;
  private inItem = false;
  private itemIsContainer = false;
  /** Capturing a whole top-level object, which may yet turn out to be an envelope. */
  private inTop = false;
  private topLine = 0;
  private capture = new Capture();
  private captureFrom = -1;
  private index = 0;
  private junkReported = false;
  private started = false;

  push(chunk: Buffer): { pieces: Piece[]; rest?: Buffer } {
    const pieces: Piece[] = [];
    let i = 0;
    const length = chunk.length;
    if (!this.started) {
      // A UTF-8 byte order mark, as some Windows tools write.
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    }
    this.captureFrom = this.inItem || this.inTop ? 0 : -1;
    while (i < length) {
      if (this.inString) {
        i = this.skipString(chunk, i);
        continue;
      }
      const byte = chunk[i] as number;
      if (this.itemDepth > 0 && this.depth === this.itemDepth && !this.inItem && !isSpace(byte) && byte !== COMMA && byte !== CLOSE_ARRAY) {
        this.inItem = true;
        this.itemIsContainer = byte === OPEN_OBJECT || byte === OPEN_ARRAY;
        this.captureFrom = i;
      }
      switch (byte) {
        case QUOTE:
          this.inString = true;
          this.stringStart = i + 1;
          this.keyHead = undefined;
          if (this.depth === 0) this.junk(pieces);
          i += 1;
          continue;
        case OPEN_OBJECT:
        case OPEN_ARRAY:
          this.open(byte, i);
          break;
        case CLOSE_OBJECT:
        case CLOSE_ARRAY: {
          const rest = this.close(byte, chunk, i, pieces);
          if (rest !== undefined) return { pieces, rest: chunk.subarray(rest) };
          break;
        }
        case COMMA:
          if (this.inItem && !this.itemIsContainer && this.depth === this.itemDepth) this.endItem(chunk, i, pieces);
          this.pendingKey = undefined;
          break;
        case COLON:
          if (this.depth === 1 && this.stack[0] === OPEN_OBJECT) this.pendingKey = this.lastString;
          break;
        case NEWLINE:
          this.line += 1;
          break;
        default:
          if (this.depth === 0 && !isSpace(byte)) this.junk(pieces);
      }
      this.started = true;
      i += 1;
    }
    if (this.inString && this.stringStart >= 0) {
      // A string opened at the very end of this chunk: its start is an offset into this chunk only.
      const head = chunk.toString('latin1', Math.min(this.stringStart, length));
      this.keyHead = this.depth === 1 && head.length <= KEY_MAX ? head : undefined;
      this.stringStart = -1;
    }
    if (this.captureFrom >= 0 && (this.inItem || this.inTop)) this.capture.add(chunk.subarray(this.captureFrom));
    return { pieces };
  }

  end(): Piece[] {
    if (this.depth > 0 || this.inString) {
      return [{ kind: 'problem', position: `record ${this.index}`, message: 'the file ends inside a record (truncated?)' }];
    }
    return [];
  }

  private junk(pieces: Piece[]): void {
    this.started = true;
    if (this.junkReported) return;
    this.junkReported = true;
    pieces.push({ kind: 'problem', position: `line ${this.line}`, message: 'text that is not JSON' });
  }

  /** Moves past string bytes; the fast path finds the closing quote natively. */
  private skipString(chunk: Buffer, from: number): number {
    let i = from;
    if (this.escapeNext) {
      this.escapeNext = false;
      i += 1;
      if (i >= chunk.length) return i;
    }
    for (;;) {
      const quote = chunk.indexOf(QUOTE, i);
      if (quote < 0) {
        let slashes = 0;
        for (let k = chunk.length - 1; k >= i && chunk[k] === BACKSLASH; k -= 1) slashes += 1;
        this.escapeNext = slashes % 2 === 1;
        // A key cut by the chunk boundary: keep its head, short keys only.
        const start = Math.max(this.stringStart, 0);
        const carried = this.stringStart >= 0 ? '' : this.keyHead;
        this.keyHead =
          this.depth === 1 && carried !== undefined && carried.length + chunk.length - start <= KEY_MAX ? carried + chunk.toString('latin1', start) : undefined;
        this.stringStart = -1;
        return chunk.length;
      }
      let slashes = 0;
      for (let k = quote - 1; k >= i && chunk[k] === BACKSLASH; k -= 1) slashes += 1;
      if (slashes % 2 === 1) {
        i = quote + 1;
        continue;
      }
      this.inString = false;
      if (this.depth === 1) {
        const text = this.stringStart >= 0 ? chunk.toString('latin1', this.stringStart, quote) : this.keyHead !== undefined ? this.keyHead + chunk.toString('latin1', 0, quote) : undefined;
        this.lastString = text !== undefined && text.length <= KEY_MAX ? text : undefined;
      }
      this.keyHead = undefined;
      return quote + 1;
    }
  }

  private open(byte: number, at: number): void {
    if (this.depth === 0) {
      this.started = true;
      if (byte === OPEN_ARRAY) {
        this.itemDepth = 1;
      } else {
        this.inTop = true;
        this.topLine = this.line;
        this.captureFrom = at;
      }
    } else if (this.depth === 1 && this.inTop && byte === OPEN_ARRAY && this.pendingKey !== undefined && ENVELOPE_KEYS.has(this.pendingKey)) {
      // An envelope: stream its array's items and forget the object around them.
      this.inTop = false;
      this.capture = new Capture();
      this.captureFrom = -1;
      this.itemDepth = 2;
    }
    this.pendingKey = undefined;
    this.stack.push(byte);
    this.depth += 1;
  }

  /** Returns where JSON lines begin, when this close ends a one-line first record. */
  private close(byte: number, chunk: Buffer, at: number, pieces: Piece[]): number | undefined {
    if (byte === CLOSE_ARRAY && this.itemDepth > 0 && this.depth === this.itemDepth) {
      if (this.inItem) this.endItem(chunk, at, pieces);
      this.itemDepth = 0;
    }
    this.stack.pop();
    this.depth = Math.max(0, this.depth - 1);
    if (this.inItem && this.itemIsContainer && this.depth === this.itemDepth) this.endItem(chunk, at + 1, pieces);
    if (this.depth === 0 && this.inTop) {
      this.inTop = false;
      const oneLine = this.line === this.topLine;
      this.emit(chunk, at + 1, pieces);
      if (oneLine && this.index === 1) {
        // JSON lines: the first record is named by its line like the ones after it.
        const first = pieces[pieces.length - 1];
        if (first?.kind === 'record') pieces[pieces.length - 1] = { ...first, position: `line ${this.topLine}`, origin: `line ${this.topLine}` };
        return at + 1;
      }
    }
    return undefined;
  }

  private endItem(chunk: Buffer, end: number, pieces: Piece[]): void {
    this.inItem = false;
    this.emit(chunk, end, pieces);
  }

  private emit(chunk: Buffer, end: number, pieces: Piece[]): void {
    if (this.captureFrom >= 0) this.capture.add(chunk.subarray(this.captureFrom, end));
    this.captureFrom = -1;
    const index = this.index;
    this.index += 1;
    if (this.capture.overflow) {
      this.capture = new Capture();
      pieces.push({ kind: 'problem', position: `record ${index}`, message: `a record larger than ${MAX_RECORD_BYTES >> 20} MiB was skipped` });
      return;
    }
    pieces.push({ kind: 'record', bytes: this.capture.take(), position: `record ${index}`, origin: String(index) });
  }
}

/** JSON lines: one record per line, a bad line a problem of its own. */
class LineSplitter {
  private line = 1;
  private capture = new Capture();

  startAt(line: number): void {
    this.line = line;
  }

  *push(chunk: Buffer): Generator<Piece> {
    let from = 0;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, from);
      if (newline < 0) {
        if (from < chunk.length) this.capture.add(chunk.subarray(from));
        return;
      }
      this.capture.add(chunk.subarray(from, newline));
      yield* this.flush();
      this.line += 1;
      from = newline + 1;
    }
  }

  *end(): Generator<Piece> {
    yield* this.flush();
  }

  private *flush(): Generator<Piece> {
    const line = this.line;
    if (this.capture.overflow) {
      this.capture = new Capture();
      yield { kind: 'problem', position: `line ${line}`, message: `a line longer than ${MAX_RECORD_BYTES >> 20} MiB was skipped` };
      return;
    }
    const bytes = this.capture.take();
    if (bytes.length === 0 || bytes.every(isSpace)) return;
    yield { kind: 'record', bytes, position: `line ${line}`, origin: `line ${line}` };
  }
}
