"""`guardline serve` as a child process on a loopback port, started and waited for until ready.

Used by the benchmarks and the load test, and by the tests that need a real server process.
The process's stdout and stderr go to a log file; a process that exits or does not answer
in time is killed and reported with the end of its log.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

_SCRIPT = Path(sys.executable).parent / "guardline"
GUARDLINE = (
    [str(_SCRIPT)]
    if _SCRIPT.exists()
    else [sys.executable, "-c", "from guardline.cli import main; main()"]
)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ServeProcess:
    """A running `guardline serve`: its process, port and log file."""

    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, chars: int = 4000) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]

    def kill(self) -> None:
        """SIGKILL: requests in flight are cut off, nothing is flushed."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM and wait; SIGKILL when it does not exit within ``timeout`` seconds."""
        if self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)


def start_serve(
    env: Mapping[str, str],
    log: Path,
    *,
    port: int | None = None,
    cwd: Path | str | None = None,
    timeout: float = 60.0,
    ready_path: str = "/readyz",
    args: Sequence[str] = (),
) -> ServeProcess:
    """Start `guardline serve` with ``os.environ`` + ``env`` (and ``GUARDLINE_PORT``) on
    ``port`` (a free one when None); return once ``ready_path`` answers 200.

    Raises RuntimeError with the end of the log when the process exits first or does not
    answer within ``timeout`` seconds (the process is killed then)."""
    port = free_port() if port is None else port
    full_env = {**os.environ, **env, "GUARDLINE_PORT": str(port)}
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [*GUARDLINE, "serve", *args], env=full_env, stdout=fh, stderr=fh, cwd=cwd
        )
    sp = ServeProcess(proc, port, log)
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(sp.base + ready_path, timeout=2).status_code == 200:
                return sp
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"guardline serve exited ({proc.returncode}):\n{sp.log_tail()}")
        if time.monotonic() > deadline:
            sp.stop(timeout=5)
            raise RuntimeError(
                f"guardline serve not ready within {timeout:.0f} s:\n{sp.log_tail()}"
            )
        time.sleep(0.2)
