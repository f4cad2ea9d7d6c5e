"""
The load test's typing peers (scripts/load-test.sh): N pycrdt clients of one
notebook's jupyter-collaboration room, each with its own Y document and its
own WebSocket, speaking the room protocol by hand (y-protocols' sync messages,
as pycrdt frames them). Several share this process so that 14 of them cost
one Python interpreter, not 14, on a machine with two cores; each is still a
separate peer of the room.

Each typer appends timestamped markers, `[tK.N@MS] `, to the end of its cell
(two typers share a cell, so their appends race), one insert per marker: the
observer measures update-to-visible latency from MS, and the final checks
find every marker exactly once.

Typer 0 also measures: when each other typer's marker reaches it.

Standard input drives it, one word a line: `stop` (stop typing), `digest`
(each typer prints a digest of its replica), `latency` (typer 0's
measurements), `quit`. Standard output is JSON lines: `synced`, `stopped`
(with the number of markers written), `digest`, `latency`.

    python typers.py --server http://127.0.0.1:8888 --token T --path nb.ipynb \
        --count 14 --cells typing-0,typing-1,... --rate 4
"""

import argparse
import asyncio
import hashlib
import json
import random
import re
import sys
import time
import urllib.parse
import urllib.request

from pycrdt import (
    Array,
    Doc,
    Map,
    Text,
    YMessageType,
    YSyncMessageType,
    create_sync_message,
    create_update_message,
    handle_sync_message,
)
from tornado.websocket import websocket_connect


MARKER = re.compile(r"\[t(\d+)\.(\d+)@(\d+)\]")


def emit(event, **fields):
    sys.stdout.write(json.dumps({"event": event, **fields}) + "\n")
    sys.stdout.flush()


def request_session(server, token, path):
    """jupyter-collaboration's session request: the room's file id."""
    url = f"{server}/api/collaboration/session/{urllib.parse.quote(path)}"
    body = json.dumps({"format": "json", "type": "notebook"}).encode()
    req = urllib.request.Request(
        url,
        data=body,
        method="PUT",
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.loads(res.read())


def digest(doc):
    """The replica's digest, computed as the Node observer computes it."""
    parts = []
    for cell in doc.get("cells", type=Array):
        source = cell.get("source") if "source" in cell else ""
        parts.append(f"{cell.get('id')}\x01{cell.get('cell_type')}\x01{source}\x02")
    parts.append("\x03")
    branches = doc.get("coauthor:branches", type=Map)
    for key in sorted(branches.keys()):
        branch = branches[key]
        entries = branch.get("entries") if "entries" in branch else None
        rejected = branch.get("rejected") if "rejected" in branch else None
        parts.append(
            f"{key}:{len(entries) if entries is not None else 0}:"
            f"{len(rejected) if rejected is not None else 0}\x02"
        )
    return hashlib.sha256("".join(parts).encode("utf-8")).hexdigest()


class Typer:
    def __init__(self, index, cell_id, args):
        self.index = index
        self.cell_id = cell_id
        self.args = args
        self.doc = Doc()
        self.ws = None
        self.synced = asyncio.Event()
        self.typing = True
        self.written = 0
        # (marker time, latency) of the other typers' markers, when watching.
        self.seen = []

    def watch(self):
        """Note when the other typers' markers arrive (update-to-visible)."""

        def on_change(events):
            now = time.time() * 1000
            for event in events:
                for op in getattr(event, "delta", None) or []:
                    text = op.get("insert") if isinstance(op, dict) else None
                    if not isinstance(text, str):
                        continue
                    for m in MARKER.finditer(text):
                        if int(m.group(1)) != self.index:
                            self.seen.append((int(m.group(3)), round(now - int(m.group(3)), 1)))

        # Kept: a dropped subscription stops the callbacks.
        self._watching = self.doc.get("cells", type=Array).observe_deep(on_change)

    async def connect(self):
        session = await asyncio.to_thread(
            request_session, self.args.server, self.args.token, self.args.path
        )
        ws_base = "ws" + self.args.server[len("http"):]
        query = urllib.parse.urlencode({"sessionId": session["sessionId"], "token": self.args.token})
        url = f"{ws_base}/api/collaboration/room/json:notebook:{session['fileId']}?{query}"
        self.ws = await websocket_connect(url, max_message_size=256 * 1024 * 1024)
        await self.ws.write_message(create_sync_message(self.doc), binary=True)
        asyncio.ensure_future(self.read())

    async def read(self):
        while True:
            message = await self.ws.read_message()
            if message is None:
                return
            if isinstance(message, str) or len(message) < 2:
                continue
            if message[0] != YMessageType.SYNC:
                continue  # awareness and raw messages: not ours
            sync_type = message[1]
            reply = handle_sync_message(message[1:], self.doc)
            if reply is not None:
                await self.ws.write_message(reply, binary=True)
            if sync_type == YSyncMessageType.SYNC_STEP2:
                self.synced.set()

    def cell_text(self):
        for cell in self.doc.get("cells", type=Array):
            if cell.get("id") == self.cell_id:
                source = cell.get("source")
                return source if isinstance(source, Text) else None
        return None

    async def type(self):
        await self.synced.wait()
        emit("synced", typer=self.index, cell=self.cell_id)
        rng = random.Random(self.index)
        period = 1.0 / self.args.rate
        # Start at different moments, so that the room sees a stream.
        await asyncio.sleep(rng.random() * period)
        while self.typing:
            text = self.cell_text()
            if text is None:
                emit("error", typer=self.index, message=f"no cell {self.cell_id}")
                return
            before = self.doc.get_state()
            marker = f"[t{self.index}.{self.written}@{int(time.time() * 1000)}] "
            with self.doc.transaction():
                text.insert(len(text), marker)
            self.written += 1
            update = self.doc.get_update(before)
            await self.ws.write_message(create_update_message(update), binary=True)
            await asyncio.sleep(period * (0.5 + rng.random()))
        emit("stopped", typer=self.index, written=self.written)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--cells", required=True, help="comma-separated cell ids, shared in turn")
    parser.add_argument("--rate", type=float, default=2.0, help="markers per second per typer")
    args = parser.parse_args()
    host = urllib.parse.urlparse(args.server).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"typers.py: loopback servers only, not {host}")
    cells = args.cells.split(",")
    typers = [Typer(k, cells[k % len(cells)], args) for k in range(args.count)]
    # One typer also measures, as a peer that receives what the others type.
    typers[0].watch()
    for typer in typers:
        await typer.connect()
    tasks = [asyncio.ensure_future(typer.type()) for typer in typers]
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = (await reader.readline()).decode().strip()
        if line == "stop" or not line:
            for typer in typers:
                typer.typing = False
            await asyncio.gather(*tasks)
            if not line:
                return
        elif line == "digest":
            for typer in typers:
                emit("digest", typer=typer.index, digest=digest(typer.doc))
        elif line == "latency":
            emit("latency", typer=0, seen=typers[0].seen)
        elif line == "quit":
            for typer in typers:
                typer.typing = False
            await asyncio.gather(*tasks)
            for typer in typers:
                typer.ws.close()
            return


if __name__ == "__main__":
    asyncio.run(main())
