// The plan: an ordered list of changes, each a small record saying what it
// does, how bad it is (impact), when it runs (phase) and the exact commands.
//
// Commands are argv arrays, never shell strings. Two things are only known at
// apply time — the `ngethN` name a new eiface gave itself and the `epairNa` /
// `bridgeN` name `ifconfig … create` prints — so a command may `capture` a value
// from its output and later arguments may be a `Ref` to it (the way jng and
// jib use `$(…)`). For eifaces the node is named first (`name br0:link3 X`, in
// the netgraph script, through the path it was created on), and the interface
// name is then asked for with `ngctl msg X: getifname`: this works whatever
// name the node gave itself and needs no second path lookup.

/** Order of execution: teardown (jails → links → nodes → interfaces), then build (modules → nodes/names/links → interfaces → jails). */
export const PHASES = [
  'teardown-jails',
  'teardown-netgraph',
  'teardown-interfaces',
  'modules',
  'build-netgraph',
  'build-interfaces',
  'build-jails',
] as const;
export type Phase = (typeof PHASES)[number];

/** Netgraph phases run as one `ngctl -f -` script each: ngctl's socket node `.` lives for the whole script. */
export function isNetgraphPhase(p: Phase): boolean {
  return p === 'teardown-netgraph' || p === 'build-netgraph';
}

/** A value captured from an earlier command's output. `epairB`: the b end of the epair whose a end was captured (`${v%a}b`). */
export interface Ref {
  ref: string;
  epairB?: boolean;
}
export type Arg = string | Ref;

/** What to capture from a command's stdout: its first line (`ifconfig epair create`), or the name in a `getifname` response. */
export interface Capture {
  var: string;
  from: 'stdout-line' | 'getifname';
}

export interface Command {
  argv: Arg[];
  capture?: Capture;
}

export type Impact = 'create' | 'update' | 'destroy';

/** The object a change acts on, as the ledger and the UI know it. */
export interface ObjectRef {
  kind: 'node' | 'interface' | 'jail' | 'link' | 'module';
  name: string;
}

interface Base {
  impact: Impact;
  phase: Phase;
  object: ObjectRef;
  commands: Command[];
}

export interface Kldload extends Base { type: 'kldload'; module: string }
/** `mkpeer FROM TYPE HOOK PEERHOOK`: creates the node and its link to FROM. */
export interface CreateNode extends Base { type: 'create-node'; node: string; ngType: string; from: string; hook: string; peerHook: string }
/** `name PATH NAME`, through the path the node was created on. */
export interface NameNode extends Base { type: 'name-node'; node: string; path: string }
export interface SetPersistent extends Base { type: 'set-persistent'; node: string; reason: 'design' | 'survive-teardown' }
export interface SetConfig extends Base { type: 'set-config'; node: string }
export interface Connect extends Base { type: 'connect'; a: { node: string; hook: string }; b: { node: string; hook: string } }
export interface Disconnect extends Base { type: 'disconnect'; node: string; hook: string; peer: { node: string; hook: string } }
export interface AddFilter extends Base { type: 'vlan-filter'; node: string; vlan: number; hook: string }
/** `shutdown NODE:`. `bypass`: an ng_pipe leaving both its peers, which the kernel joins to each other as it goes. */
export interface ShutdownNode extends Base { type: 'shutdown-node'; node: string; ngType: string; bypass?: { a: string; b: string } }
/** `msg PIPE: setcfg { … }`: the ng_pipe of an impaired link set to what the design says (`link`: `a:hook ↔ b:hook`). */
export interface PipeConfigChange extends Base { type: 'pipe-config'; node: string; link: string; summary: string }
/** `msg X: bind inet/ADDR:PORT` / `msg X: connect inet/ADDR:PORT` on a new ng_ksocket. */
export interface KsocketMsg extends Base { type: 'ksocket-msg'; node: string; msg: 'bind' | 'connect'; address: string }
/** `ifconfig vxlan create vxlanid VNI vxlanlocal L vxlanremote R …` (the new name captured, then renamed to `name`). */
export interface CreateVxlan extends Base { type: 'create-vxlan'; name: string; vni: number; local: string; remote: string; port?: number }
/** `ngctl msg X: getifname`: learns the `ngethN` name a new eiface gave itself (captured for the rename). */
export interface GetIfname extends Base { type: 'get-ifname'; node: string; ifname: string }
/** `ifconfig OLD name NEW`; OLD may only be known at apply time (then `from` is null). */
export interface RenameIf extends Base { type: 'rename-if'; from: string | null; to: string }
export interface SetMac extends Base { type: 'set-mac'; ifname: string; mac: string }
export interface IfUp extends Base { type: 'if-up'; ifname: string; up: boolean }
export interface CreateEpair extends Base { type: 'create-epair'; a: string; b: string }
export interface DestroyEpair extends Base { type: 'destroy-epair'; a: string; b: string }
export interface CreateIfBridge extends Base { type: 'create-if-bridge'; name: string }
export interface Addm extends Base { type: 'addm'; bridge: string; member: string }
export interface Deletem extends Base { type: 'deletem'; bridge: string; member: string }
export interface DestroyIf extends Base { type: 'destroy-if'; name: string }
/** `ifconfig IF vnet JAIL` (in) / `ifconfig IF -vnet JAIL` (out). */
export interface VnetMove extends Base { type: 'vnet-move'; ifname: string; jail: string; direction: 'in' | 'out' }
export interface CreateJail extends Base { type: 'create-jail'; jail: string }
export interface ModifyJail extends Base { type: 'modify-jail'; jail: string; params: string[] }
export interface RemoveJail extends Base { type: 'remove-jail'; jail: string }

export type Change =
  | Kldload | CreateNode | NameNode | SetPersistent | SetConfig | Connect | Disconnect | AddFilter | ShutdownNode | PipeConfigChange | KsocketMsg
  | CreateVxlan | GetIfname | RenameIf | SetMac | IfUp | CreateEpair | DestroyEpair | CreateIfBridge | Addm | Deletem | DestroyIf
  | VnetMove | CreateJail | ModifyJail | RemoveJail;

export type ChangeType = Change['type'];

/** Something the planner could not or would not do, for the user to decide. */
export interface PlanNote {
  severity: 'blocker' | 'warning';
  object: ObjectRef;
  message: string;
}

export interface Plan {
  changes: Change[];
  notes: PlanNote[];
}

/** Compile-time exhaustiveness check for switches over unions. */
export function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}
