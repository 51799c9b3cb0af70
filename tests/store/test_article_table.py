"""ArticleTable: the article index as columns gives back exactly the models it was given,
through every change, from a load as from single puts, and in a frozen copy."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime, timedelta, timezone

from newsdesk.core.models import Article
from newsdesk.store.article_table import ArticleTable
from newsdesk.store.records import article_doc, doc_id, random_key
from newsdesk.store.text_column import PrefixedColumn

START = datetime(2026, 1, 1, tzinfo=UTC)
ODD_IDS = ["x", "ab", "0x1f", "ABCDEF012345678", "a" * 15, "é-7", "12345678901234567"]


def article(n: int, rng: random.Random) -> Article:
    zone = UTC if rng.random() < 0.9 else timezone(timedelta(hours=2))
    return Article(
        id=random_key() if rng.random() < 0.9 else rng.choice(ODD_IDS) + str(n % 5),
        feed_id=f"f{n % 7}",
        guid=rng.choice([f"g-{n}", f"https://x.example/{n}", f"tag:x,2026:post-{n}"]),
        title=f"Title\x00 {n} é" if n % 50 == 0 else f"Title {n}",
        link=rng.choice([f"https://x.example/{n}", "", f"https://z.example/a/b-{n}/"]),
        author=rng.choice(["", "Bob", "Ann"]),
        published=datetime(2026, 1, 1, tzinfo=zone) + timedelta(seconds=n),
        updated=None if n % 3 else START,
        read=n % 2 == 1,
        starred=n % 5 == 0,
        tags=("a", "b") if n % 11 == 0 else (),
        fetched=START.replace(tzinfo=None) if n % 97 == 0 else START,
        has_full=n % 13 == 0,
        show_full=n % 26 == 0,
    )


def check(table: ArticleTable, expected: dict[str, Article]) -> None:
    assert len(table) == len(expected)
    assert sorted(table) == sorted(expected)
    for article_id, want in expected.items():
        got = table[article_id]
        assert got == want and article_doc(got) == article_doc(want)
        row = table.row_of(article_id)
        assert row is not None and table.doc_id(row) == doc_id(article_id)
        # the document a write makes straight from the columns, key for key, in order
        assert list(table.doc(row).items()) == list(article_doc(want).items())


def test_puts_changes_and_removals_give_back_what_was_put() -> None:
    rng = random.Random(7)
    table, expected = ArticleTable(), {}
    for n in range(6000):
        roll = rng.random()
        if roll < 0.6 or not expected:
            a = article(n, rng)
            table.put(a)
            expected[a.id] = a
        elif roll < 0.8:
            gone = rng.choice(list(expected))
            assert table.remove(gone) is not None
            del expected[gone]
        else:
            old = expected[rng.choice(list(expected))]
            new = dataclasses.replace(
                old, read=not old.read, title="Changed", link="", guid="g", feed_id="f9"
            )
            table.put(new)
            expected[new.id] = new
    check(table, expected)
    assert table.get("no such id") is None and "no such id" not in table
    frozen = table.frozen()
    table.put(dataclasses.replace(next(iter(expected.values())), title="After the copy"))
    assert sorted(map(frozen.id_at, frozen.rows())) == sorted(expected)
    assert all(frozen.article(row) == expected[frozen.id_at(row)] for row in frozen.rows())


def test_a_load_in_slices_agrees_with_puts_and_keeps_the_last_of_a_doubled_id() -> None:
    rng = random.Random(3)
    expected = {a.id: a for a in (article(n, rng) for n in range(3000))}
    docs = [article_doc(a) for a in expected.values()]
    twice = dataclasses.replace(next(iter(expected.values())), title="Again")
    docs.append(article_doc(twice))
    expected[twice.id] = twice
    table = ArticleTable()
    for at in range(0, len(docs), 700):
        table.append_docs(docs[at : at + 700])
    table.index_all()
    check(table, expected)


def test_new_articles_put_as_a_batch_agree_with_single_puts() -> None:
    """A refresh's new articles of a feed go in as one batch (put_new): odd ids, dates not
    in UTC, flags and tags come back as they do from one put each, beside rows put singly."""
    rng = random.Random(11)
    made = [article(n, rng) for n in range(2000)]
    unique = list({a.id: a for a in made}.values())
    single, batched = ArticleTable(), ArticleTable()
    for a in unique[:300]:
        single.put(a)
        batched.put(a)
    for at in range(300, len(unique), 50):
        batch = unique[at : at + 50]
        for a in batch:
            single.put(a)
        assert list(batched.put_new(batch)) == list(range(at, at + len(batch)))
    expected = {a.id: a for a in unique}
    check(batched, expected)
    assert list(map(batched.doc, batched.rows())) == list(map(single.doc, single.rows()))


def test_addresses_keep_their_exact_text_whatever_their_prefix() -> None:
    texts = ["", "a", "https://x.example/a/1", "https://x.example/", "https://x.example"]
    texts += ["bench-0-1", "tag:x-y", "/", "//", "-", "\udcff/x/y", "é/ü/ß", "----", "abc/"]
    column = PrefixedColumn()
    groups = [n % 3 for n in range(len(texts))]
    column.extend_in(texts, groups)
    column.append_in("https://x.example/z", 9)
    assert [column.at(row, group) for row, group in enumerate([*groups, 9])] == [
        *texts,
        "https://x.example/z",
    ]
