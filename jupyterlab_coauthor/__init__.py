"""jupyterlab-coauthor: suggestion branches and an AI co-author for JupyterLab.

The product is a front-end extension; this Python package ships the prebuilt
labextension so that ``pip install`` puts it where JupyterLab (and
JupyterLite) find it, and one small read-only server extension: the content of
a notebook's checkpoint, which Jupyter Server lists but does not serve
(``checkpoints.py``; "Open Last Checkpoint as Suggestion" reads it). The
server extension is enabled by the file ``pip install`` puts into
``etc/jupyter/jupyter_server_config.d/``; everything else works without it.
"""

try:
    from ._version import __version__
except ImportError:  # pragma: no cover - only when running from an unbuilt checkout
    import warnings

    warnings.warn("Importing 'jupyterlab_coauthor' outside a proper installation.")
    __version__ = "dev"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-coauthor"}]


def _jupyter_server_extension_points():
    return [{"module": "jupyterlab_coauthor"}]


def _load_jupyter_server_extension(serverapp):
    from .checkpoints import ROUTE, setup_handlers

    setup_handlers(serverapp)
    serverapp.log.info("jupyterlab_coauthor: checkpoint contents at %s", ROUTE)
