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
  private readonly window: number[] = [];
  state: AlarmState = 'INSUFFICIENT_DATA';

  constructor(
    readonly threshold: number,
    readonly comparison: Comparison,
    readonly datapointsToAlarm: number,
    readonly evaluationPeriods: number,
  ) {}

  /** Adds the next period's datapoint (NaN = missing) and returns the new state. */
  push(value: number): AlarmState {
    this.window.push(value);
    if (this.window.length > this.evaluationPeriods) this.window.shift();
    let present = 0;
    let breaching = 0;
    for (const v of this.window) {
      if (Number.isNaN(v)) continue;
      present++;
      if (breaches(v, this.comparison, this.threshold)) breaching++;
    }
    if (breaching >= this.datapointsToAlarm) this.state = 'ALARM';
    else if (present === 0 || this.window.length < this.evaluationPeriods) this.state = this.state === 'ALARM' ? 'OK' : 'INSUFFICIENT_DATA';
    else this.state = 'OK';
    return this.state;
  }

  describe(): string {
    return `${this.datapointsToAlarm} of ${this.evaluationPeriods} datapoints ${this.comparison} ${round(this.threshold)}`;
  }
}

export function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
