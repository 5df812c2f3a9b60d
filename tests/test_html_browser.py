"""The sora-leak HTML report in headless Chromium, as a reader first sees it.

At 1400×900 and at 400×900 the findings list must be on the first screen, at 400 px
no two pieces of text may overlap and nothing may stick out sideways, and the page
must log no console error. The test drives Chromium through the DevTools protocol
(--remote-debugging-pipe, so the viewport is exactly the size asked for), evaluates
a probe script in the committed report and keeps the screenshots as
reports/sora-leak-WxH.png.
Without Chromium (Debian: `apt-get install chromium`, which scripts/system_packages.sh
runs) the test is skipped with that message.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

REPORT = ROOT / "reports" / "sora-leak.html"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT_S = 120
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
)  # fmt: skip

# Evaluated in the loaded page: where things are, and which text boxes overlap.
PROBE = """
(function () {
  function shown(el) {
    if (el.checkVisibility) {  // also false inside a closed <details>
      return el.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true});
    }
    var style = getComputedStyle(el);
    return style.display !== "none" && style.visibility !== "hidden" &&
      el.getClientRects().length > 0;
  }
  function textRects() {
    var out = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim() || !node.parentElement || !shown(node.parentElement)) {
        continue;
      }
      if (node.parentElement.closest("script, style")) { continue; }
      var range = document.createRange();
      range.selectNodeContents(node);
      Array.prototype.forEach.call(range.getClientRects(), function (r) {
        if (r.width > 0 && r.height > 0) {
          out.push({r: r, text: node.textContent.trim().slice(0, 40)});
        }
      });
    }
    return out;
  }
  function overlaps() {
    var rects = textRects(), found = [];
    for (var i = 0; i < rects.length; i++) {
      for (var j = i + 1; j < rects.length; j++) {
        var a = rects[i].r, b = rects[j].r;
        var dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        var dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (dx > 1 && dy > 1) { found.push(rects[i].text + " / " + rects[j].text); }
      }
    }
    return {count: rects.length, overlapping: found.slice(0, 10)};
  }
  var first = document.querySelector(".findings .finding:not(.hidden)");
  var box = first ? first.getBoundingClientRect() : null;
  var result = {
    ready: document.documentElement.getAttribute("data-ready") === "1",
    viewport: [window.innerWidth, window.innerHeight],
    firstFinding: box ? {top: box.top, bottom: box.bottom, shown: shown(first)} : null,
    scrollWidth: document.documentElement.scrollWidth,
    text: overlaps(),
  };
  return result;
})()"""


def _chromium() -> str:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("headless Chromium is not installed (Debian: apt-get install chromium; "
                "scripts/system_packages.sh installs it)")


class DevTools:
    """The Chrome DevTools protocol over --remote-debugging-pipe (fd 3 in, fd 4 out)."""

    def __init__(self, binary: str, profile: Path) -> None:
        to_chrome, self._out = os.pipe()
        self._in, from_chrome = os.pipe()

        def wire() -> None:
            os.dup2(to_chrome, 3)
            os.dup2(from_chrome, 4)

        self.proc = subprocess.Popen(
            [binary, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}",
             "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            preexec_fn=wire, pass_fds=(3, 4),  # kept open: close_fds runs after wire()
        )  # fmt: skip
        os.close(to_chrome)
        os.close(from_chrome)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []  # type: ignore[type-arg]
        self.session = ""

    def call(self, method: str, **params: object) -> dict:  # type: ignore[type-arg]
        self._next_id += 1
        message: dict[str, object] = {"id": self._next_id, "method": method, "params": params}
        if self.session and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self.session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                assert "error" not in reply, f"{method}: {reply['error']}"
                result: dict = reply.get("result", {})  # type: ignore[type-arg]
                return result
            self.events.append(reply)

    def wait_for(self, method: str) -> None:
        while not any(e.get("method") == method for e in self.events):
            self.events.append(self._read())

    def _read(self) -> dict:  # type: ignore[type-arg]
        deadline = time.monotonic() + TIMEOUT_S
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._in], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(self._in, 1 << 20) if ready else b""
            assert chunk, "Chromium stopped answering on the DevTools pipe"
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        parsed: dict = json.loads(message)  # type: ignore[type-arg]
        return parsed

    def open(self, url: str, width: int, height: int) -> None:
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=False)
        self.call("Runtime.enable")
        self.call("Page.enable")
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def problems(self) -> list[str]:
        """Console errors and uncaught exceptions the page reported."""
        out = []
        for event in self.events:
            params = event.get("params", {})
            if event.get("method") == "Runtime.exceptionThrown":
                out.append(json.dumps(params.get("exceptionDetails", {}))[:300])
            elif event.get("method") == "Runtime.consoleAPICalled" and params.get(
                "type"
            ) in ("error", "assert"):
                out.append(json.dumps(params.get("args", []))[:300])
            elif event.get("method") == "Log.entryAdded" and params.get("entry", {}).get(
                "level"
            ) == "error":
                out.append(str(params["entry"].get("text", ""))[:300])
        return out

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.call("Browser.close")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        assert self.proc.stderr is not None
        self.proc.stderr.close()
        os.close(self._in)
        os.close(self._out)


@pytest.mark.parametrize("size", [(1400, 900), (400, 900)], ids=["1400x900", "400x900"])
def test_sora_leak_report_in_chromium(size: tuple[int, int], tmp_path: Path) -> None:
    binary = _chromium()
    width, height = size
    browser = DevTools(binary, tmp_path / "profile")
    try:
        browser.open(REPORT.as_uri(), width, height)
        browser.call("Log.enable")
        evaluated = browser.call("Runtime.evaluate", expression=PROBE, returnByValue=True)
        result = evaluated["result"]["value"]
        shot = browser.call("Page.captureScreenshot", format="png")["data"]
        problems = browser.problems()
    finally:
        browser.close()
    assert result["viewport"] == [width, height]
    assert result["ready"], "the page's own script did not run"
    assert problems == [], problems
    first = result["firstFinding"]
    assert first and first["shown"], "no finding is listed"
    assert first["top"] >= 0 and first["bottom"] <= height, f"first finding not on screen: {first}"
    assert result["text"]["count"] > 50  # the probe saw the page's text
    if width <= 700:
        assert result["text"]["overlapping"] == []
        assert result["scrollWidth"] <= width, "text sticks out sideways"
    name = f"sora-leak-{width}x{height}.png"
    target = ROOT / "reports" / name
    if not os.access(target.parent, os.W_OK):  # a read-only checkout: keep it with the test
        target = tmp_path / name
    target.write_bytes(base64.b64decode(shot))


FILTER_PROBE = """
(function () {
  function count(selector) {
    return Array.prototype.filter.call(document.querySelectorAll(selector), function (el) {
      return el.checkVisibility();
    }).length;
  }
  var before = {
    warnings: count(".finding[data-severity=warning]"),
    info: count(".finding[data-severity=info]"),
    rows: count("tr.bead"),
    allRows: document.querySelectorAll("tr.bead").length
  };
  document.querySelector('.filters input[data-group=severity][value=warning]').click();
  return {before: before, search: window.location.search,
          warningsAfter: count(".finding[data-severity=warning]")};
})()"""


def test_html_filter_state_lives_in_the_url(tmp_path: Path) -> None:
    binary = _chromium()
    browser = DevTools(binary, tmp_path / "profile")
    try:
        browser.open(REPORT.as_uri() + "?severity=error,info&show=all", 1400, 900)
        result = browser.call("Runtime.evaluate", expression=FILTER_PROBE,
                              returnByValue=True)["result"]["value"]
        problems = browser.problems()
    finally:
        browser.close()
    assert problems == []
    before = result["before"]
    assert before["warnings"] == 0 and before["info"] > 0  # the URL chose the severities
    assert before["rows"] == before["allRows"] == 64  # show=all: every bead of sora-leak
    # ticking "warning" shows them and writes the new state into the address
    assert result["warningsAfter"] > 0
    assert "severity=error%2Cwarning%2Cinfo" in result["search"]
    assert "show=all" in result["search"]
