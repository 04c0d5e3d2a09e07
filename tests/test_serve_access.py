"""``roadmap serve`` answers only the person who started it, not any page in their browser.

The rules (:class:`roadmap.cli.commands.serve.Access`) are tested as values; then a real ``roadmap
serve`` is started on 127.0.0.1 and spoken to with aiohttp's WebSocket client, the way a
hostile page (a foreign Origin, no token) or a DNS-rebinding attack (a foreign Host) would.
"""

from __future__ import annotations

import inspect
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

import aiohttp
import pytest
from textual_serve.server import Server

from roadmap.cli.commands.serve import TOKEN_PARAMETER, Access

#: Every wait in this module ends within this many seconds.
DEADLINE = 30.0

PLAN = """\
[plan]
title = "serve"
start = 2026-04-01

[initiatives.a]
title = "A"
duration = "5d"
"""


# -- the rules, as values ---------------------------------------------------------------------


class TestAccess:
    def test_each_run_gets_a_new_long_random_token(self) -> None:
        first, second = Access.for_address("localhost", 8000), Access.for_address("localhost", 8000)
        assert first.token != second.token
        assert len(first.token) >= 32
        assert first.url_to_open == f"http://localhost:8000/?{TOKEN_PARAMETER}={first.token}"

    @pytest.mark.parametrize(
        "host", ["localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST:8000"]
    )
    def test_localhost_answers_to_every_loopback_name(self, host: str) -> None:
        assert Access.for_address("localhost", 8000, "t").host_allowed(host)

    @pytest.mark.parametrize(
        "host", ["evil.example:8000", "localhost:8001", "localhost", "127.0.0.2:8000", "", None]
    )
    def test_foreign_host_header_is_refused(self, host: str | None) -> None:
        access = Access.for_address("localhost", 8000, "t")
        assert not access.host_allowed(host)
        assert access.refusal(host, None, "t", None) == "host"

    @pytest.mark.parametrize(
        "origin",
        [
            "http://evil.example",
            "http://localhost:8001",
            "null",
            "file://",
            "http://localhost.evil:8000",
        ],
    )
    def test_foreign_origin_is_refused(self, origin: str) -> None:
        access = Access.for_address("localhost", 8000, "t")
        assert access.refusal("localhost:8000", origin, "t", None) == "origin"

    def test_token_from_query_or_cookie(self) -> None:
        access = Access.for_address("127.0.0.1", 8000, "secret")
        assert access.refusal("127.0.0.1:8000", "http://127.0.0.1:8000", "secret", None) is None
        assert access.refusal("127.0.0.1:8000", "http://localhost:8000", None, "secret") is None
        assert access.refusal("127.0.0.1:8000", None, None, None) == "token"
        assert access.refusal("127.0.0.1:8000", None, "secreT", "wrong") == "token"

    def test_a_named_host_answers_only_to_its_name(self) -> None:
        access = Access.for_address("planbox.lan", 8000, "t")
        assert access.host_allowed("planbox.lan:8000")
        assert not access.host_allowed("localhost:8000")

    def test_every_interface_needs_origin_equal_to_the_host_asked(self) -> None:
        access = Access.for_address("0.0.0.0", 8000, "t")
        assert access.refusal("192.0.2.7:8000", "http://192.0.2.7:8000", "t", None) is None
        assert access.refusal("192.0.2.7:8000", "http://evil.example", "t", None) == "origin"

    def test_port_80_may_be_left_out_of_the_host(self) -> None:
        access = Access.for_address("localhost", 80, "t")
        assert access.host_allowed("localhost") and access.host_allowed("localhost:80")

    def test_ipv6_address_is_bracketed_in_the_url(self) -> None:
        access = Access.for_address("::1", 8000, "t")
        assert access.public_url == "http://[::1]:8000"
        assert access.host_allowed("[::1]:8000")


def test_textual_serve_still_offers_the_public_hooks_the_guard_overrides() -> None:
    """The guard subclasses textual-serve's Server; if these change, update the guard."""
    server = Server
    for name in ("handle_index", "handle_websocket", "handle_download", "on_startup", "serve"):
        assert inspect.iscoroutinefunction(getattr(server, name)) or name == "serve", name
    parameters = inspect.signature(server).parameters
    assert {"command", "host", "port", "title", "public_url"} <= set(parameters)


# -- a real server ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Served:
    port: int
    token: str
    printed: str

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def origin(self) -> str:
        return f"http://localhost:{self.port}"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _read_lines(stream: IO[str], lines: queue.Queue[str]) -> None:
    for line in iter(stream.readline, ""):
        lines.put(line)


def _wait_until_listening(port: int, process: subprocess.Popen[str]) -> None:
    """Connect attempts fail at once until the server listens; bounded by :data:`DEADLINE`."""
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        assert process.poll() is None, "roadmap serve stopped"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            continue
    pytest.fail("roadmap serve did not start listening")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    if not hasattr(os, "killpg"):
        pytest.skip("stopping the server with its editors needs POSIX process groups")
    plan = tmp_path_factory.mktemp("serve") / "plan.toml"
    plan.write_text(PLAN, encoding="utf-8")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "roadmap.cli", "serve", str(plan), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # the served editors are its children: stop them together
        env={**os.environ, "ROADMAP_LANG": "en"},
    )
    try:
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=_read_lines, args=(process.stderr, lines), daemon=True).start()
        printed = ""
        end = time.monotonic() + DEADLINE
        while (found := re.search(rf"[?&]{TOKEN_PARAMETER}=([\w-]+)", printed)) is None:
            remaining = end - time.monotonic()
            if remaining <= 0:
                pytest.fail(f"no URL with a token was printed: {printed!r}")
            try:
                printed += lines.get(timeout=remaining)
            except queue.Empty:
                continue
        _wait_until_listening(port, process)
        yield Served(port, found.group(1), printed)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=DEADLINE)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=DEADLINE)


def _session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=DEADLINE))


def test_the_printed_url_holds_the_token_for_localhost(served: Served) -> None:
    assert f"http://localhost:{served.port}/?{TOKEN_PARAMETER}={served.token}" in served.printed


async def test_websocket_from_a_foreign_origin_is_refused(served: Served) -> None:
    async with _session() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(
                f"{served.base}/ws?{TOKEN_PARAMETER}={served.token}", origin="http://evil.example"
            )
    assert refused.value.status == 403


async def test_websocket_without_the_token_is_refused(served: Served) -> None:
    async with _session() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(f"{served.base}/ws", origin=served.origin)
        assert refused.value.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError) as wrong:
            await session.ws_connect(
                f"{served.base}/ws?{TOKEN_PARAMETER}=guess", origin=served.origin
            )
        assert wrong.value.status == 403


async def test_foreign_host_header_is_refused_even_with_the_token(served: Served) -> None:
    """DNS rebinding: the browser talks to 127.0.0.1 but names the attacker's host."""
    evil = f"evil.example:{served.port}"
    async with _session() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(
                f"{served.base}/ws?{TOKEN_PARAMETER}={served.token}",
                origin=f"http://{evil}",
                headers={"Host": evil},
            )
        assert refused.value.status == 403
        page = await session.get(
            f"{served.base}/?{TOKEN_PARAMETER}={served.token}",
            headers={"Host": evil},
            allow_redirects=False,
        )
        assert page.status == 403


async def test_right_token_and_origin_open_the_websocket(served: Served) -> None:
    async with _session() as session:
        websocket = await session.ws_connect(
            f"{served.base}/ws?{TOKEN_PARAMETER}={served.token}", origin=served.origin
        )
        assert not websocket.closed
        await websocket.close()


async def test_opening_the_url_trades_the_token_for_a_strict_cookie(served: Served) -> None:
    async with _session() as session:
        bare = await session.get(f"{served.origin}/", allow_redirects=False)
        assert bare.status == 403
        opened = await session.get(
            f"{served.origin}/?{TOKEN_PARAMETER}={served.token}&fontsize=14",
            allow_redirects=False,
        )
        assert opened.status == 303
        assert opened.headers["Location"] == "/?fontsize=14"  # the token leaves the address bar
        cookie = opened.headers["Set-Cookie"]
        assert served.token in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
        page = await session.get(f"{served.origin}/?fontsize=14", allow_redirects=False)
        assert page.status == 200
        assert page.headers["X-Frame-Options"] == "DENY"
        assert f"ws://localhost:{served.port}/ws" in await page.text()
        # the cookie alone opens the WebSocket of the page, from the page's origin only
        websocket = await session.ws_connect(f"{served.origin}/ws", origin=served.origin)
        await websocket.close()
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await session.ws_connect(f"{served.origin}/ws", origin="http://evil.example")


async def test_another_loopback_name_is_sent_to_the_served_name(served: Served) -> None:
    async with _session() as session:
        opened = await session.get(
            f"{served.base}/?{TOKEN_PARAMETER}={served.token}", allow_redirects=False
        )
    assert opened.status == 303
    assert opened.headers["Location"] == f"{served.origin}/?{TOKEN_PARAMETER}={served.token}"
