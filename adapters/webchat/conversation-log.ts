import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** The activities after a watermark, as JSON texts, and the watermark to send next time (absent while the log is empty). */
export interface LogSlice {
  readonly activitiesJson: readonly string[];
  readonly watermark: string | undefined;
}

/**
 * One conversation's activity history, as Direct Line serves it: every stored activity gets the id
 * `<conversationId>|<seq, 7 digits>` and the watermark `<seq>`; a watermark means "I have seen up to this one".
 *
 * Entries are kept as JSON text (what is sent anyway, and smaller than objects), only the last
 * `maxActivities` are kept, and an idle log can be packed (deflated) until it is read again.
 */
export class ConversationLog {
  private entries: string[] = [];
  private packed: Buffer | undefined;
  /** Sequence number of `entries[0]`. */
  private firstSeq = 0;
  private nextSeq = 0;

  constructor(
    private readonly conversationId: string,
    private readonly maxActivities: number,
  ) {}

  /** The watermark of the newest activity, or undefined while nothing was stored. */
  get watermark(): string | undefined {
    return this.nextSeq === 0 ? undefined : String(this.nextSeq - 1);
  }

  /** True while the entries are deflated. */
  get isPacked(): boolean {
    return this.packed !== undefined;
  }

  /** Stores an activity: `build` receives its id and returns the activity; returns it with its JSON text and watermark. */
  append<T extends object>(build: (id: string) => T): { readonly activity: T; readonly json: string; readonly watermark: string } {
    this.unpack();
    const seq = this.nextSeq;
    const id = `${this.conversationId}|${String(seq).padStart(7, '0')}`;
    const activity = build(id);
    const json = JSON.stringify(activity);
    this.entries.push(json);
    this.nextSeq += 1;
    if (this.entries.length > this.maxActivities) {
      const dropped = this.entries.length - this.maxActivities;
      this.entries.splice(0, dropped);
      this.firstSeq += dropped;
    }
    return { activity, json, watermark: String(seq) };
  }

  /**
   * The activities after `watermark` (all kept ones when it is absent, not a number, or beyond the
   * newest activity, which means the log was recreated after a restart or an eviction).
   */
  after(watermark: string | undefined): LogSlice {
    this.unpack();
    const seen = watermark !== undefined && /^\d{1,15}$/.test(watermark) ? Number(watermark) : -1;
    const from = seen >= this.nextSeq ? this.firstSeq : Math.max(seen + 1, this.firstSeq);
    return { activitiesJson: this.entries.slice(from - this.firstSeq), watermark: this.watermark };
  }

  /** Deflates the entries of an idle conversation; the next read or append inflates them again. */
  pack(): void {
    if (this.packed || this.entries.length === 0) return;
    // JSON text never contains a raw line feed, so one joins the entries unambiguously. The copy matters:
    // zlib's result is a view of a 16 KB chunk, which would otherwise stay allocated per conversation.
    this.packed = Buffer.from(deflateRawSync(this.entries.join('\n')));
    this.entries = [];
  }

  private unpack(): void {
    if (!this.packed) return;
    this.entries = inflateRawSync(this.packed).toString('utf8').split('\n');
    this.packed = undefined;
  }
}
