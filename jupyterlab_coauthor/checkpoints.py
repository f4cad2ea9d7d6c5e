"""The content of a notebook's checkpoint, for "Open Last Checkpoint as Suggestion".

Jupyter Server's REST API lists a file's checkpoints
(``GET /api/contents/{path}/checkpoints``) and restores one over the file,
but never serves a checkpoint's content, and ``.ipynb_checkpoints/`` is hidden
from the contents API. This one handler fills that gap, read-only:

    GET /coauthor/api/checkpoints/{path}?id={checkpoint id}
    -> {"id": ..., "path": ..., "content": <the notebook, nbformat 4 JSON>}

It asks the contents manager's own checkpoints object, so it reads what
"Revert Notebook to Checkpoint" would restore, wherever that is kept:

- a checkpoints class with ``get_notebook_checkpoint`` (the generic ones,
  sync or async, for contents managers that are not files on disk);
- ``FileCheckpoints`` / ``AsyncFileCheckpoints``, the default of Jupyter
  Server's file contents managers, which have no such method: the file at
  their ``checkpoint_path``;
- anything else: 501, with a message that says so.

Paths go through the contents manager's own checks (a path outside the root
is its 404, a hidden file is refused as ``GET /api/contents`` refuses it),
and the request needs the same permission as reading the file ("read" on the
"contents" resource).
"""

from __future__ import annotations

import asyncio
import json
import re

import nbformat
from jupyter_server.auth.decorator import authorized
from jupyter_server.base.handlers import APIHandler, path_regex
from jupyter_server.services.contents.filecheckpoints import FileCheckpoints
from jupyter_server.utils import ensure_async, url_path_join
from tornado import web

# The ids Jupyter Server's own checkpoint routes accept.
CHECKPOINT_ID = re.compile(r"^[\w-]+$")

ROUTE = r"/coauthor/api/checkpoints"


class CheckpointContentHandler(APIHandler):
    """``GET``: the content of one checkpoint of a notebook."""

    # Authorized as reading the file itself.
    auth_resource = "contents"

    @web.authenticated
    @authorized
    async def get(self, path: str = "") -> None:
        path = (path or "").strip("/")
        checkpoint_id = self.get_query_argument("id", default="")
        if not CHECKPOINT_ID.match(checkpoint_id):
            raise web.HTTPError(400, f"Invalid checkpoint id {checkpoint_id!r}")
        cm = self.contents_manager
        if not path.endswith(".ipynb"):
            raise web.HTTPError(400, f"{path!r} is not a notebook")
        # The checks of GET /api/contents: hidden files stay hidden, and the
        # file must exist (file_exists resolves the path inside the root, or
        # raises the contents manager's own 404 for a path outside it).
        if not cm.allow_hidden and await ensure_async(cm.is_hidden(path)):
            raise web.HTTPError(404, f"No notebook {path!r}")
        if not await ensure_async(cm.file_exists(path)):
            raise web.HTTPError(404, f"No notebook {path!r}")
        content = await read_notebook_checkpoint(cm.checkpoints, checkpoint_id, path)
        # As GET /api/contents gives a notebook, so that a checkpoint equal to
        # the file compares equal to it (cells' `trusted` included).
        cm.mark_trusted_cells(content, path)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"id": checkpoint_id, "path": path, "content": content}))


async def read_notebook_checkpoint(checkpoints, checkpoint_id: str, path: str) -> dict:
    """The notebook (nbformat 4) that checkpoint ``checkpoint_id`` of ``path`` holds."""
    get_notebook = getattr(checkpoints, "get_notebook_checkpoint", None)
    if get_notebook is not None:
        try:
            model = await ensure_async(get_notebook(checkpoint_id, path))
        except NotImplementedError:
            pass  # the generic mixin's abstract method, not overridden
        else:
            return model["content"]
    if isinstance(checkpoints, FileCheckpoints):
        # checkpoint_path validates the folder through the contents manager's
        # root checks; it is where create_checkpoint copied the file.
        os_path = checkpoints.checkpoint_path(checkpoint_id, path)
        try:
            return await asyncio.to_thread(_read_notebook, os_path)
        except FileNotFoundError:
            checkpoints.no_such_checkpoint(path, checkpoint_id)
    raise web.HTTPError(
        501,
        f"The server's checkpoints ({type(checkpoints).__name__}) cannot give a "
        "checkpoint's content: only restoring it is possible.",
    )


def _read_notebook(os_path: str) -> dict:
    with open(os_path, encoding="utf-8") as f:
        return nbformat.read(f, as_version=4)


def setup_handlers(serverapp) -> None:
    """Add the handler to the server's web application."""
    web_app = serverapp.web_app
    pattern = url_path_join(web_app.settings["base_url"], ROUTE + path_regex)
    web_app.add_handlers(".*$", [(pattern, CheckpointContentHandler)])
