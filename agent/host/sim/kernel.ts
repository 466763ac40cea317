// Loads every emulated-kernel subsystem that subscribes to interface events
// (ifevents.ts): ng_ether nodes, interface addresses, ARP tables. Entry
// points (the command dispatcher, the backend) import this once, so an
// interface moving or dying always takes its dependent state with it.
import './netgraph.js';
import './net/ifaddr.js';
import './dataplane/arp.js';
