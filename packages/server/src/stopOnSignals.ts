/** Runs `stop` once on SIGINT or SIGTERM, then exits: servers close their connections, databases flush. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handle = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', handle);
  process.once('SIGTERM', handle);
}
