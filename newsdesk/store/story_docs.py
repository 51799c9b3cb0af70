"""Provides StoryDocs: the saved story grouping as small documents of the "stories" table.

Document 1 is the head (a dict); document n + 2 holds part n as {"text": ...} (the numbering
is core.storystate's). A save touches the head and the parts it is given, so grouping 500 new
articles writes a few hundred small documents, not the whole grouping as one string; and the
texts the store holds are the very strings the story index keeps for its frozen stories.
A desk saved before holds {"json": text} as document 1 and nothing else: it comes back as the
head, for the core to read (and save again in parts).
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import TYPE_CHECKING, Any

from newsdesk.core.ports import SavedStories

if TYPE_CHECKING:
    from newsdesk.store.engine import DeskEngine

TABLE = "stories"
HEAD = 1
FIRST_PART = 2  # document id of part 0


class StoryDocs:
    """The story-state methods of TinyDBStore (a mixin over its engine)."""

    _engine: DeskEngine

    def story_state(self) -> SavedStories | None:
        docs = self._engine.storage.data.get(TABLE)
        head = docs.get(str(HEAD)) if isinstance(docs, dict) else None
        if not isinstance(docs, dict) or not isinstance(head, dict):
            return None
        parts: dict[int, str] = {}
        for key, doc in docs.items():
            text = doc.get("text") if isinstance(doc, dict) else None
            if isinstance(text, str) and key.isdigit() and int(key) >= FIRST_PART:
                parts[int(key) - FIRST_PART] = text
        return SavedStories(head, parts)

    def save_story_state(
        self, head: dict[str, Any], parts: Mapping[int, str | None], *, replace: bool = False
    ) -> None:
        def write(docs: MutableMapping[int, Any]) -> None:
            if replace:
                for doc_id in list(docs):
                    del docs[doc_id]
            docs[HEAD] = dict(head)
            for part, text in parts.items():
                if text is not None:
                    docs[part + FIRST_PART] = {"text": text}
                elif part + FIRST_PART in docs:
                    del docs[part + FIRST_PART]

        # one update for all of it, through the table (so the engine knows what changed)
        self._engine.table(TABLE)._update_table(write)
