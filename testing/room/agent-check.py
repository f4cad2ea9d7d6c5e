"""The headless agent (coauthor-agent) against a real Jupyter server with
jupyter-collaboration, checked from a pycrdt client that speaks the room's
protocol (y-websocket framing) by hand.

Run by testing/room/agent-check.sh, which compiles the core first. It starts
the scripted model server, the Jupyter server and the agent, then checks:
the agent's presence (name, colour, agent field), its reply to an @Ada
message streamed into the shared chat, its edit as its suggestion (not in the
notebook), the server killed (SIGKILL) and restarted in the middle of a
turn (the turn finishes; no message, text or cell lost or doubled), and
SIGINT (presence removed, exit 0; the suggestion saved in the file). The
API key given to the agent appears in no log, file or document. Prints
`N passed, N failed`; exits 1 if any failed.
"""

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

from pycrdt import (
    Array,
    Decoder,
    Doc,
    Map,
    Text,
    YMessageType,
    create_sync_message,
    create_update_message,
    handle_sync_message,
    read_message,
)
from tornado.websocket import websocket_connect

JUPYTER, NODE, AGENT, MODEL_SERVER, ROOT, PORT, MODEL_PORT = sys.argv[1:8]
TOKEN = "agent-check"
KEY = "sk-agent-check-SECRET-71b3"
BASE = f"http://127.0.0.1:{PORT}"
MODEL = f"http://127.0.0.1:{MODEL_PORT}"
LOGS = os.path.join(ROOT, "..", "logs")
os.makedirs(LOGS, exist_ok=True)

passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok - {name}", flush=True)
    else:
        failed += 1
        print(f"not ok - {name} {detail}", flush=True)


def http(method, url, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"token {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def start_jupyter():
    log = open(os.path.join(LOGS, "jupyter.log"), "a")
    return subprocess.Popen(
        [
            JUPYTER,
            "server",
            "--allow-root",
            f"--port={PORT}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={TOKEN}",
            "--ServerApp.open_browser=False",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


async def wait_for(check_fn, seconds, step=0.05):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check_fn():
            return True
        await asyncio.sleep(step)
    return check_fn()


async def wait_http(url, seconds=30):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            http("GET", url, token=TOKEN)
            return True
        except Exception:
            await asyncio.sleep(0.2)
    return False


class Peer:
    """A pycrdt peer in the notebook's room: a Doc kept in sync, the room's
    awareness states decoded, and chat messages posted as ChatModel does."""

    def __init__(self):
        self.doc = None
        self.states = {}  # client id -> (clock, state or None)
        self.agent_cells = set()  # the cells the agents' presence named
        self.ws = None
        self._reader = None

    async def join(self):
        session = http(
            "PUT",
            f"{BASE}/api/collaboration/session/t.ipynb",
            {"format": "json", "type": "notebook"},
            TOKEN,
        )
        url = (
            f"ws://127.0.0.1:{PORT}/api/collaboration/room/json:notebook:"
            f"{session['fileId']}?sessionId={session['sessionId']}&token={TOKEN}"
        )
        # A fresh document on each join: this peer only reads, and a fresh
        # doc is what a new browser tab would have.
        self.doc = Doc()
        self.synced = False
        self.ws = await websocket_connect(url)
        self.doc.observe(self._on_update)
        await self.ws.write_message(create_sync_message(self.doc), binary=True)
        self._reader = asyncio.ensure_future(self._read(self.ws))
        return await wait_for(lambda: self.synced, 10)

    def _on_update(self, event):
        ws = self.ws
        if ws is not None and self.synced:
            asyncio.ensure_future(
                ws.write_message(create_update_message(event.update), binary=True)
            )

    async def _read(self, ws):
        while True:
            message = await ws.read_message()
            if message is None:
                return
            if isinstance(message, str):
                continue
            if message[0] == YMessageType.SYNC:
                reply = handle_sync_message(message[1:], self.doc)
                if reply is not None:
                    await ws.write_message(reply, binary=True)
                if message[1] == 1:  # step 2: the room's state
                    self.synced = True
            elif message[0] == YMessageType.AWARENESS:
                self._awareness(read_message(message[1:]))

    def _awareness(self, update):
        decoder = Decoder(update)
        for _ in range(decoder.read_var_uint()):
            client = decoder.read_var_uint()
            clock = decoder.read_var_uint()
            text = decoder.read_var_string()
            known = self.states.get(client, (-1, None))[0]
            if clock >= known:
                state = json.loads(text) if text else None
                self.states[client] = (clock, state)
                cell = ((state or {}).get("agent") or {}).get("cellId")
                if cell and (state or {}).get("cursors"):
                    self.agent_cells.add(cell)

    def close(self):
        if self._reader:
            self._reader.cancel()
        if self.ws:
            self.ws.close()
        self.ws = None

    def agent_state(self, name="Ada"):
        for client, (_, state) in self.states.items():
            if state and state.get("agent") and state.get("user", {}).get("name") == name:
                return client, state
        return None, None

    def chat(self):
        messages = []
        for m in self.doc.get("coauthor:chat", type=Array):
            body = m.get("body")
            messages.append(
                {
                    "id": m.get("id"),
                    "role": m.get("role"),
                    "author": m.get("author"),
                    "status": m.get("status"),
                    "body": str(body) if body is not None else "",
                }
            )
        return messages

    def post(self, text):
        chat = self.doc.get("coauthor:chat", type=Array)
        chat.append(
            Map(
                {
                    "id": f"m-check-{time.time_ns()}",
                    "role": "user",
                    "author": {"name": "Pat", "color": "#393", "id": "pat"},
                    "time": int(time.time() * 1000),
                    "status": "done",
                    "body": Text(text),
                }
            )
        )

    def cells(self):
        return [
            (c.get("id"), str(c.get("source"))) for c in self.doc.get("cells", type=Array)
        ]

    def branches(self):
        out = []
        for branch_id, branch in self.doc.get("coauthor:branches", type=Map).items():
            out.append((branch_id, branch.get("author"), len(branch.get("entries"))))
        return out


def reply_text(chunks):
    return "".join(chunks)


async def main():
    model_log = open(os.path.join(LOGS, "model.log"), "w")
    model = subprocess.Popen(
        [NODE, MODEL_SERVER, "--port", MODEL_PORT, "--api-key", KEY],
        stdout=model_log,
        stderr=subprocess.STDOUT,
    )
    jupyter = None
    agent = None
    peer = Peer()
    try:
        jupyter = start_jupyter()
        check("the scripted model server starts", await wait_http(f"{MODEL}/__requests"))
        check("the Jupyter server starts", await wait_http(f"{BASE}/api/status"))
        check("the pycrdt peer joins the room", await peer.join())

        first = ["I documented ", "`add` ", "with a docstring."]
        second = [f"part {k}. " for k in range(1, 17)]
        http(
            "POST",
            f"{MODEL}/__script",
            {
                "responses": [
                    {
                        "toolCalls": [
                            {
                                "name": "edit_cell",
                                "arguments": {
                                    "cell_id": "c1",
                                    "old_text": "def add(a, b):\n",
                                    "new_text": 'def add(a, b):\n    """Add a and b."""\n',
                                },
                            }
                        ],
                        "finishReason": "tool_calls",
                    },
                    {"text": first, "delayMs": 150},
                    {
                        "toolCalls": [
                            {
                                "name": "insert_cell",
                                "arguments": {
                                    "after_cell_id": "c1",
                                    "source": "add(1, 2)",
                                },
                            }
                        ],
                        "finishReason": "tool_calls",
                    },
                    {"text": second, "delayMs": 250},
                ]
            },
        )

        env = {**os.environ, "COAUTHOR_API_KEY": KEY, "JUPYTER_TOKEN": TOKEN}
        agent_log = open(os.path.join(LOGS, "agent.log"), "w")
        agent = subprocess.Popen(
            [
                NODE,
                AGENT,
                "--server",
                BASE,
                "--notebook",
                "t.ipynb",
                "--model-url",
                f"{MODEL}/v1",
                "--model",
                "scripted-model",
                "--name",
                "Ada",
                "--color",
                "#7b61ff",
            ],
            env=env,
            stdout=agent_log,
            stderr=subprocess.STDOUT,
        )

        # Presence, as JupyterLab's collaborators list reads it.
        await wait_for(lambda: peer.agent_state()[1] is not None, 20)
        client, state = peer.agent_state()
        user = (state or {}).get("user", {})
        check(
            "the agent is in the room's presence with its name and colour",
            user.get("name") == "Ada"
            and user.get("display_name") == "Ada"
            and user.get("color") == "#7b61ff"
            and user.get("username") == "agent:Ada",
            json.dumps(state),
        )

        # A message addressed to another agent: not answered.
        peer.post("@Bob please look at this")
        await asyncio.sleep(1.0)
        requests = len(http("GET", f"{MODEL}/__requests")["requests"])
        check("a message for @Bob is left alone", requests == 0, f"{requests} requests")

        # Its reply streams into the shared chat.
        peer.post("@ada please document add")
        lengths = set()

        def reply_done():
            for m in peer.chat():
                if m["role"] == "assistant" and m["body"]:
                    lengths.add(len(m["body"]))
                    if m["status"] == "done" and m["body"] == reply_text(first):
                        return True
            return False

        check("the agent answers @ada, in the shared chat", await wait_for(reply_done, 20))
        check(
            "the reply streamed (several lengths seen)",
            len(lengths) >= 2,
            str(sorted(lengths)),
        )
        branches = peer.branches()
        check(
            "its edit is its suggestion branch, shared in the room",
            len(branches) == 1
            and branches[0][1].get("id") == "agent:Ada"
            and branches[0][2] >= 1,
            str(branches),
        )
        check(
            "the notebook itself is unchanged (a suggestion, not an edit)",
            peer.cells() == [("c1", "def add(a, b):\n    return a + b")],
            str(peer.cells()),
        )
        check(
            "its presence put its cursor in the cell it worked on",
            "c1" in peer.agent_cells,
            str(peer.agent_cells),
        )

        # Mid-turn: kill -9 the server and start it again.
        peer.post("@Ada call it once")
        await wait_for(
            lambda: any(m["body"].startswith("part 1. part 2.") for m in peer.chat()),
            20,
        )
        before = [m for m in peer.chat() if m["body"].startswith("part 1.")]
        jupyter.kill()
        jupyter.wait()
        peer.close()
        jupyter = start_jupyter()
        check("the server restarts", await wait_http(f"{BASE}/api/status"))
        rejoined = await peer.join()
        check("the pycrdt peer rejoins", rejoined)

        def second_done():
            return any(
                m["status"] == "done" and m["body"] == reply_text(second)
                for m in peer.chat()
            )

        check(
            "the interrupted turn finishes in the restarted room",
            await wait_for(second_done, 40),
            json.dumps([m["body"][:40] for m in peer.chat()]),
        )
        chat = peer.chat()
        ids = [m["id"] for m in chat]
        check(
            "no chat message lost or doubled",
            len(ids) == len(set(ids))
            and [m["role"] for m in chat].count("user") == 3
            and sum(1 for m in chat if m["body"] == reply_text(first)) == 1
            and sum(1 for m in chat if m["body"] == reply_text(second)) == 1
            and before
            and before[0]["id"] in ids,
            json.dumps([(m["role"], m["body"][:30]) for m in chat]),
        )
        cells = peer.cells()
        check(
            "no cell lost or doubled",
            cells == [("c1", "def add(a, b):\n    return a + b")],
            str(cells),
        )
        branches = peer.branches()
        check(
            "one suggestion branch, with both turns' edits",
            len(branches) == 1 and branches[0][2] >= 2,
            str(branches),
        )
        requests = len(http("GET", f"{MODEL}/__requests")["requests"])
        check(
            "the model was asked four times: no turn ran twice",
            requests == 4,
            f"{requests} requests",
        )
        await wait_for(lambda: peer.agent_state()[1] is not None, 20)
        client, state = peer.agent_state()

        # Ctrl+C: presence removed, exit 0, the suggestion saved in the file.
        agent.send_signal(signal.SIGINT)
        try:
            code = agent.wait(15)
        except subprocess.TimeoutExpired:
            code = None
        check("SIGINT: the agent exits 0", code == 0, f"exit {code}")
        removed = await wait_for(
            lambda: client is not None and peer.states.get(client, (0, None))[1] is None,
            5,
        )
        check("SIGINT: its presence is removed for the others", removed, str(client))
        agent = None

        def saved():
            with open(os.path.join(ROOT, "t.ipynb")) as f:
                notebook = json.load(f)
            coauthor = notebook.get("metadata", {}).get("coauthor", {})
            records = coauthor.get("suggestions", {}).get("branches", [])
            return notebook, records, coauthor.get("chat", {}).get("messages", [])

        await wait_for(lambda: len(saved()[1]) == 1 and len(saved()[2]) >= 8, 10)
        notebook, records, messages = saved()
        cell_records = records[0]["cells"] if records else []
        check(
            "the file holds its suggestion records (metadata.coauthor) and the chat",
            len(records) == 1
            and records[0]["author"]["id"] == "agent:Ada"
            and len(cell_records) == 2
            and len(messages) == len(chat),
            json.dumps(records)[:400],
        )
        check(
            "the file's cells are the notebook's own",
            [c["id"] for c in notebook["cells"]] == ["c1"],
        )
        texts = []
        for name in ("agent.log", "jupyter.log"):
            with open(os.path.join(LOGS, name)) as f:
                texts.append(f.read())
        with open(os.path.join(ROOT, "t.ipynb")) as f:
            texts.append(f.read())
        check("the API key is in no log, file or document", not any(KEY in t for t in texts))
        check(
            "the agent's log is short",
            len(texts[0].splitlines()) < 30,
            f"{len(texts[0].splitlines())} lines",
        )
    finally:
        peer.close()
        if agent is not None:
            agent.kill()
        if jupyter is not None:
            jupyter.kill()
        model.kill()
    print(f"{passed} passed, {failed} failed")
    if failed:
        with open(os.path.join(LOGS, "agent.log")) as f:
            print("--- agent log ---\n" + f.read())
    return 1 if failed else 0


sys.exit(asyncio.run(main()))
