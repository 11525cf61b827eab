"""Texts for the ``publish`` and ``novel`` sections: 100 different articles and a long novel.

Taken from ``tests/corpus/`` when that folder has them (100 ``*.md`` files; a ``*.txt`` of at
least 500,000 characters), else generated here from the sample with a fixed seed, so every
run converts the same bytes.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from _common import ROOT, SAMPLE

SEED = 20250101
ARTICLES = 100
NOVEL_CHARS = 500_000
CORPUS = ROOT / "tests" / "corpus"

_NAMES = (
    "吴璇", "李响", "王晓燕", "陈思远", "周敏", "郑浩", "孙丽华", "赵一鸣", "钱晨",
    "何静", "许文博", "蒋雯", "沈立", "韩雪", "杨帆", "朱清", "秦悦", "尤佳",
)  # fmt: skip
_DIGITS = "零一二三四五六七八九"


# ---------------------------------------------------------------------- the sample, in parts


def _sample_parts(text: str) -> tuple[list[str], list[tuple[str, list[str]]], list[str]]:
    """(lead paragraphs, [(heading, paragraphs)], captions) of the sample, by blank lines."""
    groups = [g.strip() for g in re.split(r"\n\s*\n", text) if g.strip()]
    lead: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    captions: list[str] = []
    for group in groups:
        if group.startswith("# "):
            continue
        if group.startswith("## "):
            sections.append((group[3:].strip(), []))
            continue
        if len(group) <= 60 and not re.search(r"[。！？”,，]$", group):
            if group.startswith("记者"):
                continue
            captions.append(group)
            continue
        (sections[-1][1] if sections else lead).append(group.replace("\n", ""))
    return lead, sections, captions


def sentences(text: str | None = None) -> list[str]:
    """The sample's body sentences (each ends with 。！？, a closing quote kept with it)."""
    text = text if text is not None else SAMPLE.read_text(encoding="utf-8")
    lead, sections, _ = _sample_parts(text)
    body = "".join(lead + [p for _, paras in sections for p in paras])
    body = body.replace(",", "，").replace(";", "；")
    found = re.findall(r"[^。！？]+[。！？][”’」]?", body)
    return [s for s in found if len(s) >= 6 and _balanced(s)]


def _balanced(text: str) -> bool:
    """Every “‘《（ closed in the same sentence (so sentences mix into sound paragraphs)."""
    return all(text.count(o) == text.count(c) for o, c in ("“”", "‘’", "《》", "（）"))


def _clauses(text: str) -> list[str]:
    return [c for c in re.split(r"[，,。；;、！？“”‘’《》]", text) if 4 <= len(c) <= 14]


# ---------------------------------------------------------------------- 100 articles


def article(n: int, text: str | None = None, salt: int = 0) -> str:
    """Article ``n`` (1-based): the sample's sections and paragraphs picked, shuffled and
    trimmed, a headline made of two clauses, a byline; 0.5–4.5 k characters. ``salt`` draws
    another one (when a headline repeats)."""
    text = text if text is not None else SAMPLE.read_text(encoding="utf-8")
    rng = random.Random(f"{SEED}-article-{n}-{salt}")
    lead, sections, captions = _sample_parts(text)
    heads = [c for h, _ in sections for c in re.split(r"[，,]", h) if c]
    clauses = _clauses("".join(lead + [p for _, ps in sections for p in ps]))
    title = f"{rng.choice(heads)} {rng.choice(clauses)}"
    out = [f"# {title}", "", f"记者 {rng.choice(_NAMES)}", ""]
    for para in rng.sample(lead, k=rng.randint(1, len(lead))) if lead else []:
        out += [para, ""]
    picked = rng.sample(sections, k=rng.randint(1, len(sections)))
    if rng.random() < 0.5:
        picked.append(rng.choice(sections))
    for heading, paras in picked:
        parts = re.split(r"[，,]", heading)
        rng.shuffle(parts)
        out += [f"## {'，'.join(parts)}", ""]
        keep = rng.sample(paras, k=max(1, round(len(paras) * rng.uniform(0.4, 1.0))))
        for para in keep:
            if rng.random() < 0.3:  # a paragraph with its sentences in another order
                parts = re.findall(r"[^。！？]+[。！？][”’」]?", para) or [para]
                rng.shuffle(parts)
                para = "".join(parts)
            out += [para, ""]
        if captions and rng.random() < 0.5:
            out += ["", rng.choice(captions), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def articles(sample: str | None = None) -> dict[str, str]:
    """file name -> text of the generated articles, each with its own headline."""
    out: dict[str, str] = {}
    titles: set[str] = set()
    for n in range(1, ARTICLES + 1):
        salt = 0
        while (text := article(n, sample, salt)).split("\n", 1)[0] in titles:
            salt += 1
        titles.add(text.split("\n", 1)[0])
        out[f"article{n:03d}.md"] = text
    return out


def publish_inputs(folder: Path) -> tuple[Path, str]:
    """A folder with the 100 articles; (folder, where they came from)."""
    corpus = sorted(CORPUS.glob("*.md")) if CORPUS.is_dir() else []
    if len(corpus) >= ARTICLES:
        source = f"the first {ARTICLES} of tests/corpus/*.md"
        files = {p.name: p.read_text(encoding="utf-8") for p in corpus[:ARTICLES]}
    else:
        source = f"{ARTICLES} articles generated from the sample (seed {SEED})"
        sample = SAMPLE.read_text(encoding="utf-8")
        files = articles(sample)
    if not folder.exists():
        folder.mkdir(parents=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
    return folder, source


# ---------------------------------------------------------------------- the novel


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 120 -> 一百二十 (up to 999)."""
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (_DIGITS[ones] if ones else "")


def novel(min_chars: int = NOVEL_CHARS, text: str | None = None) -> str:
    """A plain-text novel: a title line, then chapters ``第N回　clause　clause`` of paragraphs
    (3–9 of the sample's sentences each, indented with two ideographic spaces, a blank line
    between), until it has ``min_chars`` characters."""
    rng = random.Random(f"{SEED}-novel")
    pool = sentences(text)
    clauses = _clauses("".join(pool))
    out = ["富春山居新记", ""]
    size, chapter = 0, 0
    while size < min_chars:
        chapter += 1
        name = "\u3000".join((rng.choice(clauses), rng.choice(clauses)))
        head = f"第{chinese_number(chapter)}回\u3000{name}"
        lines = [head, ""]
        for _ in range(rng.randint(12, 24)):
            para = "".join(rng.choice(pool) for _ in range(rng.randint(3, 9)))
            lines += ["\u3000\u3000" + para, ""]
        out += lines
        size += sum(len(line) for line in lines)
    return "\n".join(out)


def novel_input(path: Path) -> tuple[Path, str]:
    """The novel at ``path`` (written once); (path, where it came from)."""
    corpus = (
        [p for p in CORPUS.glob("*.txt") if len(p.read_text(encoding="utf-8")) >= NOVEL_CHARS]
        if CORPUS.is_dir()
        else []
    )
    if corpus:
        best = max(corpus, key=lambda p: p.stat().st_size)
        text, source = best.read_text(encoding="utf-8"), f"tests/corpus/{best.name}"
    else:
        text = novel()
        source = f"generated from the sample's sentences (seed {SEED})"
    if not path.exists():
        path.write_text(text, encoding="utf-8")
    return path, f"{source}, {len(text):,} characters"
