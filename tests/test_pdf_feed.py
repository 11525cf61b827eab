"""The PDF writer hands reportlab its flowables a few at a time (pdf_feed.Feed): the layout
must be what reportlab sets from the whole list at once."""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.pagesizes import A5
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer

from cppcc_convert.writers.pdf_feed import BATCH, LOW, Feed


class Box(Flowable):
    """A plain block of a given height that may be kept with the next one."""

    def __init__(self, height: float, keep: bool) -> None:
        super().__init__()
        self.height = height
        self.keepWithNext = keep

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return aw, self.height

    def draw(self) -> None:
        self.canv.rect(0, 0, 20, self.height)


def boxes() -> list[Flowable]:
    # runs of boxes kept with the next, of every length up to past a whole batch, so that
    # chains cross the points where the feed tops itself up
    out: list[Flowable] = []
    for run in (0, 1, 3, 70, 0, 2, BATCH + 40, 5, 0, 1):
        out += [Box(7.0 + len(out) % 11, True) for _ in range(run)]
        out += [Box(30.0 + len(out) % 13, False) for _ in range(LOW + 9)]
    return out


def build(flowables: list[Flowable]) -> bytes:
    out = BytesIO()
    SimpleDocTemplate(out, pagesize=A5, invariant=1).build(flowables)
    return out.getvalue()


def test_a_feed_sets_the_pages_reportlab_sets_from_the_whole_list() -> None:
    whole = build(boxes())
    assert whole.count(b"/Type /Page\n") > 20
    assert build(Feed(iter(boxes()))) == whole


def test_a_top_up_never_stops_inside_a_kept_chain() -> None:
    items = [Spacer(1, 1)] + [Box(1, True) for _ in range(BATCH * 2)] + [Box(1, False)] * 3
    feed = Feed(iter(items))
    assert list.__len__(feed) == BATCH * 2 + 2  # the chain and the one it is kept with
    assert not feed[-1].getKeepWithNext()  # type: ignore[no-untyped-call]


def test_an_empty_source_is_an_empty_feed() -> None:
    feed = Feed(iter([]))
    assert not feed
    assert len(feed) == 0
