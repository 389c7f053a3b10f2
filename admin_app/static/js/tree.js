/* The organisation tree: children loaded from the server when a node is opened; the search
 * asks the server for the path to the first match and opens it level by level. */
(function () {
  "use strict";
  var tree = document.getElementById("org-tree");
  if (!tree) return;
  var childrenUrl = tree.getAttribute("data-children-url");
  var pathUrl = tree.getAttribute("data-path-url");

  function node(o) {
    var li = document.createElement("li");
    li.setAttribute("role", "treeitem");
    li.setAttribute("data-id", o.id);
    li.setAttribute("data-children", o.children);
    if (o.children) li.setAttribute("aria-expanded", "false");
    var btn = document.createElement("button");
    btn.type = "button"; btn.className = "tree-toggle";
    btn.textContent = o.children ? "▸" : "·";
    btn.setAttribute("aria-label", "展开或收起 " + o.name);
    if (!o.children) btn.disabled = true;
    var a = document.createElement("a");
    a.href = o.url; a.className = "tree-name"; a.textContent = o.name;
    var c = document.createElement("span");
    c.className = "tree-count";
    c.textContent = "代码 " + o.code + " · 本级 " + o.direct + " 人 · 含下级 " + o.total + " 人" +
                    (o.children ? " · 下级组织 " + o.children + " 个" : "");
    var ul = document.createElement("ul");
    ul.setAttribute("role", "group");
    li.append(btn, a, c, ul);
    return li;
  }

  function open(li) {
    var ul = li.querySelector(":scope > ul");
    li.setAttribute("aria-expanded", "true");
    li.querySelector(":scope > .tree-toggle").textContent = "▾";
    if (li.getAttribute("data-loaded")) { ul.hidden = false; return Promise.resolve(); }
    return fetch(childrenUrl + "?id=" + li.getAttribute("data-id"), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (rows) {
        rows.forEach(function (o) { ul.appendChild(node(o)); });
        li.setAttribute("data-loaded", "1"); ul.hidden = false;
      });
  }

  function close(li) {
    li.setAttribute("aria-expanded", "false");
    li.querySelector(":scope > .tree-toggle").textContent = "▸";
    li.querySelector(":scope > ul").hidden = true;
  }

  tree.addEventListener("click", function (e) {
    var btn = e.target.closest(".tree-toggle");
    if (!btn) return;
    var li = btn.parentNode;
    if (li.getAttribute("aria-expanded") === "true") close(li); else open(li);
  });

  var status = document.getElementById("tree-status");
  document.getElementById("tree-search").addEventListener("submit", function () {
    var q = document.getElementById("tree-q").value.trim();
    if (!q) return;
    tree.querySelectorAll(".tree-found").forEach(function (x) { x.classList.remove("tree-found"); });
    fetch(pathUrl + "?q=" + encodeURIComponent(q), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (res) {
        if (!res.found) { status.textContent = "没有找到“" + q + "”"; return; }
        var ids = res.path, i = 0;
        function step() {
          var li = tree.querySelector('li[data-id="' + ids[i] + '"]');
          if (!li) return;
          if (i === ids.length - 1) {
            li.classList.add("tree-found");
            li.scrollIntoView({block: "center"});
            status.textContent = "已找到：" + res.found;
            return;
          }
          open(li).then(function () { i += 1; step(); });
        }
        step();
      });
  });

  open(tree.querySelector("li"));  // the user's own organisation starts open
})();
