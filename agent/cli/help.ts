// The CLI's help text and version.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

export const HELP = `ngstudio — netgraph topology builder and visualizer for FreeBSD

Usage:
  ngstudio serve    [--backend auto|sim|freebsd] [--listen 127.0.0.1:7878] [--token T]
                    [--data-dir DIR] [--poll MS] [--sim-state FILE] [--demo] [--open]
                    [--bin-dir DIR] [--no-counters] [--idle-poll MS] [--devd-socket PATH]
                    [--peer URL]... [--peers FILE] [--demo-hosts N]
  ngstudio snapshot [--format json|dot|design] [--backend auto|sim|freebsd] [--sim-state FILE] [--demo]
                    [--bin-dir DIR] [--no-counters]
  ngstudio plan     DESIGN [--json] [--backend B] [--sim-state FILE] [--bin-dir DIR] [--data-dir DIR] [--peer URL]... [--peers FILE]
  ngstudio apply    DESIGN [--yes] [--json] [--backend B] [--sim-state FILE] [--bin-dir DIR] [--data-dir DIR] [--peer URL]... [--peers FILE]
  ngstudio recover  [--finish|--undo] [--id ID] [--json] [--backend B] [--sim-state FILE] [--bin-dir DIR] [--data-dir DIR]
  ngstudio capture  IF|JAIL/IF|NODE:HOOK [-c COUNT] [-w FILE.pcap] [--filter EXPR] [--json] [--backend B] [--sim-state FILE] [--bin-dir DIR]
  ngstudio drill    cut NODE:HOOK | down [JAIL/]IF --for DURATION [--backend B] [--sim-state FILE] [--bin-dir DIR] [--data-dir DIR]
  ngstudio export   DESIGN|- --format ngctl|sh|jail.conf|dot|json [--release R]
  ngstudio export   --live --format F [--backend B] [--sim-state FILE] [--bin-dir DIR]
  ngstudio import   FILE|- [--format json|ngctl|ngctl-list|ngctl-show|ngctl-dot|jls-json|jail.conf|ifconfig]
  ngstudio boot     [--wait-nics SECONDS] [--backend B] [--sim-state FILE] [--bin-dir DIR] [--data-dir DIR]
  ngstudio boot     --enable NAME | --disable NAME | --list [--data-dir DIR]
  ngstudio path     FROM TO [--json] [--backend B] [--sim-state FILE] [--bin-dir DIR]
  ngstudio sim      [--state FILE] [--release R] [--wire DIR] COMMAND [ARGS...]
  ngstudio sim      --bin-dir
  ngstudio sim      [--state FILE] devd --socket PATH
  ngstudio doctor   [--bin-dir DIR] [--selftest [--bundle FILE.tar.gz]]
  ngstudio help | --help | --version

serve      Serve the web UI and stream the live host to it. Prints the URL with
           its token. --backend auto means freebsd on FreeBSD, the emulated
           host (sim) elsewhere. --poll is the observe interval in ms (default
           200 on the emulated host, 1000 on FreeBSD) while a browser is
           connected; with none, --idle-poll (default 30000).
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
           With --backend freebsd the host's own commands (ngctl, ifconfig,
           jls, jexec, kldstat, jail) are run from PATH, or from --bin-dir DIR
           (e.g. the emulated commands of 'ngstudio sim --bin-dir'); an
           interface event from devd(8) (/var/run/devd.pipe, or --devd-socket
           PATH) is observed at once.
           It also reads traffic each cycle: interface counters (one netstat,
           plus one per vnet jail when the jails are asked again) and every
           ng_bridge link's counters and learned addresses (in the one ngctl
           batch). --no-counters leaves traffic out: one process fewer per
           cycle. What the host cannot tell (e.g. no netstat) is said once as
           a note on stderr.
           --peer URL (repeatable) shows another host's agent beside this one:
           URL is what that agent printed, token included (http or https; an
           SSH-tunnelled loopback URL works if the tunnel keeps the port
           number, since the peer checks its Host header). --peers FILE reads
           one URL a line (# starts a comment). A peer that is down is shown
           as lost and retried; one that refuses the token is not retried.
           --demo-hosts N (emulated host only) also starts N-1 more emulated
           demo hosts (demo-host-2 …) in this process, each with its own
           agent on a free loopback port, as peers; with --demo, host 1's br0
           is joined to each of theirs by a udp tunnel (tun2 …).
snapshot   Observe the host once and print it: json (the HostSnapshot) or dot
           (Graphviz, as ngctl dot prints it). --sim-state defaults to
           $NGSTUDIO_SIM_STATE; without either an emulated host is made in memory.
plan       Print what applying DESIGN (a design JSON file, or a stored design's
           name) would change: each step and its exact commands, by phase,
           destroys first and marked. Exit 1 if the plan has blockers.
           --json prints the plan as the agent's plan method returns it.
apply      Plan, confirm (on a terminal; elsewhere pass --yes), apply with
           progress, verify. On a failure the steps done are undone and the
           failing command and its stderr are reported. --json (with --yes)
           prints one JSON report { ok, report } on stdout, the rest on
           stderr; exit 0 only when applied and verified. The ownership ledger
           lives in the data folder (--data-dir, default $XDG_DATA_HOME/ngstudio
           or ~/.ngstudio).
           A design whose objects name a "host", or that has "tunnels", spans
           hosts: give each other host's agent with --peer URL (the URL it
           printed) or --peers FILE, as for serve. Each host's part is planned, applied and journaled by its
           own agent (this host's in this process), this host first, then the
           peers by hostname; if one fails, it undoes its steps and the hosts
           done before it are taken back too.
recover    Every apply is journaled in the data folder before its first
           command. If one was interrupted (killed, crashed, power cut), any
           ngstudio command that opens the data folder takes ownership of what
           it made and says so. recover lists interrupted applies; --finish
           applies the interrupted design again; --undo returns the host to how
           it was before that apply (--id picks one; default the newest).
drill      Cut a netgraph link (ngctl rmhook) or take an interface down
           (ifconfig IF down, through jexec for one in a vnet jail) for
           DURATION (4s, 90s, 5m, 2h; 1 s to 24 h), counting down on stderr,
           then restore it exactly (ngctl connect, ifconfig up); Ctrl-C or
           SIGTERM restores at once. The drill is journaled in the data folder
           before anything changes: if this process is killed, the next
           ngstudio command that opens the data folder restores it at once and
           says so. Cutting a node's last hook when the node would shut itself
           down (bridge, hub, tee …) is refused.
capture    Print the frames crossing an interface (IF, JAIL/IF) or a netgraph
           link (NODE:HOOK: both directions), one line each as tcpdump -n
           does, or write them to a pcap file (-w, which tcpdump -r reads).
           -c COUNT stops after COUNT frames, Ctrl-C at any time. --filter
           takes icmp, arp, udp, tcp, ip, [src|dst] host A, [src|dst] port N
           with and/or/not and parentheses. On FreeBSD an interface is read
           with tcpdump (through jexec for a vnet jail's); a link gets an
           ng_tee spliced in for the capture, removed afterwards.
export     Print a design (a file, - for stdin, or --live for the observed
           host) as an ngctl -f script, a complete sh script, a jail.conf
           fragment (jng style), Graphviz dot (as ngctl dot) or design JSON.
           --release R: the commands follow that release's rules (default
           14.3-RELEASE; on 12.x an ng_bridge takes only link0 ... link31).
import     Read a design JSON, an ngctl script, saved 'ngctl list -l' / 'ngctl
           show' / 'ngctl dot' output, 'jls --libxo json' output or a jail.conf
           (the format is detected unless --format is given) and print the
           design JSON; the format read and any warnings go to stderr.
boot       Apply the stored designs on the boot list, in order (the rc.d
           script ngstudio_boot runs this at boot): for each, wait up to
           --wait-nics seconds (default 30) for the NICs it uses, then plan
           and apply it, logging each step with the time. A design that fails
           (or no longer validates) is reported and the next one still runs;
           exit 1 if any failed. A design already in place runs no command.
           --enable NAME puts a stored design at the end of the list,
           --disable NAME takes it off, --list prints it (<data-dir>/boot.json).
path       Trace the layer 2 path from FROM to TO through netgraph hooks,
           eifaces, ng_ether lower/upper, epairs and if_bridge members, as the
           host is now. FROM and TO: a jail, an interface (JAIL/IFNAME inside
           a vnet jail), or a netgraph node (NAME: or [ID]). One line per hop
           (where frames enter → leave it); 'x' marks where they stop and '.'
           the way on past it. Then 'reachable' (exit 0) or 'NOT reachable:'
           and the reason (exit 1): a down interface, an unconnected hook …
           --json prints { reachable, from, to, hops, breaks }.
sim        Run an emulated FreeBSD command (ngctl, ifconfig, jail, jls, jexec,
           kldload, kldstat, ping, arp, netstat, sysctl, route) against a state
           file (--state or $NGSTUDIO_SIM_STATE).
           --bin-dir prints the folder of executables named like the commands.
           --release R (or $NGSTUDIO_SIM_RELEASE) makes a new state that
           release (12.x, 13.x, 14.x, 15.x; default 14.3-RELEASE); a state
           of another release is refused.
           --wire DIR (or $NGSTUDIO_SIM_WIRE) plugs the host's em0 into the
           wire all hosts naming DIR share: frames cross between them.
           'ngstudio sim reboot' reboots the emulated host: NICs kept (down),
           netgraph, cloned interfaces, jails and loaded modules gone.
           'devd --socket PATH' serves the emulated host's interface events
           there as devd(8) serves /var/run/devd.pipe, until interrupted.
doctor     Check what the freebsd backend needs (FreeBSD, root, netgraph and
           ng_ether modules, the commands, Node.js 20+), one line per check
           (ok / FAIL / warn) with how to fix it; exit 1 if a required check fails.
           --selftest makes a throwaway vnet jail (ngstudio_selftest_PID, with a
           jail nested in it when allowed), builds a bridge, eifaces and an
           epair inside it, observes, plans and applies a change there through
           the engine, removes it all and checks the host is as before; one line
           per check (ok / FAIL / skip), exit 1 if any failed. --bundle FILE
           also writes a .tar.gz with every command it ran and what it printed
           (usable as test fixtures), the versions and the report.

Exit codes: 0 ok, 1 failed, 2 bad usage or bad input.
`;

/** The package version (from its package.json). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
