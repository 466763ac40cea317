// The CLI's help text and version.
import { readFileSync } from 'node:fs';

export const HELP = `ngstudio — netgraph topology builder and visualizer for FreeBSD

Usage:
  ngstudio serve    [--backend auto|sim|freebsd] [--listen 127.0.0.1:7878] [--token T]
                    [--data-dir DIR] [--poll MS] [--sim-state FILE] [--demo] [--open]
  ngstudio snapshot [--format json|dot] [--backend auto|sim|freebsd] [--sim-state FILE] [--demo]
  ngstudio sim      [--state FILE] COMMAND [ARGS...]
  ngstudio sim      --bin-dir
  ngstudio help | --help | --version

serve      Serve the web UI and stream the live host to it. Prints the URL with
           its token. --backend auto means freebsd on FreeBSD, the emulated
           host (sim) elsewhere. --poll is the observe interval in ms (default
           200 on the emulated host, 1000 on FreeBSD).
           With the emulated host, --sim-state FILE shares the host with
           emulated commands run in other terminals; without it a fresh state
           file is made in a temporary folder (removed on exit). --demo seeds
           the demo topology into a new state.
           Security: the agent drives root commands, so it listens on a
           loopback address by default and requires a token (a random one per
           start unless --token is given) on the WebSocket and the HTTP API.
           Listening on any other address is refused unless you also give
           --token explicitly (32+ characters): the traffic is plain HTTP, so
           prefer an SSH tunnel (ssh -L 7878:127.0.0.1:7878 host).
snapshot   Observe the host once and print it: json (the HostSnapshot) or dot
           (Graphviz, as ngctl dot prints it). --sim-state defaults to
           $NGSTUDIO_SIM_STATE; without either an emulated host is made in memory.
sim        Run an emulated FreeBSD command (ngctl, ifconfig, jail, jls, jexec,
           kldload, kldstat) against a state file (--state or $NGSTUDIO_SIM_STATE).
           --bin-dir prints the folder of executables named like the commands.

Exit codes: 0 ok, 1 failed, 2 bad usage or bad input.
`;

/** The package version (package.json beside the agent). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
