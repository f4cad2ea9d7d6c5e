"""Check the server extension's checkpoint reader with every checkpoints class
Jupyter Server ships, and one that cannot give content (scripts/test.sh runs it):

    .venv/bin/python testing/checkpoints/check-reader.py

The Galata spec ui-tests/tests/checkpoint-suggestion.spec.ts drives the handler
on the default (AsyncLargeFileManager + AsyncFileCheckpoints); this covers the
other classes: FileCheckpoints and GenericFileCheckpoints (sync), their async
twins, and a list-only class, which must give the 501. Prints one line per
case; exits 1 on any failure.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
import tempfile
from pathlib import Path

from jupyter_server.services.contents import filecheckpoints as fc
from jupyter_server.services.contents.checkpoints import AsyncCheckpoints
from jupyter_server.services.contents.filemanager import FileContentsManager
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from jupyter_server.utils import ensure_async
from tornado.web import HTTPError

from jupyterlab_coauthor.checkpoints import read_notebook_checkpoint

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks/corpus/cellids-4.5/before.ipynb"


class ListOnlyCheckpoints(AsyncCheckpoints):
    """Checkpoints that can be listed but whose content no method gives."""

    async def create_checkpoint(self, contents_mgr, path):
        return {"id": "checkpoint", "last_modified": "2026-01-01T00:00:00Z"}


failures: list[str] = []


async def case(manager, checkpoints_class, root: Path, expect_status: int | None) -> None:
    name = f"{manager.__name__} + {checkpoints_class.__name__}"
    cm = manager(root_dir=str(root), checkpoints_class=checkpoints_class)
    shutil.copy(NOTEBOOK, root / "nb.ipynb")
    await ensure_async(cm.create_checkpoint("nb.ipynb"))
    # The file changes after the checkpoint: the reader must give the checkpoint.
    changed = json.loads(NOTEBOOK.read_text())
    changed["cells"] = changed["cells"][:2]
    (root / "nb.ipynb").write_text(json.dumps(changed))
    want = len(json.loads(NOTEBOOK.read_text())["cells"])
    try:
        nb = await read_notebook_checkpoint(cm.checkpoints, "checkpoint", "nb.ipynb")
        status, got = 200, len(nb["cells"])
    except HTTPError as e:
        status, got = e.status_code, e.log_message
    if expect_status is None:
        ok = status == 200 and got == want
        print(f"{'ok ' if ok else 'FAIL'} {name}: {got} cells (the checkpoint has {want})")
        try:
            await read_notebook_checkpoint(cm.checkpoints, "other", "nb.ipynb")
            status = 200
        except HTTPError as e:
            status = e.status_code
        ok = ok and status == 404
        print(f"{'ok ' if status == 404 else 'FAIL'} {name}: an unknown id is {status}")
    else:
        ok = status == expect_status
        print(f"{'ok ' if ok else 'FAIL'} {name}: {status} {got}")
    if not ok:
        failures.append(name)


async def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        for k, (manager, cls, status) in enumerate(
            [
                (FileContentsManager, fc.FileCheckpoints, None),
                (FileContentsManager, fc.GenericFileCheckpoints, None),
                (AsyncLargeFileManager, fc.AsyncFileCheckpoints, None),
                (AsyncLargeFileManager, fc.AsyncGenericFileCheckpoints, None),
                (AsyncLargeFileManager, ListOnlyCheckpoints, 501),
            ]
        ):
            root = Path(tmp, str(k))
            root.mkdir()
            await case(manager, cls, root, status)
    if failures:
        print(f"{len(failures)} failure(s): {failures}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
