#!/usr/bin/env python3
"""A small SMTP server on 127.0.0.1 for the relay probe tests. Python 3 standard library only (asyncio, ssl).

    scripts/test_smtp_server.py --port 0 [--cert C.pem --key K.pem] [--no-starttls] [--auth "PLAIN LOGIN"]
    # prints "listening on 127.0.0.1:PORT", flushed

It greets, answers EHLO/HELO (STARTTLS is offered when a certificate is given and --no-starttls is not; AUTH is
offered only with --auth, and after STARTTLS when TLS is offered), upgrades on STARTTLS, answers NOOP, RSET and
QUIT, and refuses everything else: it never accepts mail or credentials. Stops on SIGTERM or SIGINT, and by
itself after --max-seconds (default 120), so a test can never leave it behind.
"""

import argparse
import asyncio
import signal
import ssl
import sys


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cert", help="PEM certificate to present after STARTTLS")
    parser.add_argument("--key", help="PEM private key of --cert")
    parser.add_argument("--no-starttls", action="store_true", help="do not offer STARTTLS even with a certificate")
    parser.add_argument("--auth", default="", help='AUTH mechanisms to offer, e.g. "PLAIN LOGIN" (default: none)')
    parser.add_argument("--max-seconds", type=float, default=120)
    return parser.parse_args()


class Session:
    def __init__(self, arguments, context, reader, writer):
        self.arguments, self.context, self.reader, self.writer = arguments, context, reader, writer
        self.tls = False

    async def send(self, *lines):
        # A multi-line reply: "250-" for every line but the last, "250 " for the last.
        for index, line in enumerate(lines):
            separator = " " if index == len(lines) - 1 else "-"
            self.writer.write(f"{line[:3]}{separator}{line[4:]}\r\n".encode())
        await self.writer.drain()

    def capabilities(self):
        lines = ["250 relay.test TEST ONLY", "250 PIPELINING", "250 8BITMIME"]
        offers_tls = self.context is not None and not self.arguments.no_starttls
        if offers_tls and not self.tls:
            lines.append("250 STARTTLS")
        if self.arguments.auth and (self.tls or not offers_tls):
            lines.append(f"250 AUTH {self.arguments.auth}")
        return lines

    async def run(self):
        await self.send("220 relay.test ESMTP TEST ONLY")
        while True:
            raw = await asyncio.wait_for(self.reader.readline(), timeout=30)
            if not raw:
                return
            command = raw.decode(errors="replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                await self.send(*self.capabilities())
            elif verb == "HELO":
                await self.send("250 relay.test")
            elif verb == "STARTTLS" and "250 STARTTLS" in self.capabilities():
                await self.send("220 ready to start TLS")
                try:
                    await self.writer.start_tls(self.context)
                except (ssl.SSLError, OSError, ConnectionError):
                    return  # the client refused our certificate: that is what the tests are about
                self.tls = True
            elif verb in ("NOOP", "RSET"):
                await self.send("250 OK")
            elif verb == "QUIT":
                await self.send("221 bye")
                return
            else:
                await self.send("502 not implemented in the TEST ONLY server")


async def serve(arguments):
    context = None
    if arguments.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(arguments.cert, arguments.key)

    async def handle(reader, writer):
        try:
            await Session(arguments, context, reader, writer).run()
        except (asyncio.TimeoutError, ConnectionError, ssl.SSLError, OSError):
            pass
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", arguments.port)
    port = server.sockets[0].getsockname()[1]
    print(f"listening on 127.0.0.1:{port}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        await asyncio.wait_for(stop.wait(), timeout=arguments.max_seconds)
    except asyncio.TimeoutError:
        pass
    server.close()


if __name__ == "__main__":
    asyncio.run(serve(parse_arguments()))
    sys.exit(0)
