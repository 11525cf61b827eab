"""Hostile values (issue 19): dates past 2107 and odd SOURCE_DATE_EPOCH values, huge and
numeric titles, configuration values of the wrong type, ambiguous encodings, tables wider
than their header, language tags. Each is a clear one-line error or warning with the
documented exit code, no traceback, no partial output; every EPUB made passes EPUBCheck."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

import cppcc_convert
from cppcc_convert import Options
from cppcc_convert.dates import ZIP_FIRST, ZIP_LAST, build_time, parse_epoch, zip_stamp
from cppcc_convert.encoding import decode
from cppcc_convert.errors import UsageError
from robustness_support import assert_clean, cli, files_under, pdf_check, temp_files

FORMATS = "docx,pdf,epub,html,json"
ALL = ("a.docx", "a.pdf", "a.epub", "a.html", "a.json")


def _doc(tmp_path: Path, text: str, name: str = "a.md") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path / name


def _zip_dates(path: Path) -> set[tuple[int, ...]]:
    with zipfile.ZipFile(path) as z:
        return {i.date_time for i in z.infolist()}


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("date", "zip_date"),
    [
        ("2108-01-01", ZIP_LAST),
        ("9999-12-31", ZIP_LAST),
        ("2107-12-31", (2107, 12, 31, 0, 0, 0)),
        ("1949-10-01", ZIP_FIRST),
        ("1979-12-31", ZIP_FIRST),
        ("0001-01-01", (2000, 1, 1, 0, 0, 0)),  # no year 1000-9999: the fixed date
        ("12024-05-06", (2000, 1, 1, 0, 0, 0)),
        ("2024-13-45", None),  # YAML itself refuses it: a clear error
    ],
)
def test_front_matter_dates(tmp_path: Path, date: str, zip_date: tuple[int, ...] | None) -> None:
    _doc(tmp_path, f"---\ndate: {date}\n---\n# 标题\n\n正文。\n")
    run = cli("a.md", "--to", FORMATS, "-o", "out", cwd=tmp_path, env={"SOURCE_DATE_EPOCH": None})
    assert_clean(run)
    if zip_date is None:
        assert run.code == 1 and run.shows("a.md:1: bad YAML front matter"), run.err
        assert files_under(tmp_path / "out") == set()
        return
    assert run.code == 0, run.err
    out = tmp_path / "out"
    assert files_under(out) == set(ALL)
    assert _zip_dates(out / "a.docx") == _zip_dates(out / "a.epub") == {zip_date}
    pdf_check((out / "a.pdf").read_bytes(), tmp_path)
    if date.startswith(("2108", "9999")):  # the formats' own date fields keep the true date
        year = date[:4]
        with zipfile.ZipFile(out / "a.docx") as z:
            assert f'<dcterms:modified xsi:type="dcterms:W3CDTF">{year}-'.encode() in z.read(
                "docProps/core.xml"
            )
        assert f"D:{year}".encode() in (out / "a.pdf").read_bytes()


EPOCHS_REFUSED = {
    "abc": "is not a whole number of seconds",
    "1.5": "is not a whole number of seconds",
    "1e10": "is not a whole number of seconds",
    "-1": "is not a whole number of seconds",
    "0x10": "is not a whole number of seconds",
    "１２３": "is not a whole number of seconds",  # full-width digits
    "253402300800": "is after the year 9999",
    "99999999999999999999": "is after the year 9999",
    "9" * 400: "is after the year 9999",
}
EPOCHS_KEPT = {
    "0": (1980, 1, 1, 0, 0, 0),
    " 1700000000 ": (2023, 11, 14, 22, 13, 20),
    "4354819200": ZIP_LAST,  # 2108-01-01
    "253402300799": ZIP_LAST,  # the last second of 9999
    "": (2000, 1, 1, 0, 0, 0),  # empty: as if unset
}


@pytest.mark.parametrize("value", sorted(EPOCHS_REFUSED))
def test_odd_source_date_epoch_is_a_usage_error(tmp_path: Path, value: str) -> None:
    _doc(tmp_path, "# 标题\n\n正文。\n")
    run = cli("a.md", "--to", FORMATS, "-o", "out", cwd=tmp_path,
              env={"SOURCE_DATE_EPOCH": value})  # fmt: skip
    assert_clean(run)
    assert run.code == 2, run.err
    assert (
        len(run.lines) == 1 and run.shows("SOURCE_DATE_EPOCH") and run.shows(EPOCHS_REFUSED[value])
    ), run.err
    assert len(run.err) < 200
    assert files_under(tmp_path / "out") == set()
    with pytest.raises(UsageError):
        parse_epoch(value)


@pytest.mark.parametrize("value", sorted(EPOCHS_KEPT))
def test_source_date_epoch_in_range(tmp_path: Path, value: str) -> None:
    _doc(tmp_path, "# 标题\n\n正文。\n")
    run = cli("a.md", "--to", FORMATS, "-o", "out", cwd=tmp_path,
              env={"SOURCE_DATE_EPOCH": value})  # fmt: skip
    assert_clean(run)
    assert run.code == 0, run.err
    out = tmp_path / "out"
    assert _zip_dates(out / "a.docx") == _zip_dates(out / "a.epub") == {EPOCHS_KEPT[value]}
    pdf_check((out / "a.pdf").read_bytes(), tmp_path)


def test_the_api_refuses_an_odd_epoch_before_writing(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "# 标题\n\n正文。\n")
    with pytest.raises(UsageError, match="source_date_epoch"):
        cppcc_convert.convert(doc, outdir=tmp_path / "out", options=Options(source_date_epoch=-5))
    assert not (tmp_path / "out").exists() or files_under(tmp_path / "out") == set()
    parsed = cppcc_convert.parse("# 标题\n\n正文。\n")
    with pytest.raises(UsageError):
        cppcc_convert.render(parsed, "docx", options=Options(source_date_epoch=10**12))


def test_zip_stamp_clamps_and_build_time_reads_the_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert zip_stamp(datetime(1970, 1, 1, tzinfo=UTC)) == ZIP_FIRST
    assert zip_stamp(datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)) == ZIP_LAST
    assert zip_stamp(datetime(2024, 10, 8, 12, 30, 2, tzinfo=UTC)) == (2024, 10, 8, 12, 30, 2)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    doc = cppcc_convert.parse("---\ndate: 2024年10月8日\n---\n\n正文。\n")
    assert build_time(doc, Options()) == datetime(2024, 10, 8, tzinfo=UTC)
    assert build_time(doc, Options(source_date_epoch=0)) == datetime(1970, 1, 1, tzinfo=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert build_time(doc, Options()) == datetime(1970, 1, 2, tzinfo=UTC)


# ------------------------------------------------------------------ titles


@pytest.mark.parametrize(
    ("front", "title"),
    [
        ("title: " + "长" * 700_000, "长" * 20),  # 2 MB
        ("title: 12345\nsubtitle: 3.5\nauthor: 7\nsource: [1, 2]", "12345"),
        ("title: [一, 二]\nauthor: {name: 8, role: 9}", "一"),
        ("title: null\ndate: 2024-10-08", None),
        ("title: true", "True"),
        ("title: " + "标题很长" * 200, "标题很长"),  # longer than a page
        ("title: 2024-10-08", "2024-10-08"),
    ],
)
def test_odd_titles_convert_in_every_format(tmp_path: Path, front: str, title: str | None) -> None:
    _doc(tmp_path, f"---\n{front}\n---\n\n## " + "节" * 3000 + "\n\n正文。\n")
    run = cli("a.md", "--to", FORMATS, "-o", "out", cwd=tmp_path)
    assert_clean(run)
    assert run.code == 0, run.err
    out = tmp_path / "out"
    assert files_under(out) == set(ALL)
    pdf_check((out / "a.pdf").read_bytes(), tmp_path)
    if title is not None:
        assert title.encode() in (out / "a.html").read_bytes()


# ------------------------------------------------------------------ configuration


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('jobs = "4"', "'jobs' must be an integer, not str '4'"),
        ("jobs = 1.5", "'jobs' must be an integer"),
        ("jobs = true", "'jobs' must be an integer"),
        ("jobs = 0", "'jobs' must be at least 1"),
        ('strict = "yes"', "'strict' must be true or false"),
        ("to = 5", "'to' must be a string or a list of strings"),
        ('to = ["docx", 1]', "'to' must be a string or a list of strings"),
        ('max-input-size = "big"', "'max-input-size' must be an integer"),
        ("max-input-size = -1", "'max-input-size' must be at least 1"),
        ("max-images-size = 0", "'max-images-size' must be at least 1"),
        ('docx-font = "x"', "'docx-font' must be a table of strings"),
        ("docx-font = {body = 1}", "'docx-font' must be a table of strings"),
        ("output = 3", "'output' must be a string"),
        ("edition = true", "'edition' must be a string or a list of strings"),
        ('stem = "../x"', "--stem '../x': a plain file name"),
        ('glob = ["../*.md"]', "--glob '../*.md'"),
        ('no-repair = ["nope"]', "unknown repair 'nope'"),
        ('annotations = "gitlab"', "unknown annotations kind 'gitlab'"),
        ("resource-path = [1]", "'resource-path' must be a string or a list of strings"),
        ('encoding = "latin1"', "unknown encoding 'latin1'"),
        ("frob = 1", "unknown key 'frob'"),
        ("follow-symlinks = 1", "'follow-symlinks' must be true or false"),
        ("[tool]\nx = 1", "unknown key 'tool'"),
        ("to = [", "bad configuration"),
        ("manifest = {a = 1}", "'manifest' must be a string"),
    ],
)
def test_configuration_values_of_the_wrong_type(tmp_path: Path, toml: str, message: str) -> None:
    _doc(tmp_path, "# 标题\n\n正文。\n")
    (tmp_path / "cppcc-convert.toml").write_text(toml + "\n", encoding="utf-8")
    run = cli("a.md", "--to", "json", "-o", "out", cwd=tmp_path, one_job=False)
    assert_clean(run)
    assert run.code == 2 and len(run.lines) == 1 and run.shows(message), run.err
    assert files_under(tmp_path / "out") == set()


def test_huge_integers_in_the_configuration(tmp_path: Path) -> None:
    _doc(tmp_path, "# 标题\n\n正文。\n")
    (tmp_path / "cppcc-convert.toml").write_text(
        f"max-input-size = {10**30}\nmax-table-cells = {10**30}\nmax-nesting = {10**6}\n"
    )
    run = cli("a.md", "--to", "json", "-o", "out", cwd=tmp_path)
    assert_clean(run)
    assert run.code == 0 and files_under(tmp_path / "out") == {"a.json"}, run.err


# ------------------------------------------------------------------ encodings

BIG5_SHORT = [
    "政協委員會議討論經濟發展問題並提出建議書",  # the issue's 20 Han characters
    "會議通知",
    "富陽區政協召開常委會議，聽取關於產業發展的報告。",
    "臺灣",
    "謝謝",
]
GBK_SHORT = [
    "政协委员会议讨论经济发展问题并提出建议书",
    "会议通知",
    "富阳区政协召开常委会议，听取关于产业发展的报告。",
    "谢谢",  # valid UTF-8 too ("лл")
    "思路",  # valid UTF-8 too ("˼·")
]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(t, "big5") for t in BIG5_SHORT] + [(t, "gb18030") for t in GBK_SHORT],
)
def test_short_texts_decode_right_or_warn(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    decoded, _, notes = decode(data, "a.txt")
    ambiguous = [n for n in notes if n.code == "encoding-ambiguous"]
    if decoded != text:
        assert ambiguous, (text, decoded)
    for note in ambiguous:  # naming both readings, and what --encoding does
        assert note.level == "warning"
        named = [n for n in ("GB18030", "BIG5", "UTF-8") if n in note.message]
        assert len(named) == 2 and encoding.upper() in named, note.message
        assert f"--encoding {encoding}" in note.message or "--encoding" in note.message


def test_the_issue_big5_paragraph_through_the_cli(tmp_path: Path) -> None:
    text = BIG5_SHORT[0]
    (tmp_path / "a.txt").write_bytes(text.encode("big5") + b"\n")
    run = cli("a.txt", "--to", "json", "-o", "out", cwd=tmp_path)
    assert_clean(run)
    body = (tmp_path / "out" / "a.json").read_text(encoding="utf-8")
    assert text in body or run.shows("[encoding-ambiguous]"), run.err
    forced = cli("a.txt", "--to", "json", "-o", "out2", "--encoding", "big5", cwd=tmp_path)
    assert forced.code == 0 and text in (tmp_path / "out2" / "a.json").read_text("utf-8")
    wrong = cli("a.txt", "--to", "json", "-o", "out3", "--encoding", "utf-8", cwd=tmp_path)
    assert_clean(wrong)
    assert wrong.code == 1 and wrong.shows("a.txt: byte 0: not UTF-8 text"), wrong.err


# ------------------------------------------------------------------ tables


def test_cells_beyond_the_header_are_reported(tmp_path: Path) -> None:
    md = (
        "# 表\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 | 多出 | 更多 |\n| 3 |\n\n"
        "> | 丙 | 丁 |\n> |---|---|\n> | 5 | 6 | 引用多出 |\n\n"
        "- | 戊 |\n  |---|\n  | 7 | 列表多出 |\n"
    )
    _doc(tmp_path, md)
    run = cli("a.md", "--to", "json", "-o", "out", cwd=tmp_path)
    assert_clean(run)
    reported = [line for line in run.lines if "[table-cells]" in line]
    assert len(reported) == 3, run.err
    assert "a.md:5:" in reported[0] and "'多出 | 更多'" in reported[0]
    assert "a.md:10:" in reported[1] and "'引用多出'" in reported[1]
    assert "a.md:14:" in reported[2] and "'列表多出'" in reported[2]


# ------------------------------------------------------------------ EPUBCheck on all of it

MIXED = (
    "# 题\n\n[<https://inner.example>](https://outer.example)\n\n"
    '<a href="https://o.example">外<a href="https://i.example">内</a></a>\n\n'
    "[链](<http://a\\\\b.example/>) <http://a\\b.example/>\n\n"
    '<a href="http://a\\b.example/x">链</a> <a href="http://a b.example/">空格</a>\n\n'
    "[共享](<\\\\\\\\server\\\\share>) [中文域名](http://例子.测试/路径)\n\n"
    "| 甲 |\n|---|\n| 1 | 2 |\n\n## " + "长" * 3000 + "\n\n文。\n"
)
# Three books, so three EPUBCheck runs (each starts a JVM): every case is in one of them.
EPUB_CASES = {
    "mixed": "---\nlang: zh_CN\n---\n" + MIXED,
    "lang-chinese": "---\nlang: 中文\ndate: 2108-01-01\ntitle: 12345\n---\n\n文。\n",
    "lang-odd": "---\nlang: 'zh-hant-tw-x-private-abcdefgh'\ntitle: [一, 二]\n---\n\n文。\n",
}
LANG_WARNED = {
    "lang-number": "---\nlang: 42\n---\n# 题\n\n文。\n",
    "lang-list": "---\nlang: [zh, en]\n---\n# 题\n\n文。\n",
    "lang-script": "---\nlang: '\"><script>'\n---\n# 题\n\n文。\n",
    "lang-chinese": EPUB_CASES["lang-chinese"],
    "lang-odd": EPUB_CASES["lang-odd"],
}


@pytest.fixture(scope="module")
def epub_results(tmp_path_factory: pytest.TempPathFactory):
    from epub_helpers import epubcheck_many

    tmp = tmp_path_factory.mktemp("epub-cases")
    for name, text in EPUB_CASES.items():
        (tmp / f"{name}.md").write_text(text, encoding="utf-8")
    run = cli(".", "--to", "epub", "--edition", "zh-Hans", "-o", "out", cwd=tmp)
    assert_clean(run)
    assert run.code == 0, run.err
    assert not temp_files(tmp / "out")
    books = sorted((tmp / "out").glob("*.epub"))
    assert len(books) == len(EPUB_CASES)
    return run, epubcheck_many(books)


@pytest.mark.slow
def test_every_hostile_epub_passes_epubcheck(epub_results) -> None:
    _, results = epub_results
    failures = {
        path.name: [m["message"] for m in messages if m["severity"] in ("ERROR", "FATAL")]
        for path, messages in results.items()
    }
    assert not {k: v for k, v in failures.items() if v}, failures


@pytest.mark.parametrize("name", sorted(LANG_WARNED))
def test_bad_language_tags_are_warned_about(tmp_path: Path, name: str) -> None:
    _doc(tmp_path, LANG_WARNED[name])
    run = cli("a.md", "--check", cwd=tmp_path)
    assert_clean(run)
    if name == "lang-odd":  # well-formed BCP 47, if odd: kept
        assert not run.shows("[lang]"), run.err
    else:
        assert run.shows("a.md:1: warning: lang") and run.shows("[lang]"), run.err


@pytest.mark.parametrize(
    ("lang", "tag"),
    [("zh_CN", "zh-CN"), ("ZH-hant-tw", "zh-Hant-TW"), ("中文", "zh-CN"), ("", "zh-CN")],
)
def test_lang_is_normalised(lang: str, tag: str) -> None:
    front = f"---\nlang: '{lang}'\n---\n" if lang else ""
    doc = cppcc_convert.parse(front + "# 题\n\n文。\n")
    assert doc.meta.lang == tag
    data = cppcc_convert.render(doc, "epub")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        opf = next(z.read(n) for n in z.namelist() if n.endswith(".opf"))
    assert f"<dc:language>{tag}</dc:language>".encode() in opf
