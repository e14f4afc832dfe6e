#!/usr/bin/env python3
"""A hostile DNS server on 127.0.0.1 (UDP) for tests and fuzzing: each mode serves one fault that a broken
resolver, a captive portal or an off-path forger would produce. Python 3 standard library only.

    scripts/hostile_dns.py --port 0 --mode nxdomain-all      # prints "listening on 127.0.0.1:PORT", flushed

Stops on SIGTERM or SIGINT, and by itself after --max-seconds (default 120), so a test can never leave it behind.
With --log FILE every query received is appended to FILE as "NAME TYPE" (one line each).
"""

import argparse
import os
import random
import signal
import socket
import struct
import sys
import time

TYPE_A, TYPE_NS, TYPE_CNAME, TYPE_SOA, TYPE_MX, TYPE_TXT, TYPE_AAAA = 1, 2, 5, 6, 15, 16, 28
CLASS_IN = 1
RCODE_NOERROR, RCODE_FORMERR, RCODE_SERVFAIL, RCODE_NXDOMAIN, RCODE_NOTIMP, RCODE_REFUSED = 0, 1, 2, 3, 4, 5

MODES = {
    "nxdomain-all": "NXDOMAIN for every name (com. included), no SOA in the authority section",
    "nxdomain-all-with-soa": "NXDOMAIN for every name with a forged SOA owned by the name's parent (root for a TLD)",
    "nodata-all": "NOERROR with an empty answer and no SOA for every name (com. SOA included)",
    "wrong-id": "a plausible positive answer under a query id that is not the query's",
    "qr0-echo": "the query sent back byte for byte (QR bit 0)",
    "wrong-question": "a plausible positive answer to another name (question and records name wrong-question.invalid.)",
    "foreign-owner": "the right question, but the answer records are owned by another name",
    "forged-null-mx-wrong-id": "a null MX (MX 0 .) for every MX query under a wrong id; other types NXDOMAIN under a wrong id",
    "formerr": "FORMERR for every query",
    "notimp": "NOTIMP for every query",
    "servfail": "SERVFAIL for every query",
    "refused": "REFUSED for every query",
    "silent": "never answers",
    "truncated-garbage": "a reply cut short: the header promises a question and records that never come",
}


def parse_name(packet, offset):
    """Reads an uncompressed name (queries carry no compression); returns (wire bytes incl. the root, next offset)."""
    start = offset
    while True:
        if offset >= len(packet):
            raise ValueError("name runs past the packet")
        length = packet[offset]
        if length & 0xC0:
            raise ValueError("compression in a question")
        offset += 1 + length
        if length == 0:
            return packet[start:offset], offset


def name_to_text(wire):
    labels, i = [], 0
    while wire[i] != 0:
        labels.append(wire[i + 1:i + 1 + wire[i]].decode("latin-1"))
        i += 1 + wire[i]
    return ".".join(labels) + "."


def text_to_wire(text):
    out = b""
    for label in [part for part in text.split(".") if part]:
        raw = label.encode("latin-1")
        out += bytes([len(raw)]) + raw
    return out + b"\x00"


def parent_of(wire):
    """The wire name one label up (the root stays the root)."""
    return wire if wire[0] == 0 else wire[1 + wire[0]:]


def record(owner, rtype, rdata, ttl=300):
    return owner + struct.pack("!HHIH", rtype, CLASS_IN, ttl, len(rdata)) + rdata


def soa_rdata(zone):
    return text_to_wire("ns." + name_to_text(zone).lstrip(".")) + text_to_wire("hostmaster.invalid.") + \
        struct.pack("!IIIII", 1, 3600, 600, 86400, 300)


def plausible_records(owner, qtype):
    """A positive answer a forger would send: an address, a mail exchanger, an SPF record, a SOA."""
    if qtype == TYPE_A:
        return [record(owner, TYPE_A, bytes([192, 0, 2, 66]))]
    if qtype == TYPE_AAAA:
        return [record(owner, TYPE_AAAA, bytes.fromhex("20010db8000000000000000000000066"))]
    if qtype == TYPE_MX:
        return [record(owner, TYPE_MX, struct.pack("!H", 10) + text_to_wire("mx.forged.invalid."))]
    if qtype == TYPE_TXT:
        text = b"v=spf1 +all"
        return [record(owner, TYPE_TXT, bytes([len(text)]) + text)]
    if qtype == TYPE_SOA:
        return [record(owner, TYPE_SOA, soa_rdata(owner))]
    return []


def header(query_id, flags_in, rcode, qd, an, ns, ar, qr=True):
    opcode_rd = flags_in & 0x7900  # opcode and RD as asked
    flags = opcode_rd | (0x8000 if qr else 0) | 0x0080 | rcode  # RA set: a recursive resolver
    return struct.pack("!HHHHHH", query_id, flags, qd, an, ns, ar)


def reply(mode, packet):
    """The bytes to send back for `packet`, or None to stay silent."""
    if len(packet) < 12:
        return None
    query_id, flags_in, qdcount = struct.unpack("!HHH", packet[:6])
    if mode == "silent":
        return None
    if mode == "qr0-echo":
        return packet
    if mode == "truncated-garbage":
        return header(query_id, flags_in, RCODE_NOERROR, 1, 2, 0, 0) + b"\x07trunc"
    try:
        qname, offset = parse_name(packet, 12)
        qtype, qclass = struct.unpack("!HH", packet[offset:offset + 4])
    except (ValueError, struct.error):
        return header(query_id, flags_in, RCODE_FORMERR, 0, 0, 0, 0)
    question = qname + struct.pack("!HH", qtype, qclass)
    wrong_id = query_id ^ 0x5A5A

    def answer(rcode, answers=(), authority=(), qid=query_id, q=question):
        return header(qid, flags_in, rcode, 1, len(answers), len(authority), 0) + q + b"".join(answers) + \
            b"".join(authority)

    if mode == "nxdomain-all":
        return answer(RCODE_NXDOMAIN)
    if mode == "nxdomain-all-with-soa":
        zone = parent_of(qname)
        return answer(RCODE_NXDOMAIN, authority=[record(zone, TYPE_SOA, soa_rdata(zone))])
    if mode == "nodata-all":
        return answer(RCODE_NOERROR)
    if mode == "wrong-id":
        return answer(RCODE_NOERROR, plausible_records(qname, qtype), qid=wrong_id)
    if mode == "wrong-question":
        other = text_to_wire("wrong-question.invalid.")
        return answer(RCODE_NOERROR, plausible_records(other, qtype), q=other + struct.pack("!HH", qtype, qclass))
    if mode == "foreign-owner":
        return answer(RCODE_NOERROR, plausible_records(text_to_wire("foreign-owner.invalid."), qtype))
    if mode == "forged-null-mx-wrong-id":
        if qtype == TYPE_MX:
            return answer(RCODE_NOERROR, [record(qname, TYPE_MX, b"\x00\x00\x00")], qid=wrong_id)
        return answer(RCODE_NXDOMAIN, qid=wrong_id)
    rcodes = {"formerr": RCODE_FORMERR, "notimp": RCODE_NOTIMP, "servfail": RCODE_SERVFAIL, "refused": RCODE_REFUSED}
    if mode in rcodes:
        return answer(rcodes[mode])
    raise SystemExit(f"unknown mode {mode}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="modes:\n" + "\n".join(f"  {m:24} {d}" for m, d in MODES.items()))
    parser.add_argument("--port", type=int, default=0, help="UDP port on 127.0.0.1 (0: pick a free one)")
    parser.add_argument("--mode", required=True, choices=sorted(MODES))
    parser.add_argument("--max-seconds", type=float, default=120, help="stop by itself after this long")
    parser.add_argument("--log", help="append each query received as 'NAME TYPE' to this file")
    args = parser.parse_args()

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", args.port))
    print(f"listening on 127.0.0.1:{sock.getsockname()[1]}", flush=True)

    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    deadline = time.monotonic() + args.max_seconds
    random.seed(os.getpid())
    while not stopping and time.monotonic() < deadline:
        sock.settimeout(max(0.01, min(0.2, deadline - time.monotonic())))
        try:
            packet, peer = sock.recvfrom(65535)
        except (socket.timeout, InterruptedError):
            continue
        if args.log:
            try:
                qname, offset = parse_name(packet, 12)
                qtype = struct.unpack("!H", packet[offset:offset + 2])[0]
                line = f"{name_to_text(qname)} {qtype}\n"
            except (ValueError, struct.error, IndexError):
                line = "? ?\n"
            with open(args.log, "a", encoding="latin-1") as log:
                log.write(line)
        response = reply(args.mode, packet)
        if response is not None:
            sock.sendto(response, peer)
    sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
