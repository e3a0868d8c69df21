// A deadline on a promise the caller cannot cancel: the answer if it comes in time, else a rejection.

/** `work`, or a rejection once `ms` have passed (the work itself goes on; its late result is ignored here). */
export function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
