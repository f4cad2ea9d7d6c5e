"""JupyterLab server configuration for the Galata tests.

Galata's own helper sets up a server fit for tests (no token, the app exposed
to the test page, a temporary root directory).
"""

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 - `c` is the config object Jupyter provides

# The test machines have no network: do not look for news or updates.
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"

# CI and the development machines run as root.
c.ServerApp.allow_root = True

# Files the tests delete are gone, not kept in the desktop trash.
c.FileContentsManager.delete_to_trash = False
