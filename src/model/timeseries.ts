/** Hourly time series of one replication: counts during each hour and the state at its end. */
export interface TimeSeries {
  columns: string[];
  hours: number;
  /** Row-major: values[hour * columns.length + column]. */
  values: Float64Array;
}

/**
 * Records the hourly series in one flat array, so that recording costs an index computation and an add.
 * Column indexes are public fields, resolved once, so the simulation does no lookups by name.
 */
export class TimeSeriesRecorder {
  readonly columns: string[] = [];
  readonly hours: number;
  private readonly values: Float64Array;
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
    this.hours = Math.ceil(horizonMinutes / 60);
    this.values = new Float64Array(this.hours * this.columns.length);
  }

  /** Add to a count of the hour that contains `minute`. */
  add(minute: number, column: number, amount: number): void {
    const hour = Math.min(this.hours - 1, Math.floor(minute / 60));
    this.values[hour * this.columns.length + column]! += amount;
  }

  /** Set a state value of an hour (its value at the hour's end). */
  set(hour: number, column: number, value: number): void {
    this.values[hour * this.columns.length + column] = value;
  }

  get(hour: number, column: number): number {
    return this.values[hour * this.columns.length + column]!;
  }

  result(): TimeSeries {
    return { columns: this.columns, hours: this.hours, values: this.values };
  }
}
