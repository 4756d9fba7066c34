"""Start and stop the application servers: gunicorn on loopback with bench.settings."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bench.load import fetch
from bench.progress import log

BASE_DIR = Path(__file__).resolve().parent.parent


class Gunicorn:
    def __init__(self, port: int, workers: int, worker_class: str, threads: int, env: dict):
        self.port = port
        self.workers = workers
        self.worker_class = worker_class
        self.threads = threads
        self.env = env
        self.process: subprocess.Popen | None = None
        self.log_path = BASE_DIR / "bench" / ".data" / f"gunicorn-{port}.log"

    @property
    def command(self) -> list[str]:
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--worker-class",
            self.worker_class,
            "--preload",
            "--backlog",
            "2048",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ]
        if self.worker_class == "gthread":
            cmd += ["--threads", str(self.threads), "--keep-alive", "5"]
        return cmd

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **self.env, "DJANGO_SETTINGS_MODULE": "bench.settings"}
        env["PYTHONPATH"] = str(BASE_DIR) + os.pathsep + env.get("PYTHONPATH", "")
        self._log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            self.command, cwd=BASE_DIR, env=env, stdout=self._log, stderr=subprocess.STDOUT
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"gunicorn on port {self.port} exited; see {self.log_path}:\n"
                    + self.log_path.read_text()[-3000:]
                )
            try:
                status, _body = fetch(self.port, "/healthz")
                if status == 200:
                    log(
                        f"gunicorn ready on 127.0.0.1:{self.port} "
                        f"({self.workers} {self.worker_class} workers)"
                    )
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn on port {self.port} did not answer /healthz in {timeout}s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_log", None):
            self._log.close()

    def log_tail(self, chars: int = 2000) -> str:
        try:
            return self.log_path.read_text()[-chars:]
        except OSError:
            return ""
