// ng_ksocket on the emulated host: hook names as ng_ksocket_newhook parses
// them, bind/connect/getname/getpeername/setopt/getopt with the socket
// layer's errnos, the node as ngctl lists it, and UDP datagrams carrying
// frames between two ksockets over 127.0.0.1 (a ping between two vnet jails
// whose eifaces hang on them).
import { describe, expect, it } from 'vitest';
import { lab } from './lab.js';

const send = (err: string) => ({ stdout: '', stderr: `ngctl: send msg: ${err}\n`, code: 71 });
const resp = (cmd: string, n: number, id: string, args: string) => ({ stdout: `Rec'd response "${cmd}" (${n}) from "[${id}]:":\nArgs:\t${args}\n`, stderr: '', code: 0 });

/** A host with em0 addressed and a ksocket ([4]) on eiface ngeth0's `ether` hook, named `k`. */
async function withKsocket() {
  const l = lab();
  await l.ok('ifconfig em0 inet 192.0.2.1/24');
  await l.eiface('', '');
  await l.ok('ngctl mkpeer ngeth0: ksocket ether inet/dgram/udp');
  await l.ok('ngctl name ngeth0:ether k');
  return l;
}

describe('ng_ksocket hooks', () => {
  it('opens the socket its hook names, aliases or numbers, and refuses names socket(2) would', async () => {
    const l = lab();
    const mk = (hook: string) => l.sh(['ngctl', 'mkpeer', 'ksocket', 'k', hook]);
    expect(await mk('inet/dgram/udp')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(await mk('2/2/17')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(await mk('inet/dgram/')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(await mk('inet/dgram')).toEqual(send('Invalid argument'));
    expect(await mk('inet/dgrm/udp')).toEqual(send('Invalid argument'));
    expect(await mk('nope/dgram/udp')).toEqual(send('Invalid argument'));
    expect(await mk('inet/dgram/udpx')).toEqual(send('Invalid argument'));
    expect(await mk('inet/stream/udp')).toEqual(send('Protocol not supported'));
    expect(await mk('inet/rdm/0')).toEqual(send('Protocol wrong type for socket'));
    expect(await mk('atalk/dgram/0')).toEqual(send('Address family not supported by protocol family'));
  });

  it('takes one hook only, and goes away with it', async () => {
    const l = await withKsocket();
    expect(await l.sh('ngctl connect k: ngeth0: inet/dgram/udp x')).toEqual(send('File exists'));
    expect(await l.sh('ngctl mkpeer k: hub other x')).toEqual(send('Socket is already connected'));
    expect(await l.ok('ngctl show k:')).toBe(
      '  Name: k               Type: ksocket         ID: 00000004   Num hooks: 1\n' +
        '  Local hook      Peer name       Peer type    Peer ID         Peer hook      \n' +
        '  ----------      ---------       ---------    -------         ---------      \n' +
        '  inet/dgram/udp  ngeth0          eiface       00000002        ether          \n',
    );
    expect(await l.ok('ngctl list')).toContain('  Name: k               Type: ksocket         ID: 00000004   Num hooks: 1\n');
    await l.ok('ngctl rmhook ngeth0: ether');
    expect(await l.sh('ngctl show k:')).toEqual({ stdout: '', stderr: 'ngctl: send msg: No such file or directory\n', code: 71 });
  });
});

describe('ng_ksocket messages', () => {
  it('binds to the host’s own addresses only, once, and names itself', async () => {
    const l = await withKsocket();
    expect(await l.sh('ngctl msg k: getname')).toEqual(resp('getname', 5, '4', 'inet/0.0.0.0'));
    expect(await l.sh('ngctl msg k: bind inet/192.0.2.9:4789')).toEqual(send("Can't assign requested address"));
    expect(await l.sh('ngctl msg k: bind inet/192.0.2.1:70000')).toEqual(send('Invalid argument'));
    expect(await l.sh('ngctl msg k: bind inet/192.0.2:4789')).toEqual(send('Invalid argument'));
    expect(await l.sh('ngctl msg k: bind 192.0.2.1:4789')).toEqual(send('Invalid argument'));
    expect(await l.sh('ngctl msg k: bind inet6/::1')).toEqual(send('Invalid argument'));
    expect(await l.sh('ngctl msg k: bind { len=16 family=28 }')).toEqual(send('Address family not supported by protocol family'));
    expect(await l.ok('ngctl msg k: bind inet/192.0.2.1:4789')).toBe('');
    expect(await l.sh('ngctl msg k: getname')).toEqual(resp('getname', 5, '4', 'inet/192.0.2.1:4789'));
    expect(await l.sh('ngctl msg k: bind inet/192.0.2.1:4790')).toEqual(send('Invalid argument'));
  });

  it('refuses a port another socket holds unless both set SO_REUSEPORT', async () => {
    const l = await withKsocket();
    await l.ok('ngctl msg k: bind inet/0.0.0.0:4789');
    await l.eiface('', '');
    await l.ok('ngctl mkpeer ngeth1: ksocket ether inet/dgram/udp');
    expect(await l.sh('ngctl msg ngeth1:ether bind inet/192.0.2.1:4789')).toEqual(send('Address already in use'));
    // With SO_REUSEADDR a specific address may sit beside the wildcard one (an exact lookup).
    await l.ok(['ngctl', 'msg', 'ngeth1:ether', 'setopt', '{ level=0xffff name=4 value=[ 1 0 0 0 ] }']);
    await l.ok('ngctl msg ngeth1:ether bind inet/192.0.2.1:4789');
    await l.eiface('', '');
    await l.ok('ngctl mkpeer ngeth2: ksocket ether inet/dgram/udp');
    await l.ok(['ngctl', 'msg', 'ngeth2:ether', 'setopt', '{ level=0xffff name=0x200 value=[ 1 0 0 0 ] }']);
    expect(await l.sh('ngctl msg ngeth2:ether bind inet/192.0.2.1:4789')).toEqual(send('Address already in use'));
    await l.ok(['ngctl', 'msg', 'ngeth1:ether', 'setopt', '{ level=0xffff name=0x200 value=[ 1 0 0 0 ] }']);
    await l.ok('ngctl msg ngeth2:ether bind inet/192.0.2.1:4789');
    expect(await l.sh('ngctl msg ngeth2:ether getname')).toEqual(resp('getname', 5, '11', 'inet/192.0.2.1:4789'));
  });

  it('connects once, binding implicitly to the route’s address and the lowest free port', async () => {
    const l = await withKsocket();
    expect(await l.sh('ngctl msg k: getpeername')).toEqual(send('Socket is not connected'));
    expect(await l.sh('ngctl msg k: connect inet/198.51.100.1:4789')).toEqual(send('Network is unreachable'));
    expect(await l.sh('ngctl msg k: connect inet/192.0.2.2')).toEqual(send("Can't assign requested address"));
    expect(await l.ok('ngctl msg k: connect inet/192.0.2.2:4789')).toBe('');
    expect(await l.sh('ngctl msg k: getpeername')).toEqual(resp('getpeername', 6, '4', 'inet/192.0.2.2:4789'));
    expect(await l.sh('ngctl msg k: getname')).toEqual(resp('getname', 5, '4', 'inet/192.0.2.1:10000'));
    expect(await l.sh('ngctl msg k: connect inet/192.0.2.3:4789')).toEqual(send('Socket is already connected'));
    expect(await l.sh('ngctl msg k: listen 5')).toEqual(send('Operation not supported'));
    expect(await l.sh('ngctl msg k: accept')).toEqual(send('Invalid argument'));
  });

  it('sets and reads SOL_SOCKET options in struct ng_ksocket_sockopt form', async () => {
    const l = await withKsocket();
    const msg = (cmd: string, arg: string) => l.sh(['ngctl', 'msg', 'k:', cmd, arg]);
    expect(await msg('getopt', '{ level=0xffff name=4 }')).toEqual(resp('getopt', 8, '4', '{ level=65535 name=4 }'));
    expect(await msg('setopt', '{ level=0xffff name=4 value=[ 1 0 0 0 ] }')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(await msg('getopt', '{ level=0xffff name=4 }')).toEqual(resp('getopt', 8, '4', '{ level=65535 name=4 value=[ 0x04 ] }'));
    // An int option needs an int's four bytes; the man page's `data=` is not a field of the struct.
    expect(await msg('setopt', '{ level=0xffff name=4 value=[ 1 ] }')).toEqual(send('Invalid argument'));
    expect(await msg('setopt', '{ level=0xffff name=0x1014 data=[ 2 ] }')).toEqual(send('No such file or directory'));
    expect(await msg('setopt', '{ level=0xffff name=0x1014 value=[ 2 0 0 0 ] }')).toEqual(send('Invalid argument'));
    expect(await msg('setopt', '{ level=0xffff name=0x1014 value=[ 0 0 0 0 ] }')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(await msg('setopt', '{ level=0xffff name=0x9999 value=[ 1 0 0 0 ] }')).toEqual(send('Protocol not available'));
    expect(await msg('getopt', '{ level=0xffff name=4 value=[ 1 ] }')).toEqual(send('Invalid argument'));
  });
});

describe('ng_ksocket data', () => {
  it('carries frames as UDP datagrams between two sockets over 127.0.0.1: a ping between two jails crosses them', async () => {
    const l = lab();
    const a = await l.eiface('', '');
    const b = await l.eiface('', '');
    await l.ok(`ngctl mkpeer ${a}: ksocket ether inet/dgram/udp`);
    await l.ok(`ngctl mkpeer ${b}: ksocket ether inet/dgram/udp`);
    await l.ok(`ngctl msg ${a}:ether bind inet/127.0.0.1:5000`);
    await l.ok(`ngctl msg ${b}:ether bind inet/127.0.0.1:5001`);
    await l.ok(`ngctl msg ${a}:ether connect inet/127.0.0.1:5001`);
    await l.ok(`ngctl msg ${b}:ether connect inet/127.0.0.1:5000`);
    await l.jail('ja', a, '10.0.0.1');
    await l.jail('jb', b, '10.0.0.2');
    const lo = l.count('lo0', 'opackets');
    const r = await l.sh('jexec ja ping -c 3 10.0.0.2');
    expect(r.stdout).toContain('3 packets transmitted, 3 packets received, 0.0% packet loss');
    // ARP request and reply, then three echo requests and replies: each one datagram through lo0.
    expect(l.count('lo0', 'opackets') - lo).toBe(8);
    // A datagram for a port nobody has is dropped.
    await l.ok(`ngctl msg ${b}:ether getname`);
  });

  it('refuses frames while not connected, so nothing reaches the other side', async () => {
    const l = lab();
    const a = await l.eiface('', '');
    const b = await l.eiface('', '');
    await l.ok(`ngctl mkpeer ${a}: ksocket ether inet/dgram/udp`);
    await l.ok(`ngctl mkpeer ${b}: ksocket ether inet/dgram/udp`);
    await l.ok(`ngctl msg ${a}:ether bind inet/127.0.0.1:5000`);
    await l.ok(`ngctl msg ${b}:ether bind inet/127.0.0.1:5001`);
    await l.ok(`ngctl msg ${b}:ether connect inet/127.0.0.1:5000`);
    await l.jail('ja', a, '10.0.0.1');
    await l.jail('jb', b, '10.0.0.2');
    const lo = l.count('lo0', 'opackets');
    const r = await l.sh('jexec ja ping -c 2 10.0.0.2');
    expect(r.stdout).toContain('2 packets transmitted, 0 packets received, 100.0% packet loss');
    expect(l.count(a, 'oerrors')).toBeGreaterThan(0);
    expect(l.count('lo0', 'opackets')).toBe(lo);
  });
});
