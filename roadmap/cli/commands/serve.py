"""``roadmap serve PLAN``: the same editor in a web browser, through textual-serve.

Listens on localhost only unless ``--host`` says otherwise (anyone who can reach the port and
knows the token can edit the plan). Each browser tab runs ``roadmap edit PLAN`` in its own
process.

A served editor reads and writes the plan, so the server answers only the person who started
it, not any web page open in their browser:

- **a token per run.** :func:`secrets.token_urlsafe` makes one at start; the URL printed to
  open carries it (``http://localhost:8000/?token=…``, as Jupyter does). Opening that URL sets
  a cookie for this port (``HttpOnly``, ``SameSite=Strict``) and redirects to the page without
  the token, so it stays out of the address bar. Every page, download and WebSocket needs the
  cookie or the token.
- **the Host header** must name the served address (for localhost: ``localhost``,
  ``127.0.0.1`` or ``[::1]`` with the port), which defeats DNS rebinding.
- **the Origin header**, which browsers send with every WebSocket handshake, must be the served
  address: a page of another site cannot open the WebSocket even while the user has the
  cookie.

:class:`Access` holds these rules as plain values (tested without a server); the guard is a
subclass of textual-serve's :class:`~textual_serve.server.Server` that overrides only its public
request handlers (``handle_index``, ``handle_websocket``, ``handle_download``) and its
documented ``on_startup`` hook. The static files (textual-serve's own JavaScript and CSS) are
not guarded: they hold nothing of the plan.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from roadmap.cli.common import lang_of
from roadmap.core.i18n import Lang, text

if TYPE_CHECKING:
    from aiohttp import web

NAME = "serve"
HELP = "help.serve"

#: The query parameter that carries the token.
TOKEN_PARAMETER = "token"
#: Names of this machine's loopback interface: a server on one of them answers to all three.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
#: Addresses that listen on every interface: the Host header cannot be known in advance.
WILDCARD_HOSTS = ("", "0.0.0.0", "::")


def add_arguments(parser: argparse.ArgumentParser, lang: Lang) -> None:
    parser.add_argument("plan", metavar="PLAN", help=text("help.serve.plan", lang))
    parser.add_argument("--host", default="localhost", help=text("help.serve.host", lang))
    parser.add_argument("--port", type=int, default=8000, help=text("help.serve.port", lang))


def serve_command(plan: str, lang: Lang) -> str:
    """The shell command each browser session runs."""
    return shlex.join([sys.executable, "-m", "roadmap.cli", "edit", plan, "--lang", lang])


def _netloc(host: str, port: int) -> str:
    """``host:port`` as written in a URL or a Host header (``[::1]:8000`` for IPv6)."""
    name = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"{name}:{port}".lower()


@dataclass(frozen=True)
class Access:
    """Who may use a served editor: the run's token and the addresses the server answers to.

    ``hosts`` holds the accepted ``host:port`` values of the Host header (lower case), or is
    ``None`` for a server on every interface (``0.0.0.0``), where the Origin must then match
    the Host the request was sent to.
    """

    token: str
    host: str
    port: int
    hosts: frozenset[str] | None
    public_url: str

    @classmethod
    def for_address(cls, host: str, port: int, token: str | None = None) -> Access:
        """The rules for a server listening on ``host:port``; a new random token by default."""
        if host in WILDCARD_HOSTS:
            hosts: frozenset[str] | None = None
        else:
            names = LOCAL_HOSTS if host.lower() in LOCAL_HOSTS else (host,)
            hosts = frozenset(_netloc(name, port) for name in names)
            if port == 80:
                hosts |= {netloc.rsplit(":", 1)[0] for netloc in hosts}
        import secrets  # here, not at the top: every command builds this command's parser

        return cls(
            token=token or secrets.token_urlsafe(32),
            host=host,
            port=port,
            hosts=hosts,
            public_url=f"http://{_netloc(host or '0.0.0.0', port)}",
        )

    @property
    def cookie_name(self) -> str:
        """Cookies are shared by every port of a host: the name tells the servers apart."""
        return f"dx_roadmap_token_{self.port}"

    @property
    def url_to_open(self) -> str:
        """The URL a person opens: the served address with the token."""
        return f"{self.public_url}/?{urlencode({TOKEN_PARAMETER: self.token})}"

    def host_allowed(self, host_header: str | None) -> bool:
        """Whether the Host header names this server (a rebinding attacker's name does not)."""
        if not host_header:
            return False
        return self.hosts is None or host_header.lower() in self.hosts

    def origin_allowed(self, origin: str | None, host_header: str | None) -> bool:
        """Whether a request's Origin is this server; no Origin (not a browser's cross-site
        request: a navigation, or a client that is not a browser) is allowed."""
        if origin is None:
            return True
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return False  # "null" (a sandboxed frame, a file) and anything odd
        netloc = parts.netloc.lower()
        if self.hosts is None:
            return bool(host_header) and netloc == (host_header or "").lower()
        return netloc in self.hosts

    def token_matches(self, candidate: str | None) -> bool:
        """Whether ``candidate`` is this run's token (compared in constant time)."""
        import secrets

        return candidate is not None and secrets.compare_digest(
            candidate.encode("utf-8", "surrogateescape"), self.token.encode("utf-8")
        )

    def refusal(
        self,
        host_header: str | None,
        origin: str | None,
        query_token: str | None,
        cookie_token: str | None,
    ) -> str | None:
        """Why a request is refused (``"host"``, ``"origin"``, ``"token"``), or ``None``."""
        if not self.host_allowed(host_header):
            return "host"
        if not self.origin_allowed(origin, host_header):
            return "origin"
        if not (self.token_matches(query_token) or self.token_matches(cookie_token)):
            return "token"
        return None


def guarded_server(command: str, access: Access, lang: Lang, title: str = "dx-roadmap") -> Any:
    """A textual-serve server for ``command`` that answers only requests ``access`` allows.

    Only public parts of :class:`textual_serve.server.Server` are used: its constructor, its
    request handlers (overridden here and called through ``super()``) and ``on_startup``.
    """
    from aiohttp import web
    from textual_serve.server import Server

    from exporters.terminal.safe import terminal_safe
    from roadmap.core.i18n import text

    def refuse(request: web.Request, *, require_token: bool = True) -> web.Response | None:
        reason = access.refusal(
            request.headers.get("Host"),
            request.headers.get("Origin"),
            request.query.get(TOKEN_PARAMETER),
            request.cookies.get(access.cookie_name),
        )
        if reason is None or (reason == "token" and not require_token):
            return None
        return web.Response(status=403, text=text("tui.serve.refused", lang) + "\n")

    def harden(response: web.StreamResponse) -> web.StreamResponse:
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    class GuardedServer(Server):
        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            refused = refuse(request, require_token=False)
            if refused is not None:
                return harden(refused)
            if access.token_matches(request.query.get(TOKEN_PARAMETER)):
                canonical = urlsplit(access.public_url).netloc
                host = (request.headers.get("Host") or "").lower()
                if access.hosts is not None and host != canonical:
                    # 127.0.0.1 for localhost: the page's WebSocket goes to the served name,
                    # so the cookie must be that name's
                    location = access.public_url + request.path_qs
                    return harden(web.Response(status=303, headers={"Location": location}))
                # the token becomes a cookie of this address; the page is shown without it
                rest = [(k, v) for k, v in request.query.items() if k != TOKEN_PARAMETER]
                location = request.path + (f"?{urlencode(rest)}" if rest else "")
                redirect = web.Response(status=303, headers={"Location": location})
                redirect.set_cookie(
                    access.cookie_name,
                    access.token,
                    httponly=True,
                    samesite="Strict",
                    path="/",
                )
                return harden(redirect)
            refused = refuse(request)
            if refused is not None:
                return harden(refused)
            response: web.StreamResponse = await super().handle_index(request)
            return harden(response)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            if refuse(request) is not None:
                raise web.HTTPForbidden(text=text("tui.serve.refused", lang) + "\n")
            return await super().handle_websocket(request)

        async def handle_download(self, request: web.Request) -> web.StreamResponse:
            refused = refuse(request)
            if refused is not None:
                return harden(refused)
            response: web.StreamResponse = await super().handle_download(request)
            return response

        async def on_startup(self, app: web.Application) -> None:
            url = terminal_safe(access.url_to_open)
            print(text("tui.serve.listening", lang, url=url), file=sys.stderr)
            print(text("tui.serve.token", lang), file=sys.stderr, flush=True)

    return GuardedServer(
        command, host=access.host, port=access.port, title=title, public_url=access.public_url
    )


def run(args: argparse.Namespace) -> int:
    from exporters.terminal.safe import terminal_safe
    from roadmap.core.i18n import text

    lang = lang_of(args)
    plan = str(Path(args.plan).resolve())
    try:
        import textual_serve.server  # noqa: F401
    except ImportError:
        print("roadmap: textual-serve is not installed", file=sys.stderr)
        return 2
    if args.host not in LOCAL_HOSTS:
        print(text("tui.serve.public", lang, host=terminal_safe(args.host)), file=sys.stderr)
    access = Access.for_address(args.host, args.port)
    guarded_server(serve_command(plan, lang), access, lang).serve()
    return 0
