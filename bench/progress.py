"""A plain-text progress bar and log lines on stderr (no dependency)."""

import sys
import time

_START = time.monotonic()


def log(message: str) -> None:
    sys.stderr.write(f"[bench {time.monotonic() - _START:6.1f}s] {message}\n")
    sys.stderr.flush()


class Bar:
    """``with Bar("supports", total) as bar: bar.advance(n)`` draws ``[####....]``."""

    width = 30

    def __init__(self, label: str, total: int):
        self.label = label
        self.total = max(total, 1)
        self.done = 0
        self.started = time.monotonic()
        self._last_draw = 0.0
        self.tty = sys.stderr.isatty()

    def __enter__(self):
        self._draw(force=True)
        return self

    def __exit__(self, *exc):
        self.done = self.total if exc[0] is None else self.done
        self._draw(force=True, final=True)

    def advance(self, n: int) -> None:
        self.done += n
        self._draw()

    def _draw(self, force=False, final=False):
        now = time.monotonic()
        if not force and now - self._last_draw < (0.2 if self.tty else 5.0):
            return
        self._last_draw = now
        filled = int(self.width * min(self.done, self.total) / self.total)
        bar = "#" * filled + "." * (self.width - filled)
        text = (
            f"  {self.label:<16} [{bar}] {self.done:>9,}/{self.total:,} {now - self.started:5.1f}s"
        )
        if self.tty:
            sys.stderr.write("\r" + text + ("\n" if final else ""))
        elif final or force:
            sys.stderr.write(text + "\n")
        else:
            sys.stderr.write(text + "\n")
        sys.stderr.flush()
