"""jupyterlab-coauthor: suggestion branches and an AI co-author for JupyterLab.

The whole product is a front-end extension; this Python package only ships the
prebuilt labextension so that ``pip install`` puts it where JupyterLab (and
JupyterLite) find it. There is deliberately no server extension.
"""

try:
    from ._version import __version__
except ImportError:  # pragma: no cover - only when running from an unbuilt checkout
    import warnings

    warnings.warn("Importing 'jupyterlab_coauthor' outside a proper installation.")
    __version__ = "dev"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "jupyterlab-coauthor"}]
