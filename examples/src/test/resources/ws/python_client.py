"""Interop client: Python `websockets` (Debian python3-websockets) against a Celeris echo endpoint.

Usage: python3 python_client.py ws://127.0.0.1:PORT/ws/echo
Echoes text, binary, a 16 MiB fragmented binary and a fragmented text message, pings, and
closes with 4000; prints OK and the negotiated extensions, exits non-zero on any mismatch.
"""
import asyncio
import os
import sys

import websockets


async def main(url):
    async with websockets.connect(url, max_size=64 * 1024 * 1024, subprotocols=["echo"]) as ws:
        assert ws.subprotocol == "echo", ws.subprotocol
        await ws.send("hello \u2603")
        assert await ws.recv() == "hello \u2603"
        await ws.send(b"\x00\x01\x02\xff")
        assert await ws.recv() == b"\x00\x01\x02\xff"
        big = os.urandom(16 * 1024 * 1024)
        await ws.send([big[i:i + 1024 * 1024] for i in range(0, len(big), 1024 * 1024)])
        echoed = await ws.recv()
        assert echoed == big, "16 MiB binary differs"
        await ws.send(["frag", "mented \u2603"])
        assert await ws.recv() == "fragmented \u2603"
        pong = await ws.ping(b"ping-data")
        await asyncio.wait_for(pong, 20)
        extensions = ws.response_headers.get("Sec-WebSocket-Extensions")
        await ws.close(code=4000, reason="bye")
        assert ws.close_code == 4000, ws.close_code
    print("OK extensions=%s" % extensions)


asyncio.run(main(sys.argv[1]))
