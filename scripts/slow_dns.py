#!/usr/bin/env python3
"""A DNS server on 127.0.0.1 (UDP) that answers generated mail domains after a delay, like a nameserver one network
round trip away: for benchmarks and tests of lookups in flight together. Python 3 standard library only; the wire
format comes from hostile_dns.py.

    scripts/slow_dns.py --port 0 --delay-ms 20          # prints "listening on 127.0.0.1:PORT", flushed

Every name under --zone (default bench.test) exists as a mail domain, its answers generated from the name:
    D                MX 10 mx1.D; TXT "v=spf1 ip4:192.0.2.0/24 -all"; no A/AAAA (NODATA)
    mx1.D            A 192.0.2.10; no AAAA (NODATA)
    _dmarc.D         TXT "v=DMARC1; p=quarantine"
    nx*.ZONE, and anything under it: NXDOMAIN
    any other name under ZONE, or another type: NODATA
    other names under com. or test.: NXDOMAIN
Negative answers carry the zone's SOA in the authority section (RFC 2308), and the SOA of com., test. and ZONE is
served, so a resolver's trust checks accept the answers. Names outside ZONE are REFUSED.

--stats FILE keeps FILE holding "queries N" and "max-in-flight N" (queries received and not yet answered, at most,
at once): rewritten whenever the maximum grows and at the end. Stops on SIGTERM or SIGINT, and by itself after
--max-seconds (default 120).
"""

import argparse
import asyncio
import os
import signal
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile_dns import (  # noqa: E402  (the wire format, shared)
    CLASS_IN, RCODE_FORMERR, RCODE_NOERROR, RCODE_NXDOMAIN, RCODE_REFUSED, TYPE_A, TYPE_MX, TYPE_SOA, TYPE_TXT,
    header, name_to_text, parse_name, record, soa_rdata, text_to_wire)

SPF = b"v=spf1 ip4:192.0.2.0/24 -all"
DMARC = b"v=DMARC1; p=quarantine"


def txt(data):
    return bytes([len(data)]) + data


class Zone:
    """The generated answers of one zone, by (name, type)."""

    def __init__(self, origin):
        self.origin = origin.strip(".").lower()
        self.origin_wire = text_to_wire(self.origin + ".")
        self.apexes = {self.origin, "com", "test"}
        self.soas = {apex: self.soa_record(apex) for apex in self.apexes}
        self.soa = self.soas[self.origin]

    @staticmethod
    def soa_record(apex):
        wire = text_to_wire(apex + ".")
        return record(wire, TYPE_SOA, soa_rdata(wire), ttl=300)

    def answer(self, qname_wire, qtype):
        """(rcode, answer records, authority records) for one question."""
        name = name_to_text(qname_wire).rstrip(".").lower()
        if name in self.apexes and qtype == TYPE_SOA:
            return RCODE_NOERROR, [record(qname_wire, TYPE_SOA, soa_rdata(qname_wire))], []
        if name in self.apexes:
            return RCODE_NOERROR, [], [self.soas[name]]
        if not name.endswith("." + self.origin):
            apex = next((apex for apex in ("com", "test") if name.endswith("." + apex)), None)
            return (RCODE_NXDOMAIN, [], [self.soas[apex]]) if apex else (RCODE_REFUSED, [], [])
        labels = name[:-len(self.origin) - 1].split(".")
        if labels[-1].startswith("nx"):
            return RCODE_NXDOMAIN, [], [self.soa]
        records = []
        if len(labels) == 1:
            if qtype == TYPE_MX:
                records = [record(qname_wire, TYPE_MX, struct.pack("!H", 10) + text_to_wire(f"mx1.{name}."))]
            elif qtype == TYPE_TXT:
                records = [record(qname_wire, TYPE_TXT, txt(SPF))]
        elif len(labels) == 2 and labels[0] == "mx1" and qtype == TYPE_A:
            records = [record(qname_wire, TYPE_A, bytes([192, 0, 2, 10]))]
        elif len(labels) == 2 and labels[0] == "_dmarc" and qtype == TYPE_TXT:
            records = [record(qname_wire, TYPE_TXT, txt(DMARC))]
        return RCODE_NOERROR, records, ([] if records else [self.soa])


def reply(zone, packet):
    if len(packet) < 12:
        return None
    query_id, flags_in = struct.unpack("!HH", packet[:4])
    try:
        qname, offset = parse_name(packet, 12)
        qtype, qclass = struct.unpack("!HH", packet[offset:offset + 4])
    except (ValueError, struct.error):
        return header(query_id, flags_in, RCODE_FORMERR, 0, 0, 0, 0)
    rcode, answers, authority = zone.answer(qname, qtype) if qclass == CLASS_IN else (RCODE_REFUSED, [], [])
    return header(query_id, flags_in, rcode, 1, len(answers), len(authority), 0) + \
        qname + struct.pack("!HH", qtype, qclass) + b"".join(answers) + b"".join(authority)


class SlowServer:
    """Reads every datagram waiting at each wake-up (asyncio's datagram transport reads one per turn of the loop, and
    bursts of hundreds of queries then overflow the socket buffer: lost queries, retries, timings that lie) and
    sends each answer after the delay."""

    def __init__(self, sock, zone, delay, stats_path):
        self.sock, self.zone, self.delay, self.stats_path = sock, zone, delay, stats_path
        self.queries = self.in_flight = self.max_in_flight = 0

    def readable(self):
        loop = asyncio.get_running_loop()
        while True:
            try:
                data, peer = self.sock.recvfrom(65535)
            except (BlockingIOError, InterruptedError):
                return
            self.queries += 1
            self.in_flight += 1
            if self.in_flight > self.max_in_flight:
                self.max_in_flight = self.in_flight
                self.write_stats()
            loop.call_later(self.delay, self.send, reply(self.zone, data), peer)

    def send(self, response, peer):
        self.in_flight -= 1
        if response is not None:
            try:
                self.sock.sendto(response, peer)
            except OSError:
                pass  # the asker has gone; nothing to tell

    def write_stats(self):
        if self.stats_path:
            with open(self.stats_path + ".tmp", "w", encoding="ascii") as file:
                file.write(f"queries {self.queries}\nmax-in-flight {self.max_in_flight}\n")
            os.replace(self.stats_path + ".tmp", self.stats_path)


async def serve(args):
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)  # as much as net.core.rmem_max allows
    except OSError:
        pass
    sock.bind(("127.0.0.1", args.port))
    sock.setblocking(False)
    server = SlowServer(sock, Zone(args.zone), args.delay_ms / 1000, args.stats)
    loop.add_reader(sock.fileno(), server.readable)
    print(f"listening on 127.0.0.1:{sock.getsockname()[1]}", flush=True)
    stop = asyncio.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    try:
        await asyncio.wait_for(stop.wait(), timeout=args.max_seconds)
    except asyncio.TimeoutError:
        pass
    loop.remove_reader(sock.fileno())
    sock.close()
    server.write_stats()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0, help="UDP port on 127.0.0.1 (0: pick a free one)")
    parser.add_argument("--delay-ms", type=float, default=20, help="milliseconds added before every answer")
    parser.add_argument("--zone", default="bench.test", help="the zone whose names are generated mail domains")
    parser.add_argument("--stats", help="keep this file holding the query count and the most queries in flight")
    parser.add_argument("--max-seconds", type=float, default=120, help="stop by itself after this long")
    asyncio.run(serve(parser.parse_args()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
