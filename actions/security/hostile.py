"""Characters that never belong in what a user types: found and removed in one place.

- C0 control characters (NUL … 0x1F except tab, line feed, carriage return) and DEL: NUL is
  refused by PostgreSQL and the others corrupt exports;
- lone surrogates (cannot be encoded as UTF-8);
- bidirectional overrides/isolates and zero-width characters: invisible, they make a name or a
  phone number look different from what is stored ("Trojan source" spoofing).
"""
from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")
INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff]")
ANY = re.compile(CONTROL.pattern[:-1] + SURROGATE.pattern[1:-1] + INVISIBLE.pattern[1:])

REFUSED_QUERY = "请求参数含有不允许的控制字符，请检查输入后重试"
REFUSED_FIELD = "含有控制字符或不可见字符（如零宽字符、文字方向控制符），请删除后重新输入"
REFUSED_FORM = ("提交的内容含有控制字符或不可见字符（如零宽字符、文字方向控制符），未作任何修改，"
                "请返回删除后重新提交")


def is_clean(text: str) -> bool:
    return ANY.search(text) is None


def has_control(text: str) -> bool:
    """NUL, other C0 characters or lone surrogates: refused in query parameters."""
    return CONTROL.search(text) is not None or SURROGATE.search(text) is not None


def clean(text: str) -> str:
    """The text without any of these characters."""
    return ANY.sub("", text)
