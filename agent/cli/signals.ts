// Waiting for the signal that ends a long-running command (serve, sim devd).

/**
 * Resolves on the first SIGINT or SIGTERM. The listeners stay: execa's
 * signal-exit, active while a host command runs, re-raises a signal that no
 * other listener handles, which would kill the process in the middle of its
 * orderly shutdown. A second signal ends the process at once (exit 1).
 */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    let got = false;
    const on = (): void => {
      if (got) process.exit(1);
      got = true;
      resolve();
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
