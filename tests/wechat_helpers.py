"""Headless Chromium for the WeChat tests, driven through the DevTools protocol over a pipe
(``--remote-debugging-pipe``: JSON messages ending in a NUL byte on file descriptors 3 and 4),
so neither a websocket library nor a downloaded browser is needed: Debian's ``chromium``.

``browser()`` starts one with a fresh profile and every background service off; tests that
need it skip with the reason when it is missing, except where ``CI`` or
``CPPCC_REQUIRE_CHROMIUM`` is set (``.ci/run`` installs it): there they fail.
"""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Screenshots the tests write, to be looked at (build/ is not committed).
ARTIFACTS = ROOT / "build" / "test-artifacts" / "wechat"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
    "--font-render-hinting=none",
    "--force-color-profile=srgb",
)


def chromium_path() -> str:
    """The browser to use, or a skip (a failure under CI) saying why there is none."""
    found = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if found:
        return found
    reason = "Debian's chromium is not installed (apt-get install chromium): browser tests skipped"
    if os.environ.get("CI") or os.environ.get("CPPCC_REQUIRE_CHROMIUM"):
        pytest.fail(reason.replace("skipped", "required under CI"))
    pytest.skip(reason)


class CDPError(RuntimeError):
    """The browser answered a command with an error, or went away."""


class Browser:
    """One Chromium process and its DevTools pipe."""

    def __init__(self, executable: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="cppcc-chromium-")
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()

        def child_fds() -> None:  # the protocol's descriptors: 3 = commands in, 4 = out
            r, w = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self.proc = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-pipe"],
            preexec_fn=child_fds,
            close_fds=False,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._out = os.fdopen(to_browser_w, "wb", buffering=0)
        self._in = os.fdopen(from_browser_r, "rb", buffering=0)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None = None, session: str = "") -> Any:
        """Run one command and return its result (events that arrive meanwhile are kept)."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            self._out.write(json.dumps(message).encode("utf-8") + b"\0")
        except BrokenPipeError:
            raise CDPError("the browser has gone away") from None
        while True:
            reply = self._read()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise CDPError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = self._in.read(1 << 20)
            if not chunk:
                raise CDPError("the browser closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def wait_event(self, method: str, session: str, timeout: float = 30.0) -> dict[str, Any]:
        """The first event ``method`` of ``session`` (already received, or arriving)."""
        deadline = time.monotonic() + timeout
        while True:
            for n, event in enumerate(self.events):
                if event.get("method") == method and event.get("sessionId") == session:
                    del self.events[n]
                    return event
            if time.monotonic() > deadline:
                raise CDPError(f"no {method} within {timeout} s")
            self.events.append(self._read())

    def page(self) -> Page:
        """A new tab."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})
        page = Page(self, session["sessionId"], target)
        page.send("Page.enable")
        page.send("Runtime.enable")
        return page

    def close(self) -> None:
        """Stop the browser (this process only) and remove its profile."""
        try:
            self.send("Browser.close")
            self.proc.wait(timeout=10)
        except (CDPError, subprocess.TimeoutExpired, OSError):
            self.proc.kill()
            self.proc.wait(timeout=10)
        finally:
            self._out.close()
            self._in.close()
            shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    """One tab."""

    def __init__(self, browser: Browser, session: str, target: str) -> None:
        self.browser, self.session, self.target = browser, session, target

    def close(self) -> None:
        """Close the tab."""
        self.browser.send("Target.closeTarget", {"targetId": self.target})

    def send(self, method: str, params: dict[str, Any] | None = None) -> Any:
        return self.browser.send(method, params, self.session)

    def viewport(self, width: int, height: int, scale: float = 1.0) -> None:
        """A phone's viewport: ``width`` CSS pixels wide."""
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": True},
        )

    def open(self, path: Path) -> None:
        """Load a local file and wait for its load event (and for its fonts)."""
        self.send("Page.bringToFront")  # a tab in the background gets no animation frames
        self.send("Page.navigate", {"url": path.resolve().as_uri()})
        self.browser.wait_event("Page.loadEventFired", self.session)
        self.js("document.fonts.ready.then(() => true)")

    def js(self, expression: str) -> Any:
        """The value of a JavaScript expression (promises awaited)."""
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
        )
        if "exceptionDetails" in result:
            raise CDPError(f"{expression[:60]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, clip: dict[str, float] | None = None) -> bytes:
        """A PNG of the whole page (``clip``: of that rectangle, in page pixels)."""
        self.send("Page.bringToFront")  # a background tab takes minutes to capture
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": True}
        if clip is None:
            size = self.js(
                "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
            )
            clip = {"x": 0, "y": 0, "width": size[0], "height": size[1]}
        params["clip"] = {**clip, "scale": 1}
        return base64.b64decode(self.send("Page.captureScreenshot", params)["data"])

    def click(self, selector: str) -> None:
        """A real (trusted) mouse click in the middle of the element."""
        box = self.js(
            f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
            ".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.send(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1},
            )


@contextmanager
def browser() -> Iterator[Browser]:
    """A fresh headless Chromium, closed afterwards."""
    b = Browser(chromium_path())
    try:
        yield b
    finally:
        b.close()


def same_pixels(a: bytes, b: bytes) -> bool:
    """Whether two PNGs have the same size and every pixel equal."""
    from PIL import Image, ImageChops

    with Image.open(io.BytesIO(a)) as ia, Image.open(io.BytesIO(b)) as ib:
        if ia.size != ib.size:
            return False
        return ImageChops.difference(ia.convert("RGBA"), ib.convert("RGBA")).getbbox() is None


def keep(name: str, png: bytes) -> Path:
    """Write a screenshot under build/test-artifacts/wechat/ and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(png)
    return path
