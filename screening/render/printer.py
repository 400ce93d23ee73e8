"""WeasyPrint for the printed plan, reading nothing but the bundled files in the templates folder.

Markup in a runner's answers comes out as plain text (the templates autoescape) and no file or
URL named in it is ever fetched or attached: the URL fetcher serves only bundled assets.
WeasyPrint is imported only when a PDF is made; the fonts, the stylesheet and the drawings
(bundled SVG files, parsed once) are built once per process and shared by every plan. A process
prints one plan at a time, whatever its threads: the fonts are Pango and fontconfig objects that
are not safe to use from two threads at once (four threads printing at once made GLib report
"corrupted double-linked list"), and a cached drawing keeps state while it is drawn.

Light to import (no pydantic, no Jinja): a child process that prints (`pdf_child`) imports
this module and WeasyPrint, nothing else.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from screening.core.resources import templates_dir
from screening.render.stylesheet import PAPER_SIZES, stylesheet

MIME_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".ttf": "font/ttf",
    ".woff2": "font/woff2",
    ".png": "image/png",
}


def asset_path(url: str) -> Path:
    """The bundled file that `url` names; ValueError for every other URL."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query:
        raise ValueError(f"refused to fetch {url!r}: only bundled assets may be read")
    root = templates_dir().resolve()
    path = Path(unquote(parts.path)).resolve()
    if not (path.is_relative_to(root) and path.is_file()):
        raise ValueError(f"refused to fetch {url!r}: only bundled assets may be read")
    return path


def _mime(path: Path) -> str:
    return MIME_TYPES.get(path.suffix, "application/octet-stream")


def _asset_fetcher(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
    """A URL fetcher in WeasyPrint's older (dict) form: bundled files only."""
    path = asset_path(url)
    return {"string": path.read_bytes(), "mime_type": _mime(path), "redirected_url": url}


@cache
def fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves only the bundled assets and refuses everything else."""
    try:
        from weasyprint.urls import URLFetcher, URLFetcherResponse
    except ImportError:  # WeasyPrint < 68 takes a plain function
        return _asset_fetcher

    class BundledAssets(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = asset_path(url)
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _mime(path)})

    return BundledAssets()


def _base_url() -> str:
    return templates_dir().resolve().as_uri() + "/"


@cache
def pdf_kit() -> tuple[Any, Any, Any]:
    """What every PDF reuses: the weasyprint module, one font configuration, the stylesheet."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css = weasyprint.CSS(
        string=stylesheet(), base_url=_base_url(), url_fetcher=fetcher(), font_config=fonts
    )
    return weasyprint, fonts, css


_PRINTING = threading.Lock()  # one plan at a time per process (see above)
_images: dict[str, Any] = {}


def image_cache() -> dict[str, Any]:
    """The process's images, by URL: the bundled drawings, parsed once and drawn into every plan
    (used while printing only). Only bundled files can be in it, so it stays small, but a cached
    SVG image keeps the first plan's layout context alive: about 5 MB."""
    return _images


@cache
def _paper_css(paper: str) -> Any:
    weasyprint, fonts, _ = pdf_kit()
    return weasyprint.CSS(
        string=f"@page {{ size: {PAPER_SIZES[paper]}; }}", url_fetcher=fetcher(), font_config=fonts
    )


def write_pdf(html: str, paper: str) -> bytes:
    """The printed plan's HTML (from `render_html(..., for_print=True)`) as PDF bytes; a
    thread waits while another one of this process prints."""
    with _PRINTING:
        weasyprint, fonts, css = pdf_kit()
        document = weasyprint.HTML(string=html, base_url=_base_url(), url_fetcher=fetcher())
        return document.write_pdf(
            stylesheets=[css, _paper_css(paper)], font_config=fonts, cache=image_cache()
        )
