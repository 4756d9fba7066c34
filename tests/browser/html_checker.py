"""Valid HTML: the Nu Html Checker (the W3C validator, ``vnu.jar``) on every page.

``vnu-jar`` comes from the npm registry (``tests/browser/package.json``, installed by
``npm ci`` in ``.ci/run``) and runs on the machine's Java. Starting Java costs seconds, so
one checker runs per test session as a local HTTP service (``nu.validator.servlet.Main``)
and each page's HTML is posted to it as the page is checked: a failure names the test, the
page, the line and the message, and costs some 50 ms per page once the service is warm.

Without Java or ``vnu.jar`` the pages are not validated (a warning says so); with
``CITYGOALS_REQUIRE_HTML_CHECKER=1`` (CI) a missing checker fails instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.browser.errors import AccessibilityError

VNU_JAR = Path(__file__).parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
REQUIRE_ENV = "CITYGOALS_REQUIRE_HTML_CHECKER"
START_TIMEOUT_S = 90


class HtmlCheckerMissing(RuntimeError):
    pass


def missing_reason() -> str | None:
    if not shutil.which("java"):
        return "Java is not installed (apt-get install default-jre-headless)"
    if not VNU_JAR.exists():
        return f"{VNU_JAR} is missing (run `npm ci` in tests/browser)"
    return None


def required() -> bool:
    return os.environ.get(REQUIRE_ENV) == "1"


_PER_RENDER = re.compile(r'(name="csrfmiddlewaretoken" value="|nonce="|"csrfToken": ?")[^"]*"')


def _validity_key(html: str) -> str:
    """The HTML without the values that differ on every render (see ``assert_valid``)."""
    return hashlib.sha256(_PER_RENDER.sub(r'\1"', html).encode()).hexdigest()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class HtmlChecker:
    """One running Nu Html Checker service; ``errors(html)`` returns its error messages."""

    def __init__(self) -> None:
        reason = missing_reason()
        if reason:
            raise HtmlCheckerMissing(reason)
        self.port = _free_port()
        self.process = subprocess.Popen(
            [
                "java",
                "-Xss1024k",
                "-Xmx512m",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(VNU_JAR),
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{self.port}/?out=json"
        self.ready = False
        self._valid: set[str] = set()

    def wait_until_ready(self) -> None:
        """Java starts while Chromium and the demo city are set up; wait for it here."""
        if self.ready:
            return
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HtmlCheckerMissing("the Nu Html Checker stopped while starting")
            try:
                self._post("<!DOCTYPE html><html lang=en><title>x</title></html>")
                self.ready = True
                return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.5)
        self.close()
        raise HtmlCheckerMissing(f"the Nu Html Checker did not start in {START_TIMEOUT_S} s")

    def messages(self, html: str) -> list[dict]:
        self.wait_until_ready()
        return self._post(html)

    def _post(self, html: str) -> list[dict]:
        # Only ever our own service on 127.0.0.1 (http): no scheme comes from outside.
        request = urllib.request.Request(  # noqa: S310
            self.url,
            data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return json.loads(response.read().decode("utf-8"))["messages"]

    def errors(self, html: str) -> list[dict]:
        return [m for m in self.messages(html) if m.get("type") in ("error", "non-document-error")]

    def assert_valid(self, html: str, url: str) -> None:
        """Fail with the checker's errors; HTML found valid once is not posted again.

        Journeys meet the same pages again and again (the sign-in page, a goal); their
        HTML differs only in the CSRF token and the CSP nonce, values whose content no
        rule of HTML constrains, so those are left out of the key. Invalid HTML is
        never remembered: it is checked, and fails, every time."""
        key = _validity_key(html)
        if key in self._valid:
            return
        errors = self.errors(html)
        if not errors:
            self._valid.add(key)
            return
        if errors:
            lines = html.splitlines()
            described = []
            for error in errors[:15]:
                line = error.get("lastLine")
                source = lines[line - 1].strip()[:200] if line and line <= len(lines) else ""
                described.append(f"- line {line}: {error.get('message')}\n      {source}")
            raise AccessibilityError(
                f"{len(errors)} Nu Html Checker error(s) on {url}:\n" + "\n".join(described)
            )

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
