"""Provides StyleCache: the app's parsed stylesheet kept between launches.

Textual parses the stylesheet (ours and its widgets' default CSS) on every start, ~8 ms of
the ~50 ms from the app's start to its first frame. The rules it parsed are kept in a file
named for the installed Textual (its files' sizes and times: asking importlib.metadata for
its version takes ~9 ms) and the theme's colours, both of which go into the rules; a
launch that finds the file puts them in the stylesheet's parse cache, keyed as Textual keys
them (by each source's text), so an edited stylesheet is parsed again and a changed theme
finds no file. A file that is missing, stale or unreadable is passed over: Textual parses
as it always did. It is a pickle, written and read only by the user who runs newsdesk, as
Python's own bytecode cache is.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

import textual
from textual.css import model, styles

if TYPE_CHECKING:
    from textual.css.stylesheet import Stylesheet

FORMAT = 1
PREFIX = "stylesheet-"


class StyleCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._loaded: set[Any] = set()

    def path_for(self, stylesheet: Stylesheet) -> Path:
        variables = sorted(stylesheet._variables.items())
        textual_files = [os.stat(m.__file__ or "") for m in (textual, model, styles)]
        installed = [(st.st_size, st.st_mtime_ns) for st in textual_files]
        digest = hashlib.sha1(repr((FORMAT, installed, variables)).encode())
        return self.folder / f"{PREFIX}{digest.hexdigest()[:16]}.pickle"

    def load(self, stylesheet: Stylesheet) -> bool:
        """Put the kept rules in the stylesheet's parse cache; False when there were none."""
        try:
            entries = pickle.loads(self.path_for(stylesheet).read_bytes())
            cache = stylesheet._parse_cache
            for key, rules in entries.items():
                cache[key] = rules
        except Exception:  # missing, damaged, from another Textual: parse as usual
            return False
        self._loaded = set(entries)
        return True

    def save(self, stylesheet: Stylesheet) -> None:
        """Keep what the stylesheet has parsed, unless the file holds just that already.

        A source read from the same place with other text (an upgraded stylesheet) drops
        its old rules; sources this session did not use (a modal not opened) keep theirs."""
        try:
            cache = stylesheet._parse_cache
            sources = stylesheet.source
            entries = {
                key: cache.get(key)
                for key in cache.keys()
                if key[1] not in sources or sources[key[1]].content == key[0]
            }
            if not entries or set(entries) == self._loaded:
                return
            data = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
            path = self.path_for(stylesheet)
            self.folder.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            try:
                temp.write_bytes(data)
                os.replace(temp, path)
            finally:
                with contextlib.suppress(OSError):
                    temp.unlink()  # gone once replaced; a half-written one is not kept
            self._loaded = set(entries)
            for old in self.folder.glob(f"{PREFIX}*.pickle"):  # other themes, other Textuals
                if old != path:
                    with contextlib.suppress(OSError):
                        old.unlink()
        except Exception:  # a cache that cannot be written is no cache
            return
