// The libpcap file format (pcap-savefile(5)): a 24-byte global header (magic
// 0xa1b2c3d4 written little-endian, version 2.4, snaplen, LINKTYPE_ETHERNET)
// then one 16-byte record header (seconds, microseconds, captured and
// original length) before each frame. The reader takes either byte order and
// the nanosecond magic (0xa1b23c4d), as `tcpdump -w -` may write either.

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;
export const LINKTYPE_ETHERNET = 1;
export const SNAPLEN = 262144;
export const GLOBAL_HEADER_LEN = 24;
export const RECORD_HEADER_LEN = 16;

/** One captured frame: when (µs since the epoch), its bytes, and its length on the wire. */
export interface RawPacket {
  tsUs: number;
  data: Uint8Array;
  origLen: number;
}

/** The 24-byte global header of a little-endian, microsecond, Ethernet pcap file. */
export function pcapHeader(snaplen = SNAPLEN): Uint8Array {
  const b = new Uint8Array(GLOBAL_HEADER_LEN);
  const v = new DataView(b.buffer);
  v.setUint32(0, PCAP_MAGIC_US, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setInt32(8, 0, true);
  v.setUint32(12, 0, true);
  v.setUint32(16, snaplen, true);
  v.setUint32(20, LINKTYPE_ETHERNET, true);
  return b;
}

/** A record: its 16-byte header followed by the frame's bytes. */
export function pcapRecord(p: RawPacket): Uint8Array {
  const b = new Uint8Array(RECORD_HEADER_LEN + p.data.length);
  const v = new DataView(b.buffer);
  const sec = Math.floor(p.tsUs / 1e6);
  v.setUint32(0, sec, true);
  v.setUint32(4, Math.round(p.tsUs - sec * 1e6), true);
  v.setUint32(8, p.data.length, true);
  v.setUint32(12, p.origLen, true);
  b.set(p.data, RECORD_HEADER_LEN);
  return b;
}

/**
 * Reads a pcap stream fed in chunks of any size: push() returns the records
 * completed so far. A stream that does not start with a pcap magic, or whose
 * link type is not Ethernet, throws with the reason.
 */
export class PcapReader {
  private buf = new Uint8Array(0);
  private little: boolean | null = null;
  private nanos = false;
  linktype: number | null = null;

  push(chunk: Uint8Array): RawPacket[] {
    const joined = new Uint8Array(this.buf.length + chunk.length);
    joined.set(this.buf);
    joined.set(chunk, this.buf.length);
    this.buf = joined;
    const out: RawPacket[] = [];
    let at = 0;
    const v = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    if (this.little === null) {
      if (this.buf.length < GLOBAL_HEADER_LEN) return out;
      const le = v.getUint32(0, true);
      const be = v.getUint32(0, false);
      if (le === PCAP_MAGIC_US || le === PCAP_MAGIC_NS) this.little = true;
      else if (be === PCAP_MAGIC_US || be === PCAP_MAGIC_NS) this.little = false;
      else throw new Error(`not a pcap stream (magic 0x${le.toString(16)})`);
      this.nanos = v.getUint32(0, this.little) === PCAP_MAGIC_NS;
      this.linktype = v.getUint32(20, this.little) & 0x0fffffff;
      if (this.linktype !== LINKTYPE_ETHERNET) throw new Error(`pcap link type ${this.linktype} is not Ethernet (1)`);
      at = GLOBAL_HEADER_LEN;
    }
    const le = this.little;
    while (this.buf.length - at >= RECORD_HEADER_LEN) {
      const incl = v.getUint32(at + 8, le);
      if (incl > SNAPLEN * 4) throw new Error(`pcap record of ${incl} bytes is not believable`);
      if (this.buf.length - at - RECORD_HEADER_LEN < incl) break;
      const sec = v.getUint32(at, le);
      const frac = v.getUint32(at + 4, le);
      out.push({
        tsUs: sec * 1e6 + (this.nanos ? Math.floor(frac / 1000) : frac),
        origLen: v.getUint32(at + 12, le),
        data: this.buf.slice(at + RECORD_HEADER_LEN, at + RECORD_HEADER_LEN + incl),
      });
      at += RECORD_HEADER_LEN + incl;
    }
    this.buf = this.buf.slice(at);
    return out;
  }
}
