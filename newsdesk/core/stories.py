"""Provides story grouping: articles from different feeds about the same event, incrementally.

A story is one event (not one topic): articles join a story only when their words *and* names
agree closely and they were published within a time window of it. Assignment is incremental and
deterministic: `StoryIndex.add` processes new articles in (published, id) order, each joins the
best existing story or starts one, and nothing already assigned moves unless the user says so
(`split`, `merge`). The state is saved a changed part at a time (`newsdesk.core.storystate`);
`to_dict` / `from_dict` give it whole as plain JSON-ready data.

Memory stays flat on a large desk: only stories still inside the time horizon keep a profile
(top weighted terms and entities); older ones keep just their membership, and once a whole
block of them is out of reach, only as text (`newsdesk.core.storyblocks`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from operator import attrgetter
from typing import Any

from newsdesk.core import storystate
from newsdesk.core.storymodel import (
    Profile,
    Progress,
    Story,
    StoryArticle,
    StoryChange,
    StoryConfig,
    add_capped,
    entity_vector,
    story_id_for,
    timestamp,
)
from newsdesk.core.storyrecords import StoryRecords
from newsdesk.core.storytext import LEDE_CHARS, DocFrequencies, Features, features

__all__ = ["StoryArticle", "StoryChange", "StoryConfig", "StoryIndex", "Progress", "lede_of"]


class StoryIndex(StoryRecords):
    """Incremental story assignment over plain-data state; see the module docstring."""

    def __init__(self, config: StoryConfig | None = None) -> None:
        super().__init__()
        self.config = config or StoryConfig()
        self._window = int(self.config.window_hours * 3600)
        self._df = DocFrequencies()
        self._postings: dict[int, list[Story]] = {}
        self._since_sweep = 0

    # --- assignment ----------------------------------------------------------------------
    def add(
        self, articles: Iterable[StoryArticle], progress: Progress | None = None
    ) -> list[StoryChange]:
        """Assign new articles; ones already indexed are skipped. Returns what was assigned."""
        known = self._of
        ordered = [a for a in articles if a.id not in known]
        # two stable sorts instead of one with tuple keys: no 50,000 key tuples at once
        ordered.sort(key=attrgetter("id"))
        ordered.sort(key=lambda a: timestamp(a.published))
        changes: list[StoryChange] = []
        total = len(ordered)
        ordered.reverse()  # taken from the end: each article (and its lede) goes once assigned
        done = 0
        while ordered:
            article = ordered.pop()
            done += 1
            if article.id in known:  # the same id twice in one batch: the first one counts
                continue
            changes.append(self._assign(article))
            self._since_sweep += 1
            if self._since_sweep >= 1024:
                self._sweep()
            if progress is not None and (done % 500 == 0 or done == total):
                progress(done, total)
        self._sweep()
        return changes

    def _assign(self, article: StoryArticle) -> StoryChange:
        ts = timestamp(article.published)
        feats = features(article.title or "", article.lede or "")
        self._df.add(feats.counts)
        vector = self._df.weigh(feats.counts)
        keys = self._block_keys(vector, feats)
        best = self._best_story(ts, vector, feats, keys)
        aid = article.id
        feed = sys.intern(article.feed_id)
        self._max_seen = max(self._max_seen, ts)
        if best is None:
            sid = story_id_for(aid)
            if sid in self._stories or sid in self._frozen:  # a split article owns this id
                sid = f"{sid}#{self._serial}"
            self._serial += 1
            best = Story(sid, ts, ts, profile=Profile({}, {}), serial=self._serial)
            self._stories[sid] = best
            created = True
        else:
            created = False
        best.members.append((aid, feed, ts))
        best.first, best.last = min(best.first, ts), max(best.last, ts)
        self._of[aid] = best
        self._changed(best)
        if best.profile is not None:
            self._absorb(best, vector, feats)
            self._index(best, keys)
        return StoryChange(aid, best.id, created)

    def _block_keys(self, vector: dict[int, float], feats: Features) -> list[int]:
        """The article's most distinctive terms: rare words and its names and numbers.

        Terms in a large share of recent articles ("live", "updates", a famous name) find
        everything and so nothing; they are left out, which also caps the work per article.
        """
        common = self._df.common
        ranked = sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))
        keys = [h for h, _ in ranked if not common(h)][: self.config.block_terms]
        extra = sorted(h for h in feats.entities if h in vector and h not in keys and not common(h))
        return keys + extra[: self.config.block_terms // 2]

    def _best_story(
        self, ts: int, vector: dict[int, float], feats: Features, keys: list[int]
    ) -> Story | None:
        cfg = self.config
        hits: dict[str, int] = {}
        found: dict[str, Story] = {}
        window = self._window
        depth = cfg.block_depth
        for h in keys:
            posting = self._postings.get(h)
            if not posting:
                continue
            # newest first; postings are in order of last touch, so stop at the first story
            # that ended a window before this article
            for seen, story in enumerate(reversed(posting)):
                if seen >= depth or story.last + window < ts:
                    break
                if story.profile is None or ts < story.first - window:
                    continue
                sid = story.id
                hits[sid] = hits.get(sid, 0) + 1
                found[sid] = story
        if not hits:
            return None
        floor = max(1, min(3, len(keys) // 4))  # one shared rare word is a coincidence
        ranked = sorted(
            (sid for sid, n in hits.items() if n >= floor),
            key=lambda sid: (-hits[sid], found[sid].serial),
        )[: cfg.candidates]
        best: Story | None = None
        best_score = 0.0
        for sid in ranked:
            story = found[sid]
            score = self._score(story, ts, vector, feats)
            if score > best_score or (score == best_score and best and story.serial < best.serial):
                best, best_score = story, score
        return best

    def _score(self, story: Story, ts: int, vector: dict[int, float], feats: Features) -> float:
        """How well an article fits a story, or 0 when the evidence is too thin to join.

        Words (tf-idf cosine to the story profile) and names/numbers (the same over entity
        terms only) must both agree; the bar rises with the time between them, so a rematch
        three days later needs far more than a follow-up three hours later.
        """
        cfg = self.config
        profile = story.profile
        assert profile is not None
        if profile.norm == 0.0:
            return 0.0
        profile.warm()  # a late article: the story was out of in-order reach
        terms = profile.terms
        dot = 0.0
        shared = 0
        for h, w in vector.items():
            pw = terms.get(h)
            if pw is not None:
                dot += w * pw
                if w > 0.12:
                    shared += 1
        if shared < cfg.min_shared:
            return 0.0
        text = dot / profile.norm
        gap = max(story.first - ts, ts - story.last, 0) / self._window
        need = cfg.strong + cfg.gap_penalty * gap
        if cfg.text_share * text + (1.0 - cfg.text_share) < need:
            return 0.0  # even perfect name agreement could not lift it over the bar
        evec = entity_vector(vector, feats)
        if not evec or not profile.entities or profile.entity_norm == 0.0:
            # no names to compare (an uncased script, a bare headline): words must carry it
            bar = need + (0.0 if feats.body_terms else cfg.headline_extra)
            return text if text >= bar else 0.0
        ents = profile.entities
        names = sum(w * ents.get(h, 0.0) for h, w in evec.items()) / profile.entity_norm
        # names the story has never mentioned (another union, another venue) count against it;
        # numbers do not: outlets often disagree on a toll or a count
        numbers = feats.numbers
        novel = sum(w * w for h, w in evec.items() if h not in ents and h not in numbers)
        score = cfg.text_share * text + (1.0 - cfg.text_share) * names - cfg.novelty * novel
        if not feats.body_terms:
            need += cfg.headline_extra
        if feats.days and profile.days and not feats.days & profile.days:
            need += cfg.other_day  # "on Saturday" against a story that happened "on Wednesday"
        return score if score >= need and names >= cfg.min_names else 0.0

    def _absorb(self, story: Story, vector: dict[int, float], feats: Features) -> None:
        profile = story.profile
        assert profile is not None
        profile.warm()
        cfg = self.config
        profile.terms = add_capped(profile.terms, vector, cfg.profile_terms)
        evec = entity_vector(vector, feats)
        profile.entities = add_capped(profile.entities, evec, cfg.profile_entities)
        profile.days.update(feats.days)
        profile.refresh()

    def _index(self, story: Story, keys: Iterable[int]) -> None:
        depth = self.config.block_depth
        for h in keys:
            posting = self._postings.setdefault(h, [])
            if posting and posting[-1] is story:
                continue
            if story in posting[-depth:]:
                posting.remove(story)
            posting.append(story)
            if len(posting) > 2 * depth:
                del posting[:-depth]

    def _sweep(self) -> None:
        """Drop the profiles of stories no article can reach any more (two windows before the
        newest), and keep those only a late article can reach (one window) packed."""
        self._since_sweep = 0
        horizon = self._max_seen - 2 * self._window
        cool = self._max_seen - self._window
        dropped = False
        for story in self._stories.values():
            profile = story.profile
            if profile is None:
                continue
            if story.last < horizon:
                story.profile = None
                self._changed(story)
                dropped = True
            elif story.last < cool:
                profile.cool()
        if dropped:
            for h in list(self._postings):
                alive = [s for s in self._postings[h] if s.profile is not None]
                if alive:
                    self._postings[h] = alive
                else:
                    del self._postings[h]
        self._freeze()

    def _settle(self) -> None:
        """After a load: pack and freeze what the saved state leaves unreachable."""
        cool = self._max_seen - self._window
        for story in self._stories.values():
            if story.profile is not None and story.last < cool:
                story.profile.cool()
        self._freeze()

    # --- manual decisions ----------------------------------------------------------------
    def split(self, article_id: str, article: StoryArticle | None = None) -> str:
        """Take an article out of its story into a story of its own; returns the new story id.

        Assignment never moves an indexed article, so it stays out after later adds. Pass the
        article to give its new story a profile (so later coverage of it can join there).
        """
        found = self._of.get(article_id)
        if found is None:
            raise KeyError(article_id)
        if not isinstance(found, Story):
            self._thaw(found)
        story = self._of[article_id]
        assert isinstance(story, Story)
        if len(story.members) == 1:
            self._freeze()
            return story.id
        member = next(m for m in story.members if m[0] == article_id)
        story.members.remove(member)
        story.first = min(m[2] for m in story.members)
        story.last = max(m[2] for m in story.members)
        self._serial += 1
        sid = f"{story_id_for(article_id)}#split"
        while sid in self._stories or sid in self._frozen:
            sid += "+"
        alone = Story(sid, member[2], member[2], [member], None, self._serial)
        if article is not None and story.profile is not None:
            feats = features(article.title or "", article.lede or "")
            vector = self._df.weigh(feats.counts)
            alone.profile = Profile({}, {})
            self._absorb(alone, vector, feats)
            self._index(alone, self._block_keys(vector, feats))
            self._subtract(story, vector, feats)
        self._stories[sid] = alone
        self._of[article_id] = alone
        self._splits[article_id] = story.id
        self._changed(story)
        self._changed(alone)
        self._freeze()  # the story split from may be out of reach again
        return sid

    def _subtract(self, story: Story, vector: dict[int, float], feats: Features) -> None:
        profile = story.profile
        if profile is None:
            return
        profile.warm()
        for h, w in vector.items():
            if h in profile.terms:
                left = profile.terms[h] - w
                if left > 1e-9:
                    profile.terms[h] = left
                else:
                    del profile.terms[h]
        for h, w in entity_vector(vector, feats).items():
            if h in profile.entities:
                left = profile.entities[h] - w
                if left > 1e-9:
                    profile.entities[h] = left
                else:
                    del profile.entities[h]
        profile.refresh()

    def merge(self, story_a: str, story_b: str) -> str:
        """Join two stories; the older one's id is kept (and returned)."""
        a, b = self._held(story_a), self._held(story_b)
        if a is b:
            return a.id
        keep, gone = (a, b) if (a.first, a.serial) <= (b.first, b.serial) else (b, a)
        keep.members.extend(gone.members)
        keep.members.sort(key=lambda m: (m[2], m[0]))
        keep.first, keep.last = min(keep.first, gone.first), max(keep.last, gone.last)
        for aid, _, _ in gone.members:
            self._of[aid] = keep
        if gone.profile is not None:
            if keep.profile is None:
                keep.profile = Profile({}, {})
            cfg = self.config
            mine = keep.profile
            mine.warm()
            gone.profile.warm()
            mine.terms = add_capped(mine.terms, gone.profile.terms, cfg.profile_terms)
            mine.entities = add_capped(mine.entities, gone.profile.entities, cfg.profile_entities)
            mine.days.update(gone.profile.days)
            mine.refresh()
            for posting in self._postings.values():
                if gone in posting:
                    posting[posting.index(gone)] = keep
        del self._stories[gone.id]
        self._merges.append((keep.id, gone.id))
        self._changed(keep)
        self._changed(gone)  # its saved part goes
        self._freeze()
        return keep.id

    # --- persistence -----------------------------------------------------------------------
    @classmethod
    def from_saved(
        cls, head: Mapping[str, Any], parts: Mapping[int, str], config: StoryConfig | None = None
    ) -> StoryIndex:
        """Rebuild an index from a desk's saved head and parts (newsdesk.core.storystate).

        Raises storystate.StaleState when the state should be regrouped unread (damaged,
        another version, another story window), ValueError when it is malformed."""
        index = cls(config)
        storystate.restore(index, head, parts)
        return index

    def to_dict(self) -> dict[str, Any]:
        """The state as JSON-ready data (shape: see newsdesk.core.storystate)."""
        return storystate.dump(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any], config: StoryConfig | None = None) -> StoryIndex:
        """Rebuild an index from `to_dict` output; an unknown version gives an empty index.

        Raises ValueError on malformed state (the desk can then regroup from scratch).
        """
        if not isinstance(data, dict):
            raise ValueError("story state is malformed (not a mapping)")
        hours = data.get("window_hours", 72.0)
        index = cls(config or StoryConfig(window_hours=float(hours)))
        if data.get("version") == storystate.STATE_VERSION:
            storystate.load(index, data)
        return index


def lede_of(text: str, limit: int = LEDE_CHARS) -> str:
    """The first `limit` characters of a body, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit]
