"""Crash safety: a newsdesk SIGKILLed at any moment leaves a desk that opens with every
acknowledged (flushed) change in it, every article it lists with its body on disk, and the
next open sweeps away the temp files it left.

Each trial forks a child that opens a desk and loops: change, flush, acknowledge on a pipe.
The parent kills it after a random 0-60 ms and checks the desk. NEWSDESK_CRASH_TRIALS raises
the number of trials (default 100); a failing trial prints its seed.
"""

from __future__ import annotations

import os
import random
import select
import shutil
import signal
import time
from pathlib import Path

import orjson
import pytest
from storehelp import make_items, run_forked, temp_files

from newsdesk.core.models import Highlight, Note
from newsdesk.store import open_store
from newsdesk.store.atomic import remove_stale_temps

TRIALS = int(os.environ.get("NEWSDESK_CRASH_TRIALS", "100"))
KINDS = ("new", "small", "large", "large")  # large: a few thousand articles, slow rewrites
FEED_URL = "https://example.org/feed.xml"


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Desks built once and copied into each trial."""
    out: dict[str, Path] = {}
    for kind, n in (("small", 20), ("large", 3000)):
        path = tmp_path_factory.mktemp(f"template-{kind}") / "desk.json"
        store = open_store(path)
        feed = store.add_feed(FEED_URL, "Example")
        store.upsert_articles(feed.id, make_items(n, body_size=300))
        store.close()
        out[kind] = path
    return out


def _copy_desk(template: Path, target_dir: Path) -> Path:
    target = target_dir / "desk.json"
    shutil.copy2(template, target)
    bodies = template.with_suffix(".bodies")
    if bodies.exists():
        shutil.copytree(bodies, target.with_suffix(".bodies"))
    return target


def _child_loop(path: Path, ack_fd: int, seed: int) -> None:
    """Runs in the forked child until it is killed; never returns."""
    rng = random.Random(seed)
    try:
        store = open_store(path)
        feed = store.add_feed(FEED_URL, "Example")
        os.write(ack_fd, b"ready\n")
        n = 0
        while True:
            n += 1
            op = n % 4
            if op == 0:
                store.add_highlight(
                    Highlight(id=f"{seed:08x}{n:07x}", article_id="a", quote=f"quote {n}")
                )
                ack = f"h {seed:08x}{n:07x}"
            elif op == 1:
                store.set_setting(f"crash.{n}", {"n": n})
                ack = f"s crash.{n}"
            elif op == 2:
                note = store.add_note(Note(id="", article_id="a", text=f"note {n}"))
                ack = f"n {note.id}"
            elif n % 8 == 3:  # touches the main file and the body shard
                (key,) = store.upsert_articles(feed.id, make_items(1, prefix=f"c{n}-")).new_ids
                ack = f"a {key}"
            else:  # a removal: the body must outlive the article in the index, never less
                victims = [a.id for a in store.articles() if a.guid.startswith(("g", "c"))]
                key = rng.choice(victims) if victims else ""
                os.write(ack_fd, f"R {key}\n".encode())  # intent: it may be gone unacked
                store.remove_articles([key])
                ack = f"r {key}"
            store.flush()
            os.write(ack_fd, (ack + "\n").encode())  # < PIPE_BUF: never torn
    finally:
        os._exit(3)  # an exception in the child is reported by its missing acks


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _run_trial(directory: Path, template: Path | None, seed: int) -> tuple[list[str], bool, int]:
    """Returns (acknowledged lines, whether the child got ready, exit signal)."""
    rng = random.Random(seed)
    path = directory / "desk.json"
    if template is not None:
        _copy_desk(template, directory)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child_loop(path, write_fd, seed)
    os.close(write_fd)
    delay = rng.uniform(0.0, 0.060)
    ready = b""
    try:
        if template is not None:
            # let the child load the desk first, so the kill lands among the flushes
            while not ready.endswith(b"\n"):
                readable, _, _ = select.select([read_fd], [], [], 30)
                if not readable:
                    break
                chunk = os.read(read_fd, 1)
                if not chunk:
                    break
                ready += chunk
        time.sleep(delay)  # schedules the kill; nothing is asserted about timing
        os.kill(pid, signal.SIGKILL)
    finally:
        _, status = os.waitpid(pid, 0)
        data = ready + _read_all(read_fd)
        os.close(read_fd)
    lines = data.decode().splitlines()
    got_ready = bool(lines) and lines[0] == "ready"
    return (
        lines[1:] if got_ready else lines,
        got_ready,
        os.WTERMSIG(status) if os.WIFSIGNALED(status) else -os.waitstatus_to_exitcode(status),
    )


@pytest.mark.parametrize("trial", range(TRIALS))
def test_sigkill_never_loses_acknowledged_writes(
    trial: int, tmp_path: Path, templates: dict[str, Path]
) -> None:
    kind = KINDS[trial % len(KINDS)]
    seed = 1000 + trial
    path = tmp_path / "desk.json"
    acked, got_ready, sig = _run_trial(tmp_path, templates.get(kind), seed)
    context = f"trial {trial} ({kind} desk, seed {seed}): {len(acked)} acknowledged"
    assert sig == signal.SIGKILL, f"{context}; the child died on its own ({sig})"
    if kind != "new":
        assert got_ready, f"{context}; the child never opened the desk"

    if not path.exists():
        assert kind == "new" and not acked, f"{context}; desk.json is missing"
        return
    # a reader that never takes the lock sees a whole, valid file
    data = orjson.loads(path.read_bytes())
    assert isinstance(data, dict) and "meta" in data, context
    backup = path.with_name("desk.json.bak")
    if backup.exists():
        orjson.loads(backup.read_bytes())
    _assert_every_listed_article_has_its_body(path, context)

    # a fake leftover from an older crash, beside the desk and beside the backup
    (tmp_path / ".desk.json.123.abcd.tmp").write_bytes(b'{"half": ')
    (tmp_path / ".desk.json.bak.123.abcd.tmp").write_bytes(b"")
    store = open_store(path)  # the kernel released the dead child's lock
    try:
        assert temp_files(tmp_path) == [], context
        highlights = {h.id for h in store.highlights()}
        notes = {n.id for n in store.notes()}
        articles = {a.id for a in store.articles()}
        for line in acked:
            what, key = line.split(" ", 1)
            if what == "h":
                assert key in highlights, f"{context}; highlight {key} lost"
            elif what == "s":
                assert store.setting(key) == {"n": int(key.split(".")[1])}, (
                    f"{context}; setting {key} lost"
                )
            elif what == "n":
                assert key in notes, f"{context}; note {key} lost"
            elif what == "r":
                assert key not in articles, f"{context}; removed article {key} is back"
            elif what == "R":
                continue  # a removal begun, perhaps killed before or after it was saved
            else:
                removing = f"R {key}" in acked
                assert key in articles or removing, f"{context}; article {key} lost"
                if key in articles:
                    assert store.body(key).startswith("<p>c"), f"{context}; body of {key} lost"
        if kind != "new":
            removed = sum(1 for line in acked if line.startswith("R "))
            least = (3000 if kind == "large" else 20) - removed
            assert len(store.articles()) >= least, context
        # nothing for a refresh to restore: the shards hold every body the index lists
        assert not any(store.bodies_missing(f.id) for f in store.feeds()), context
        # the reopened desk still takes writes
        store.set_setting("after-crash", True)
        store.flush()
    finally:
        store.close()
    assert open_store(path, readonly=True).setting("after-crash") is True


def _assert_every_listed_article_has_its_body(path: Path, context: str) -> None:
    """Read-only, straight from the files: each article of the index has a body document
    in its feed's shard."""
    store = open_store(path, readonly=True)
    by_feed: dict[str, set[str]] = {}
    for article in store.articles():
        by_feed.setdefault(article.feed_id, set()).add(article.id)
    for feed_id, ids in by_feed.items():
        shard = store.bodies_dir / f"{feed_id}.json"
        assert shard.exists(), f"{context}; shard of {feed_id} missing, {len(ids)} listed"
        bodies = orjson.loads(shard.read_bytes()).get("bodies", {})
        held = {doc.get("id") for doc in bodies.values()}
        lost = ids - held
        assert not lost, f"{context}; {len(lost)} listed articles have no body on disk"


def _die_during_flush(path: Path, step: str) -> None:
    """In a child: flush twice, then SIGKILL this process at `step` of the third flush."""
    store = open_store(path)
    for value in (1, 2):  # the second flush gives the desk a backup
        store.set_setting("before", value)
        store.flush()
    store.set_setting("doomed", 1)
    real_replace, real_fsync = os.replace, os.fsync

    def replace(src, dst):  # type: ignore[no-untyped-def]
        if (step == "backup" and str(dst).endswith(".bak")) or (
            step == "replace" and str(dst) == str(path)
        ):
            os.kill(os.getpid(), signal.SIGKILL)
        real_replace(src, dst)

    def fsync(fd: int) -> None:
        if step == "fsync" and os.readlink(f"/proc/self/fd/{fd}").endswith(".tmp"):
            os.kill(os.getpid(), signal.SIGKILL)
        real_fsync(fd)

    os.replace, os.fsync = replace, fsync  # type: ignore[assignment]
    store.flush()


@pytest.mark.parametrize("step", ["fsync", "backup", "replace"])
def test_kill_at_each_step_of_a_flush(tmp_path: Path, step: str) -> None:
    """Deterministic kills: while the temp file is fsynced, while the backup link is put in
    place, and just before the temp file is renamed over the desk."""
    path = tmp_path / "desk.json"
    pid = os.fork()
    if pid == 0:
        try:
            _die_during_flush(path, step)
        finally:
            os._exit(4)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status
    assert list(tmp_path.glob(".desk.json.*.tmp")), "the kill should have left a temp file"
    if step == "backup":
        assert list(tmp_path.glob(".desk.json.bak.*.tmp")), "the backup link temp is left"
    before = path.read_bytes()
    assert orjson.loads(before)
    # a read-only open never deletes temp files (a writer may be mid-flush)
    ro = open_store(path, readonly=True)
    assert ro.setting("before") == 2
    assert ro.setting("doomed") is None
    assert temp_files(tmp_path)
    store = open_store(path)
    try:
        assert temp_files(tmp_path) == []
        assert store.setting("doomed") is None
        assert store.setting("before") == 2
    finally:
        store.close()
    assert path.read_bytes() == before  # nothing changed, nothing rewritten
    assert orjson.loads(path.with_name("desk.json.bak").read_bytes())


def test_stale_shard_temps_removed_on_open(desk_path: Path) -> None:
    store = open_store(desk_path)
    feed = store.add_feed(FEED_URL)
    store.upsert_articles(feed.id, make_items(2))
    store.close()
    shard = desk_path.with_suffix(".bodies") / f"{feed.id}.json"
    stale = shard.with_name(f".{shard.name}.999.0badc0de.tmp")
    stale.write_bytes(b"partial")
    unrelated = desk_path.with_name("notes.txt.tmp")
    unrelated.write_text("not ours")
    # a shard whose very first write was killed: only its temp file exists
    orphan = shard.with_name(".0123456789abcde.json.999.0badc0de.tmp")
    orphan.write_bytes(b"{")
    store = open_store(desk_path)
    store.close()
    assert not stale.exists()
    assert not orphan.exists()
    assert unrelated.exists()
    assert temp_files(desk_path.parent) == []


def test_remove_stale_temps_only_touches_its_target(tmp_path: Path) -> None:
    target = tmp_path / "desk.json"
    ours = [tmp_path / ".desk.json.1.aa.tmp", tmp_path / ".desk.json.22.bbbbbbbb.tmp"]
    others = [
        tmp_path / ".other.json.1.aa.tmp",
        tmp_path / "desk.json.tmp",
        tmp_path / ".desk.json.1.aa.tmp.keep",
    ]
    for p in ours + others:
        p.write_text("x")
    assert remove_stale_temps(target) == 2
    assert not any(p.exists() for p in ours)
    assert all(p.exists() for p in others)


def test_crash_in_forked_child_helper_reports_failures() -> None:
    """The run_forked helper used by the disk-full tests must not swallow a failing child."""

    def boom() -> str:
        raise ValueError("child exploded")

    with pytest.raises(AssertionError, match="child exploded"):
        run_forked(boom)
    assert run_forked(lambda: "fine") == "fine"
