// Waiting on work that a signal (SIGINT, SIGTERM) may cut short: the run's hand-offs to the
// timeseries.csv thread and the report's wait for that file share it.

/**
 * `work` once it settles; an abort meanwhile rejects at once with `stopped(reason)`, and the
 * work's own later failure then goes unreported (it counts as handled).
 */
export function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, stopped: (reason: unknown) => Error): Promise<T> {
  if (signal === undefined) return work;
  work.catch(() => {});
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(stopped(signal.reason));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
