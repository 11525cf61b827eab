"""What an official document (公文) prints around its body, in print order, with the labels
GB/T 9704-2012 gives them (7.2-7.4), written out for the tests (not official_layout's)."""

from __future__ import annotations

from cppcc_convert.model import Official


def official_head(o: Official) -> list[str]:
    """Above the title: 份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人."""
    head = [o.copy_number, o.secret, o.urgency, o.issuer, o.number]
    return [*head, f"签发人：{o.signer}" if o.signer else ""]


def official_to(o: Official) -> list[str]:
    """Under the title: the 主送机关 and a colon."""
    return [f"{o.to}：" if o.to else ""]


def official_tail(o: Official) -> list[str]:
    """After the body: 附件说明, 署名, 成文日期, 附注 and the 版记."""
    names = (
        [f"附件：{o.attachments[0]}"]
        if len(o.attachments) == 1
        else [
            ("附件：" if i == 1 else "") + f"{i}．{name}" for i, name in enumerate(o.attachments, 1)
        ]
    )
    tail = [*names, o.signature, o.date, f"（{o.note}）" if o.note else ""]
    return [
        *tail,
        f"抄送：{o.cc}。" if o.cc else "",
        o.printer,
        f"{o.print_date}印发" if o.print_date else "",
    ]
