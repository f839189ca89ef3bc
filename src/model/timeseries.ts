/**
 * Time series of one replication: counts during each bucket and the state at its end. Buckets are hours; for horizons
 * over two years they grow to a whole number of hours so that the series never has more than MAX_ROWS rows and memory
 * does not grow with the horizon.
 */
export interface TimeSeries {
  columns: string[];
  /** Number of rows (buckets). */
  hours: number;
  bucketMinutes: number;
  /**
   * Row-major: values[hour * columns.length + column]. Whole numbers only (counts, and head counts at an hour's end),
   * so 32-bit integers hold them exactly, in half the space of doubles: less to copy from a worker thread. A count
   * would need 2^31 tickets in one bucket to overflow; the default run limits keep a whole run under 2e9 tickets. A
   * column of fractions would not fit here.
   */
  values: Int32Array;
}

/** Two years of hours. */
export const MAX_ROWS = 17_520;

/**
 * Records the hourly series in one flat array, so that recording costs an index computation and an add.
 * Column indexes are public fields, resolved once, so the simulation does no lookups by name.
 */
export class TimeSeriesRecorder {
  readonly columns: string[] = [];
  readonly hours: number;
  readonly bucketMinutes: number;
  private readonly values: Int32Array;
  /** Start of the row that counts go to: moved on by the simulation's tick at each bucket boundary. */
  private rowOffset = 0;
  readonly arrivals: number;
  readonly abandoned: number;
  readonly avoided: number;
  readonly fcr: number;
  readonly flr: number;
  readonly articles: number;
  readonly problemsFixed: number;
  readonly queue: number[];
  readonly inService: number[];
  readonly agents: number[];
  readonly handled: number[];
  readonly escalated: number[];
  readonly resolved: number[];

  constructor(tierNames: string[], horizonMinutes: number) {
    const col = (name: string) => this.columns.push(name) - 1;
    this.arrivals = col("arrivals");
    this.abandoned = col("abandoned");
    this.avoided = col("ticketsAvoided");
    this.fcr = col("resolvedFirstContact");
    this.flr = col("resolvedFirstLevel");
    this.articles = col("articlesInForce");
    this.problemsFixed = col("problemsFixed");
    this.queue = tierNames.map((t) => col(`queue.${t}`));
    this.inService = tierNames.map((t) => col(`inService.${t}`));
    this.agents = tierNames.map((t) => col(`agents.${t}`));
    this.handled = tierNames.map((t) => col(`handled.${t}`));
    this.escalated = tierNames.map((t) => col(`escalated.${t}`));
    this.resolved = tierNames.map((t) => col(`resolved.${t}`));
    this.bucketMinutes = 60 * Math.max(1, Math.ceil(horizonMinutes / 60 / MAX_ROWS));
    this.hours = Math.max(1, Math.ceil(horizonMinutes / this.bucketMinutes));
    this.values = new Int32Array(this.hours * this.columns.length);
  }

  /** The bucket that counts go to from now on (the simulation calls this at each bucket boundary). */
  startRow(row: number): void {
    this.rowOffset = Math.min(row, this.hours - 1) * this.columns.length;
  }

  /** Add to a count of the current bucket. */
  add(column: number, amount: number): void {
    this.values[this.rowOffset + column]! += amount;
  }

  /** Set a state value of an hour (its value at the hour's end). */
  set(hour: number, column: number, value: number): void {
    this.values[hour * this.columns.length + column] = value;
  }

  get(hour: number, column: number): number {
    return this.values[hour * this.columns.length + column]!;
  }

  result(): TimeSeries {
    return { columns: this.columns, hours: this.hours, bucketMinutes: this.bucketMinutes, values: this.values };
  }
}
