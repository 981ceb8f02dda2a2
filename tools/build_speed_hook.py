"""Hook de MkDocs que acorta la construcción sin cambiar un byte del sitio (tests/site/test_build.py).

Casi todo el tiempo que el manual añade a un sitio de Material sin más se va en sus unos 250 bloques de
código resaltados con Pygments:

Las cachés van en ``.cache/`` junto al ``mkdocs.yml`` (o en la carpeta que diga ``HANDBOOK_BUILD_CACHE``:
las pruebas usan una temporal).

- Resaltarlos: cada bloque resaltado se guarda en ``highlight.json``,
  con la versión de Pygments y de pymdown-extensions en la clave; en las construcciones siguientes (y en
  cada recarga de ``make serve``) solo se resaltan los bloques que cambiaron.
- Compilar las plantillas: Jinja guarda el código compilado de las plantillas del tema en
  ``jinja/`` y solo recompila las que cambian (su ``FileSystemBytecodeCache``).
- Indexarlos: el índice de búsqueda guarda el texto de los bloques y descarta sus ``<span>`` de
  resaltado, pero el analizador HTML del plugin de búsqueda las recorre una a una (unas 45 000). Antes de
  que indexe, la página le llega sin esas etiquetas; después recupera el HTML resaltado.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pygments
from jinja2 import FileSystemBytecodeCache
from mkdocs.plugins import event_priority
from pymdownx import highlight
from pymdownx.__meta__ import __version__ as PYMDOWNX_VERSION

PRE = re.compile(r"<pre\b.*?</pre>", re.DOTALL)
SPAN = re.compile(r"</?span\b[^>]*>")
# Lo mismo que quita el plugin de búsqueda de Material tras indexar (material/plugins/search/plugin.py).
SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")

_highlighted_pages: dict[str, str] = {}
_cache: dict[str, str] = {}
_cache_file: Path | None = None
_loaded: set[str] = set()  # las claves que había en el archivo
_used: set[str] = set()  # las de esta construcción
# make serve vuelve a cargar este módulo en cada recarga: se envuelve siempre el método original.
_highlight = getattr(highlight.Highlight.highlight, "__wrapped__", highlight.Highlight.highlight)


def _cached_highlight(self, src, language, *args, **kwargs):
    """Highlight.highlight con caché para los bloques: los en línea devuelven un elemento, no texto."""
    if kwargs.get("inline") or self.title_mode == "html":  # el título HTML se guarda en el md: no se cachea
        return _highlight(self, src, language, *args, **kwargs)
    settings = {name: value for name, value in vars(self).items() if name != "md"}
    key = hashlib.sha256(
        repr((pygments.__version__, PYMDOWNX_VERSION, sorted(settings.items()), src, language, args,
              sorted(kwargs.items()))).encode()
    ).hexdigest()
    if key not in _cache:
        _cache[key] = _highlight(self, src, language, *args, **kwargs)
    _used.add(key)
    return _cache[key]


_cached_highlight.__wrapped__ = _highlight


def cache_folder(config) -> Path:
    return Path(os.environ.get("HANDBOOK_BUILD_CACHE") or Path(config.config_file_path).parent / ".cache")


def on_config(config):
    global _cache_file
    _cache_file = cache_folder(config) / "highlight.json"
    _cache.clear()
    _used.clear()
    if _cache_file.is_file():
        try:
            _cache.update(json.loads(_cache_file.read_text(encoding="utf-8")))
        except ValueError:
            pass  # una caché rota se rehace entera
    _loaded.clear()
    _loaded.update(_cache)
    highlight.Highlight.highlight = _cached_highlight
    return config


@event_priority(100)  # antes de que nadie cargue una plantilla
def on_env(env, *, config, files):
    folder = cache_folder(config) / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env


@event_priority(-100)  # la última de on_page_content: el HTML ya es el definitivo
def on_page_content(html: str, *, page, config, files) -> str:
    _highlighted_pages[page.file.src_uri] = html
    return PRE.sub(lambda block: SPAN.sub("", block.group()), html)


@event_priority(-100)  # después del plugin de búsqueda (prioridad 0)
def on_page_context(context, *, page, config, nav):
    page.content = SEARCH_ATTRIBUTES.sub("", _highlighted_pages.pop(page.file.src_uri))
    return context


def on_post_build(config):
    """Guarda solo los bloques de esta construcción: los que ya no están en ninguna página salen."""
    if _cache_file is None or _used == _loaded:
        return
    _cache_file.parent.mkdir(parents=True, exist_ok=True)
    partial = _cache_file.with_suffix(".tmp")
    partial.write_text(json.dumps({key: _cache[key] for key in _used}), encoding="utf-8")
    partial.replace(_cache_file)
