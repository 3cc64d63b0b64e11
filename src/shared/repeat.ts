/** Where a background job reports: pino's logger, or anything with the same two methods. */
export interface JobLog {
  info: (o: object, m: string) => void;
  error: (o: object, m: string) => void;
}

/**
 * Runs `job` now and then every `intervalMs`, never two runs of it at once in this process; an error is logged and
 * the next run retries. What a run did is logged when `report` says there is something to tell. Several nodes are
 * each job's own business (locks, SKIP LOCKED): this only paces one process. Returns the function that stops it.
 */
export function repeat<R>(
  name: string,
  intervalMs: number,
  job: () => Promise<R>,
  log: JobLog,
  report: (result: R) => { fields: object; message: string } | null,
): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const said = report(await job());
      if (said) log.info(said.fields, `${name}: ${said.message}`);
    } catch (err) {
      log.error({ err }, `${name} failed`);
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
