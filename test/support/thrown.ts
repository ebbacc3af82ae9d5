/** What `work` throws (undefined when it returns): for tests that look into an error's own fields. */
export function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (err) {
    return err;
  }
  return undefined;
}
