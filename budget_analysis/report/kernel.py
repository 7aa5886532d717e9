"""One Jupyter kernel for a whole batch of reports.

Starting a kernel and importing pandas, matplotlib and the package in it costs seconds; the report itself costs
about one. So the kernel is started once and each document's notebook runs in it with nbclient, its parameters
injected the way papermill does (the notebook stays runnable with `papermill -p doc_id ...`), and the user
namespace wiped between documents so that nothing of one report leaks into the next.
"""
from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.util import run_sync
from papermill.parameterize import parameterize_notebook

RESET = "%reset -f\nimport matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt"


class KernelSession:
    """`with KernelSession(cwd) as k: k.run(nb, {"doc_id": ...})` — executes notebooks in one live kernel."""

    def __init__(self, cwd: str | Path, kernel_name: str = "python3", timeout: int = 600):
        self.cwd, self.timeout = str(cwd), timeout
        # Unix sockets in a private folder: no TCP port, and no "running over TCP without encryption" warning.
        self._sockets = tempfile.TemporaryDirectory(prefix="budget-report-")
        self.km = AsyncKernelManager(kernel_name=kernel_name, transport="ipc",
                                     ip=str(Path(self._sockets.name) / "kernel"))
        self.kc = None

    def __enter__(self) -> "KernelSession":
        run_sync(self.km.start_kernel)(cwd=self.cwd)
        self.kc = self.km.client()
        self.kc.start_channels()
        run_sync(self.kc.wait_for_ready)(timeout=60)
        return self

    def __exit__(self, *exc) -> None:
        self.kc.stop_channels()
        run_sync(self.km.shutdown_kernel)(now=True)
        self._sockets.cleanup()

    def run(self, nb: nbformat.NotebookNode, parameters: dict) -> nbformat.NotebookNode:
        """A parameterised, executed copy of `nb` (as papermill's load_notebook_node reads it); raises nbclient's
        CellExecutionError when a cell fails."""
        nb = parameterize_notebook(copy.deepcopy(nb), parameters)
        client = NotebookClient(nb, km=self.km, kernel_name=self.km.kernel_name, timeout=self.timeout,
                                resources={"metadata": {"path": self.cwd}})
        client.kc = self.kc
        run_sync(self._reset)(client)
        return client.execute()

    async def _reset(self, client: NotebookClient) -> None:
        msg_id = self.kc.execute(RESET, silent=True, store_history=False)
        reply = await client.async_wait_for_reply(msg_id)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"could not reset the kernel: {reply['content']}")
