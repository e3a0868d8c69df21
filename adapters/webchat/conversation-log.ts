import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Bytes charged per kept activity on top of its JSON text (string header, array slot). */
const entryOverheadBytes = 32;
/** Bytes charged for a packed log on top of its deflated data (the Buffer object). */
const packedOverheadBytes = 96;

/** The activities after a watermark, as JSON texts, and the watermark to send next time (absent while the log is empty). */
export interface LogSlice {
  readonly activitiesJson: readonly string[];
  readonly watermark: string | undefined;
}

/** The sequence number a watermark stands for, or undefined when it is absent or not a watermark. */
export function watermarkSeq(watermark: string | undefined): number | undefined {
  return watermark !== undefined && /^\d{1,15}$/.test(watermark) ? Number(watermark) : undefined;
}

/** What keeping one activity's JSON text costs, in bytes: its UTF-8 size plus a fixed overhead. */
function entryBytes(json: string): number {
  return Buffer.byteLength(json) + entryOverheadBytes;
}

/**
 * One conversation's activity history, as Direct Line serves it: every stored activity gets the id
 * `<conversationId>|<seq, at least 7 digits>` and the watermark `<seq>`; a watermark means "I have seen up to this one".
 * Numbering starts at `firstSeq` (0 for a new conversation, higher for one recreated after an eviction, so its
 * ids and watermarks never repeat earlier ones).
 *
 * Entries are kept as JSON text (what is sent anyway, and smaller than objects), only the last
 * `maxActivities` are kept, and an idle log can be packed (deflated) until it is read again.
 */
export class ConversationLog {
  private entries: string[] = [];
  private packed: Buffer | undefined;
  /** Sequence number of `entries[0]`. */
  private firstSeq: number;
  private nextSeq: number;
  /** Sequence number of the first activity this log stored (or will store). */
  private readonly baseSeq: number;
  /** What `entries` cost, in bytes (see entryBytes). */
  private entriesBytes = 0;

  constructor(
    private readonly conversationId: string,
    private readonly maxActivities: number,
    firstSeq = 0,
  ) {
    this.baseSeq = firstSeq;
    this.firstSeq = firstSeq;
    this.nextSeq = firstSeq;
  }

  /** The watermark of the newest activity, or undefined while nothing was stored. */
  get watermark(): string | undefined {
    return this.nextSeq === this.baseSeq ? undefined : String(this.nextSeq - 1);
  }

  /** The sequence number the next activity will get. */
  get endSeq(): number {
    return this.nextSeq;
  }

  /** True while the entries are deflated. */
  get isPacked(): boolean {
    return this.packed !== undefined;
  }

  /** What the log costs, in bytes: its activities' JSON as UTF-8 plus a fixed overhead each, or the packed data. */
  get bytes(): number {
    return this.packed ? this.packed.length + packedOverheadBytes : this.entriesBytes;
  }

  /** Stores an activity: `build` receives its id and returns the activity; returns it with its JSON text and watermark. */
  append<T extends object>(build: (id: string) => T): { readonly activity: T; readonly json: string; readonly watermark: string } {
    this.unpack();
    const seq = this.nextSeq;
    const id = `${this.conversationId}|${String(seq).padStart(7, '0')}`;
    const activity = build(id);
    const json = JSON.stringify(activity);
    this.entries.push(json);
    this.entriesBytes += entryBytes(json);
    this.nextSeq += 1;
    while (this.entries.length > this.maxActivities) this.dropFirst();
    return { activity, json, watermark: String(seq) };
  }

  /**
   * The activities after `watermark` (all kept ones when it is absent, not a number, or beyond the
   * newest activity, which means the log was recreated after a restart or an eviction).
   */
  after(watermark: string | undefined): LogSlice {
    this.unpack();
    const seen = watermarkSeq(watermark) ?? -1;
    const from = seen >= this.nextSeq ? this.firstSeq : Math.max(seen + 1, this.firstSeq);
    return { activitiesJson: this.entries.slice(from - this.firstSeq), watermark: this.watermark };
  }

  /** Forgets the oldest kept activity, unless it is the only one; false when nothing was dropped. */
  dropOldest(): boolean {
    this.unpack();
    if (this.entries.length <= 1) return false;
    this.dropFirst();
    return true;
  }

  /** Deflates the entries of an idle conversation; the next read or append inflates them again. */
  pack(): void {
    if (this.packed || this.entries.length === 0) return;
    // JSON text never contains a raw line feed, so one joins the entries unambiguously. The copy matters:
    // zlib's result is a view of a 16 KB chunk, which would otherwise stay allocated per conversation.
    this.packed = Buffer.from(deflateRawSync(this.entries.join('\n')));
    this.entries = [];
  }

  private dropFirst(): void {
    const dropped = this.entries.shift();
    if (dropped === undefined) return;
    this.entriesBytes -= entryBytes(dropped);
    this.firstSeq += 1;
  }

  private unpack(): void {
    if (!this.packed) return;
    this.entries = inflateRawSync(this.packed).toString('utf8').split('\n');
    this.packed = undefined;
  }
}
