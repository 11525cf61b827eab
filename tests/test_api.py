"""The public API (issue 15): what ``dir()`` and ``help()`` show, ``render`` in memory, the
exception hierarchy with its enum kinds, and the command line's spellings and defaults in
``convert`` (one path or many, ``"all"``, ``"zh-tw"``, ``"docx,pdf"``)."""

from __future__ import annotations

import inspect
import pickle
import pydoc
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cppcc_convert
from cppcc_convert import (
    ConvertError,
    ErrorKind,
    ExitCode,
    InputError,
    InternalError,
    Options,
    OutputError,
    StrictError,
    UsageError,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "fuyang-cppcc.md"
WARN = "# 标题\n\n正文<script>x()</script>。\n"


# ------------------------------------------------------------------ discoverable


def test_dir_is_the_public_api() -> None:
    assert dir(cppcc_convert) == sorted(cppcc_convert.__all__)
    for name in cppcc_convert.__all__:
        assert getattr(cppcc_convert, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        cppcc_convert.nothing  # noqa: B018


def test_help_lists_every_public_function_and_class() -> None:
    text = pydoc.render_doc(cppcc_convert, renderer=pydoc.plaintext)
    for name in ("parse", "load", "render", "render_file", "convert"):
        assert re.search(rf"^    {name}\(", text, re.M), name
        assert inspect.getdoc(getattr(cppcc_convert, name))
    for name in ("Document", "Options", "ConvertResult", "ConvertError", "StrictError"):
        assert re.search(rf"^    class {name}\b", text, re.M), name


def test_render_has_the_documented_signature() -> None:
    sig = inspect.signature(cppcc_convert.render)
    assert list(sig.parameters) == ["doc", "format", "edition", "options", "base_dir"]
    kinds = {n: p.kind for n, p in sig.parameters.items()}
    assert kinds["format"] is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert {kinds[n] for n in ("edition", "options", "base_dir")} == {
        inspect.Parameter.KEYWORD_ONLY
    }
    assert sig.parameters["edition"].default == "zh-Hans"
    assert sig.return_annotation in (bytes, "bytes")


def test_importing_loads_no_heavy_library() -> None:
    code = (
        "import sys, cppcc_convert\n"
        "cppcc_convert.parse('# 标题\\n\\n正文。')\n"
        "heavy = {'docx', 'reportlab', 'ebooklib', 'opencc', 'lxml'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ------------------------------------------------------------------ in memory


def test_render_text_in_bytes_out() -> None:
    doc = cppcc_convert.parse("# 标题\n\n正文,第一段。\n")
    assert cppcc_convert.render(doc, "pdf", edition="zh-TW").startswith(b"%PDF")
    assert cppcc_convert.render(doc, "docx").startswith(b"PK")
    html = cppcc_convert.render(doc, "HTML", edition="zh-hk").decode()
    assert 'lang="zh-HK"' in html and "標題" in html
    assert cppcc_convert.render(doc, "html") == cppcc_convert.render(doc, "html")


def test_render_refuses_unknown_names_with_the_cli_message() -> None:
    doc = cppcc_convert.parse("# 标题\n\n正文。\n")
    with pytest.raises(UsageError, match=r"unknown format 'doc' \(choose from: json, docx"):
        cppcc_convert.render(doc, "doc")
    with pytest.raises(UsageError, match="unknown edition 'zh-XX'"):
        cppcc_convert.render(doc, "html", edition="zh-XX")


def test_strict_error_is_raised_and_carries_its_kind() -> None:
    doc = cppcc_convert.parse(WARN)
    cppcc_convert.render(doc, "html")  # not strict: fine
    with pytest.raises(StrictError) as info:
        cppcc_convert.render(doc, "html", options=Options(strict=True))
    assert info.value.kind is ErrorKind.STRICT and info.value.line == 3


def test_options_names_are_case_insensitive_and_checked() -> None:
    doc = cppcc_convert.parse(
        "# 标题\n\n正文。\n", options=Options(genre="NEWS", disabled_repairs=frozenset({"BYLINE"}))
    )
    assert doc.meta.title == "标题"
    assert cppcc_convert.render(doc, "pdf", options=Options(page_size="a5")).startswith(b"%PDF")
    assert cppcc_convert.render(doc, "wechat", options=Options(wechat_theme="BLUE")) == (
        cppcc_convert.render(doc, "wechat", options=Options(wechat_theme="blue"))
    )
    with pytest.raises(UsageError, match="unknown WeChat theme 'green'"):
        cppcc_convert.render(doc, "wechat", options=Options(wechat_theme="green"))
    with pytest.raises(UsageError, match=r"unknown page size 'B5' \(choose from: A4, A5, Letter\)"):
        cppcc_convert.render(doc, "pdf", options=Options(page_size="B5"))
    with pytest.raises(UsageError, match="unknown repair 'nothing'"):
        cppcc_convert.parse("正文", options=Options(disabled_repairs=frozenset({"nothing"})))
    with pytest.raises(UsageError, match="unknown input format"):
        cppcc_convert.parse("正文", input_format="rst")


# ------------------------------------------------------------------ errors


def test_the_exception_hierarchy() -> None:
    expected = {
        InputError: ErrorKind.INPUT,
        UsageError: ErrorKind.USAGE,
        StrictError: ErrorKind.STRICT,
        OutputError: ErrorKind.OUTPUT,
        InternalError: ErrorKind.INTERNAL,
    }
    for cls, kind in expected.items():
        assert issubclass(cls, ConvertError) and issubclass(cls, Exception)
        error = cls("went wrong", file="a.md", line=3)
        assert error.kind is kind and isinstance(error.kind, ErrorKind)
        assert str(error) == "a.md:3: went wrong"
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is cls and again.line == 3 and again.file == "a.md"
    assert {k.exit_code for k in ErrorKind} == set(ExitCode) - {ExitCode.OK}


def test_a_bad_document_raises_input_error() -> None:
    with pytest.raises(InputError, match="empty document"):
        cppcc_convert.parse("   \n\n")
    with pytest.raises(InputError, match="no such file"):
        cppcc_convert.load("missing.md")


def test_reading_leaves_the_garbage_collector_as_it_was() -> None:
    # parse_text pauses the cyclic collector while it reads, in every thread's reads at once
    import gc
    import threading

    assert gc.isenabled()
    cppcc_convert.parse("# 标题\n\n正文,第二句。\n")
    assert gc.isenabled()
    with pytest.raises(InputError):
        cppcc_convert.parse("   \n\n")
    assert gc.isenabled()
    seen: list[bool] = []
    inside = threading.Barrier(2)

    def read(text: str) -> None:
        import cppcc_convert.pipeline as pipeline

        with pipeline.collector_paused():
            inside.wait()  # both reads under way at once
            seen.append(gc.isenabled())
            cppcc_convert.parse(text)
            inside.wait()  # neither has ended yet
            seen.append(gc.isenabled())

    threads = [threading.Thread(target=read, args=(f"# 题{n}\n\n段。\n",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [False] * 4 and gc.isenabled()
    gc.disable()
    try:
        cppcc_convert.parse("# 标题\n\n正文。\n")
        assert not gc.isenabled()  # off before: still off
    finally:
        gc.enable()


# ------------------------------------------------------------------ convert


def test_convert_takes_one_path_and_the_cli_spellings(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "a.md")
    result = cppcc_convert.convert(
        str(tmp_path / "a.md"), outdir=tmp_path / "o", formats="JSON,html", editions="all"
    )
    assert result.ok and result.exit_code == 0
    names = sorted(o.path.name for o in result.outputs)
    assert names == sorted(
        f"a{'' if e == 'zh-Hans' else '.' + e}.{f}"
        for f in ("json", "html")
        for e in ("zh-Hans", "zh-Hant", "zh-TW", "zh-HK")
    )
    one = cppcc_convert.convert(tmp_path / "a.md", outdir=tmp_path / "p", formats=["json"],
                                editions=["zh-tw"])  # fmt: skip
    assert [o.path.name for o in one.outputs] == ["a.zh-TW.json"]


def test_an_empty_folder_among_the_inputs_is_a_note_not_the_end(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "a.md")
    (tmp_path / "empty").mkdir()
    result = cppcc_convert.convert(
        [tmp_path / "empty", tmp_path / "a.md"], outdir=tmp_path / "o", formats="json"
    )
    assert result.ok and result.exit_code == 0
    assert [o.path.name for o in result.outputs] == ["a.json"]
    assert [(d.code, str(d.level)) for d in result.notes] == [("input-empty", "warning")]
    assert "no documents matching" in result.notes[0].message


def test_convert_has_the_cli_defaults(tmp_path: Path) -> None:
    from cppcc_convert.cli.config import Config
    from cppcc_convert.cli.parser import build_parser
    from cppcc_convert.cli.settings import resolve

    settings, options = resolve(build_parser().parse_args(["a.md"]), Config(None, {}))
    sig = inspect.signature(cppcc_convert.convert).parameters
    assert tuple(sig["formats"].default) == settings.formats == cppcc_convert.DEFAULT_FORMATS
    assert tuple(sig["editions"].default) == settings.editions == cppcc_convert.DEFAULT_EDITIONS
    assert tuple(sig["globs"].default) == ("*.md", "*.markdown", "*.txt")
    assert options == cppcc_convert.api.checked_options(None)
    shutil.copy(SAMPLE, tmp_path / "a.md")
    result = cppcc_convert.convert(tmp_path / "a.md", outdir=tmp_path / "o")
    assert sorted(o.format for o in result.outputs) == ["docx", "epub", "html", "pdf"]


def test_convert_reports_failures_per_document_with_kinds(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "a.md")
    (tmp_path / "warn.md").write_text(WARN, encoding="utf-8")
    result = cppcc_convert.convert(
        [tmp_path / "a.md", tmp_path / "warn.md", tmp_path / "missing.md"],
        outdir=tmp_path / "o",
        formats="json",
        options=Options(strict=True),
    )
    assert [r.kind for r in result.inputs] == [None, ErrorKind.STRICT, ErrorKind.INPUT]
    assert result.exit_code == ExitCode.INPUT
    assert [o.path.name for o in result.outputs] == ["a.json"]


def test_convert_refuses_bad_arguments_before_writing(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "a.md")
    with pytest.raises(UsageError, match="unknown format 'doc'"):
        cppcc_convert.convert(tmp_path / "a.md", outdir=tmp_path / "o", formats="json,doc")
    with pytest.raises(UsageError, match="jobs must be at least 1"):
        cppcc_convert.convert(tmp_path / "a.md", outdir=tmp_path / "o", jobs=0)
    with pytest.raises(UsageError, match="no input given"):
        cppcc_convert.convert([], outdir=tmp_path / "o")
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        cppcc_convert.convert(tmp_path / "a.md", outdir=tmp_path / "file" / "o", formats="json")
    assert not (tmp_path / "o").exists()


def test_on_result_hears_of_each_document_as_it_is_written(tmp_path: Path) -> None:
    for name in ("a", "b"):
        shutil.copy(SAMPLE, tmp_path / f"{name}.md")
    heard: list[tuple[str, bool]] = []

    def on_result(r: cppcc_convert.InputResult) -> None:
        heard.append((Path(r.source).name, all(o.path.exists() for o in r.outputs)))

    cppcc_convert.convert(tmp_path, outdir=tmp_path / "o", formats="json", on_result=on_result)
    assert heard == [("a.md", True), ("b.md", True)]


# ------------------------------------------------------------------ the docs run


def _python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("doc", ["README.md", "docs/api.md"])
def test_the_python_examples_in_the_docs_run(
    doc: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocks = _python_blocks(ROOT / doc)
    assert blocks
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        if block.lstrip().startswith("import cppcc_convert\nhelp("):
            continue  # help() would page
        exec(compile(block, f"{doc} example", "exec"), {})
