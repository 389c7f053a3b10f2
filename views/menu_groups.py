"""The main menu in a few groups, so that it fits one row at 1366 px.

The views keep their own categories; the menu only shows them as sections of a group.
"""
from __future__ import annotations

# group -> the view categories shown in it, in order; categories not named stay on their own.
GROUPS = {
    "党员": ("党员管理", "流入党员管理", "组织关系与流动", "党员记录", "困难党员管理",
             "党代表管理"),
    "发展党员": ("发展党员",),
    "党组织": ("党组织管理", "党组织扩展信息"),
    "查询统计": ("查询统计",),
    "系统管理": ("系统管理",),
}


def grouped_menu(menu) -> list[dict]:
    """[{"name", "sections": [(category name, [menu items])], "item": a plain entry}]"""
    by_name = {item.name: item for item in menu}
    placed: set[str] = set()
    out = []
    for item in menu:
        if not item.is_category():
            if item.is_visible() and item.is_accessible():
                out.append({"name": item.name, "item": item, "sections": []})
            continue
        group = next((g for g, cats in GROUPS.items() if item.name in cats), None)
        if group is None:
            if item.get_children():  # a category with nothing the user may open is hidden
                out.append({"name": item.name, "item": None,
                            "sections": [(item.name, item.get_children())]})
            continue
        if group in placed:
            continue
        placed.add(group)
        sections = [(c, by_name[c].get_children()) for c in GROUPS[group] if c in by_name]
        sections = [(c, kids) for c, kids in sections if kids]
        if sections:
            out.append({"name": group, "item": None, "sections": sections})
    return out
