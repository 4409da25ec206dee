/**
 * Long work written once as steps (a generator that yields where it may pause), run either at
 * once or in time slices. The synchronous linters and the editor's sliced lints share one code path
 * this way, and so give the same results.
 */

/** Work that may pause at each `yield`, ending with a T. */
export type Steps<T> = Generator<void, T, void>;

/** Run steps to the end at once. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** One turn of the event loop, so an editor stays responsive during a long lint. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Run steps to the end, giving the event loop a turn whenever `sliceMs` have passed. */
export async function runStepsInSlices<T>(steps: Steps<T>, sliceMs = 8): Promise<T> {
  let since = Date.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (Date.now() - since >= sliceMs) {
      await yieldToEventLoop();
      since = Date.now();
    }
  }
}
