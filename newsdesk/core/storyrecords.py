"""Provides StoryRecords: where a story index keeps its stories, and what changed since a save.

A story is held as an object while articles can still join it or it shares a block with one
that can; after that it is frozen, kept as text (newsdesk.core.storyblocks). `_of` maps every
grouped article to its story object or to the number of its frozen block. Every change marks
the story's serial (or the frozen block) so a save writes just those (newsdesk.core.storystate).
"""

from __future__ import annotations

from newsdesk.core.storyblocks import BLOCK, FrozenStories, Member
from newsdesk.core.storymodel import Story


class StoryRecords:
    """The stories of a StoryIndex, as objects or frozen text, and their queries."""

    def __init__(self) -> None:
        self._stories: dict[str, Story] = {}  # held as objects: all but the frozen ones
        self._of: dict[str, Story | int] = {}  # article id -> story, or its frozen block
        self._frozen = FrozenStories(self._of)
        self._splits: dict[str, str] = {}  # article id -> the story it was taken out of
        self._merges: list[tuple[str, str]] = []  # (kept, absorbed)
        self._max_seen = 0
        self._serial = 0
        # what a save writes (newsdesk.core.storystate): everything while never saved, else
        # the stories (by serial) and frozen blocks changed since the last save
        self._fresh = True
        self._dirty_serials: set[int] = set()
        self._dirty_blocks: set[int] = set()
        self.migrated = False  # read from a version 1 state: the next save rewrites it

    # --- queries -------------------------------------------------------------------------
    def story_of(self, article_id: str) -> str | None:
        found = self._of.get(article_id)
        if found is None or isinstance(found, Story):
            return found.id if found is not None else None
        view = self._frozen.view(found)
        if view is None:  # thawed by another thread meanwhile
            found = self._of.get(article_id)
            return found.id if isinstance(found, Story) else None
        return view.story_of.get(article_id)

    def __contains__(self, article_id: object) -> bool:
        """Whether the article is grouped (cheaper than story_of for a frozen story)."""
        return article_id in self._of

    def _members(self, story_id: str) -> list[Member]:
        story = self._stories.get(story_id)
        if story is not None:
            return story.members
        return self._frozen.members(story_id) or []

    def members(self, story_id: str) -> list[str]:
        return [m[0] for m in self._members(story_id)]

    def outlets(self, story_id: str) -> list[str]:
        """Distinct feeds of a story, in order of their first article."""
        return list(dict.fromkeys(m[1] for m in self._members(story_id)))

    def stories(self, min_outlets: int = 1) -> list[str]:
        """Story ids in creation order, of those with at least `min_outlets` feeds."""
        held = list(self._stories.values())  # one copy: a worker may be grouping meanwhile
        found = [(s.serial, s.id) for s in held if len({m[1] for m in s.members}) >= min_outlets]
        frozen = self._frozen.outlet_counts()
        found.extend((serial, sid) for sid, serial, feeds in frozen if feeds >= min_outlets)
        return [sid for _, sid in sorted(found)]

    def __len__(self) -> int:
        return len(self._of)

    # --- changes -------------------------------------------------------------------------
    def _changed(self, story: Story) -> None:
        if not self._fresh:
            self._dirty_serials.add(story.serial)

    # --- frozen blocks -------------------------------------------------------------------
    def _freeze(self) -> None:
        """Keep as text the blocks no new story can join and no article can reach."""
        closed = (self._serial + 1) // BLOCK  # the next serial is in this block
        blocks: dict[int, list[Story]] = {}
        for story in self._stories.values():
            if story.serial // BLOCK < closed:
                blocks.setdefault(story.serial // BLOCK, []).append(story)
        for block, stories in blocks.items():  # `block`: one int object for all its articles
            if any(s.profile is not None for s in stories):
                continue
            self._frozen.freeze(block, stories)
            for story in stories:
                for member in story.members:
                    self._of[member[0]] = block
                del self._stories[story.id]
            self._block_changed(block, stories)

    def _thaw(self, block: int) -> None:
        stories = self._frozen.thawed(block)
        for story in stories:
            self._stories[story.id] = story
            for member in story.members:
                self._of[member[0]] = story
        self._frozen.drop(block, stories)
        self._block_changed(block, stories)

    def _block_changed(self, block: int, stories: list[Story]) -> None:
        """A block frozen or thawed: its text and its stories' own parts change."""
        if not self._fresh:
            self._dirty_blocks.add(block)
            self._dirty_serials.update(s.serial for s in stories)

    def _held(self, story_id: str) -> Story:
        """The story as an object (its block thawed if it was frozen); KeyError if none."""
        story = self._stories.get(story_id)
        if story is None:
            block = self._frozen.find(story_id)
            if block is None:
                raise KeyError(story_id)
            self._thaw(block)
            story = self._stories[story_id]
        return story

    @property
    def splits(self) -> dict[str, str]:
        return dict(self._splits)

    @property
    def merges(self) -> list[tuple[str, str]]:
        return list(self._merges)
