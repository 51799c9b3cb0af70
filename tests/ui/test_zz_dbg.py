import time
from conftest import SIZE, make_app
from desk_helpers import *

async def test_dbg(sample_store):
    app = make_app(sample_store)
    target = article_by_title(sample_store, "The screwdriver and the ballot")
    T=[time.perf_counter()]
    def mark(label):
        T.append(time.perf_counter()); print(f"{label}: {T[-1]-T[-2]:.3f}")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(); mark("start")
        await open_article(pilot, target.id); mark("open")
        await pilot.press("tab"); mark("tab")
        await pilot.press("j"); mark("j")
        await pilot.press("k"); mark("k")
        await pilot.press("space"); mark("space")
        await pilot.press("b"); mark("b")
        await pilot.pause(); mark("pause")
