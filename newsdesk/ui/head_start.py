"""Provides the desk's start from its head: first frame at once, the whole index after.

While the whole desk loads in a thread (newsdesk.desk.launch), the screen shows the head's
newest rows and the whole index's counts; keys are held back and replayed in order once
the whole desk is in (so search, n/p and every write act on the whole index), and mouse
presses are dropped. The swap keeps the list cursor on the same article.
"""

from __future__ import annotations

import gc
from collections import Counter
from typing import TYPE_CHECKING

from textual import events
from textual.message import Message

from newsdesk.core.wording import plural
from newsdesk.desk import Desk
from newsdesk.desk.launch import DeskLaunch, HeadCounts
from newsdesk.ui.desk_state import DeskState
from newsdesk.ui.screens.desk import STORIES_AFTER
from newsdesk.ui.widgets.article_list import ArticleList

if TYPE_CHECKING:
    from newsdesk.ui.screens.desk import DeskScreen

PASS_THROUGH = frozenset({"ctrl+c", "ctrl+q"})  # quitting never waits for the load


class HeadDeskState(DeskState):
    """The head's rows, with the counts of the whole index (the feed list shows those)."""

    def __init__(self, desk: Desk, counts: HeadCounts) -> None:
        super().__init__(desk)
        self.counts = counts

    def load(self) -> None:
        super().load()
        c = self.counts
        self.unread_by_feed = Counter(c.unread_by_feed)
        self.tag_counts = Counter(c.tag_counts)
        self.tag_unread = Counter(c.tag_unread)
        self.starred = c.starred
        self.starred_unread = c.starred_unread

    def whole_desk_size(self) -> int:
        return self.counts.total


class DeskLoaded(Message):
    """The loading thread is done (posted from it; post_message is thread-safe)."""


def loading_note(launch: DeskLaunch) -> str:
    return f"loading {plural(launch.counts.total, 'article')}…"


def head_screen(screen: DeskScreen, launch: DeskLaunch) -> DeskScreen:
    """The desk screen as first painted: the head's rows and counts, a loading note."""
    screen.state = HeadDeskState(launch.head_desk, launch.counts)
    screen.index_loading = loading_note(launch)
    return screen


def show_full_desk(screen: DeskScreen, desk: Desk) -> None:
    """Swap the whole desk in under the screen; the cursor stays on its article."""
    state = DeskState(desk)
    state.collapsed = screen.state.collapsed
    screen.desk = desk
    screen.state = state
    screen.index_loading = ""
    # stories are the whole desk's: grouped now if it is small, else loaded as after a
    # mount (the head's were not grouped: that was no work for the first frame)
    screen.query_one(ArticleList).story_outlets = desk.story_outlets_of
    screen.stories_at_once()
    screen.reload()
    screen.set_timer(STORIES_AFTER, screen.stories_after_paint)
    screen.clear_said()


class KeyHold:
    """Holds input events while loading; the app replays the keys after the swap."""

    def __init__(self) -> None:
        self.active = False
        self.keys: list[events.Key] = []

    def holds(self, event: events.Event) -> bool:
        """True if the event is kept back (a key) or dropped (a mouse press) for now."""
        if not self.active or not isinstance(event, events.InputEvent) or event.is_forwarded:
            return False
        if isinstance(event, events.Key):
            if event.key in PASS_THROUGH:
                return False
            self.keys.append(events.Key(event.key, event.character))
            return True
        return isinstance(event, events.MouseDown | events.MouseUp | events.Click)

    def release(self) -> list[events.Key]:
        self.active = False
        keys, self.keys = self.keys, []
        return keys


def freeze_index() -> None:
    """The index lives as long as the desk: keep the cyclic GC from walking it (as
    run_desk does on the usual path)."""
    gc.freeze()
