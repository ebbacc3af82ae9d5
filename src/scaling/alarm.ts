// A CloudWatch metric alarm over 60-second datapoints: ALARM when at least `datapointsToAlarm`
// of the last `evaluationPeriods` datapoints breach the threshold. Missing datapoints (no task
// reported) neither breach nor clear (TreatMissingData = missing); with none at all the alarm
// has insufficient data and never acts.

export type Comparison = '>' | '>=' | '<' | '<=';
export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export function breaches(value: number, comparison: Comparison, threshold: number): boolean {
  switch (comparison) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

export class Alarm {
  /** The last `evaluationPeriods` datapoints, a ring; with running counts of those present and breaching. */
  private readonly window: Float64Array;
  private filled = 0;
  private next = 0;
  private present = 0;
  private breaching = 0;
  state: AlarmState = 'INSUFFICIENT_DATA';

  constructor(
    readonly threshold: number,
    readonly comparison: Comparison,
    readonly datapointsToAlarm: number,
    readonly evaluationPeriods: number,
  ) {
    this.window = new Float64Array(evaluationPeriods);
  }

  /** Adds the next period's datapoint (NaN = missing) and returns the new state. */
  push(value: number): AlarmState {
    if (this.filled === this.evaluationPeriods) this.count(this.window[this.next], -1);
    else this.filled++;
    this.window[this.next] = value;
    this.next = (this.next + 1) % this.evaluationPeriods;
    this.count(value, 1);
    if (this.breaching >= this.datapointsToAlarm) this.state = 'ALARM';
    else if (this.present === 0 || this.filled < this.evaluationPeriods) this.state = this.state === 'ALARM' ? 'OK' : 'INSUFFICIENT_DATA';
    else this.state = 'OK';
    return this.state;
  }

  private count(value: number, sign: 1 | -1): void {
    if (Number.isNaN(value)) return;
    this.present += sign;
    if (breaches(value, this.comparison, this.threshold)) this.breaching += sign;
  }

  describe(): string {
    return `${this.datapointsToAlarm} of ${this.evaluationPeriods} datapoints ${this.comparison} ${round(this.threshold)}`;
  }
}

export function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
