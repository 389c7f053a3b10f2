/* Page behaviour bound by event delegation on data- attributes, so that no page needs an
   inline event handler (onclick=, onsubmit=, href="javascript:…"): the Content-Security-Policy
   allows scripts from this server and nonce-carrying <script> blocks only.

     data-confirm="…"         on a button or link: ask first, do nothing unless confirmed;
                              on a <form>: ask before it is submitted
     data-print               print the page
     data-history-back        go back one page
     data-refresh-src         reload the image (the captcha) with a fresh query string
     data-model-action="x"    Flask-Admin's "with selected" action x (modelActions.execute)
     data-require-checked=".sel" data-require-message="…"
                              refuse the click while no checkbox matching .sel is checked
     data-check-all=".sel"    a checkbox that checks or unchecks every .sel
     data-no-submit           a form that is never submitted (it filters in place)
   Links to "#" and Flask-Admin's href="javascript:void(0)" never navigate. */
(function () {
  "use strict";

  function closest(el, selector) {
    return el && el.closest ? el.closest(selector) : null;
  }

  // Capture phase: runs before Bootstrap's and Flask-Admin's own handlers.
  document.addEventListener("click", function (e) {
    var a = closest(e.target, 'a[href="#"], a[href^="javascript:"]');
    if (a) e.preventDefault();
  }, true);

  document.addEventListener("click", function (e) {
    var el = closest(e.target, "[data-require-checked]");
    if (el && !document.querySelector(el.getAttribute("data-require-checked") + ":checked")) {
      e.preventDefault();
      e.stopImmediatePropagation();
      window.alert(el.getAttribute("data-require-message") || "请先勾选");
      return;
    }
    el = closest(e.target, "button[data-confirm], a[data-confirm], input[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      e.preventDefault();
      e.stopImmediatePropagation();
      return;
    }
    el = closest(e.target, "[data-model-action]");
    if (el) {
      e.preventDefault();
      if (window.modelActions) window.modelActions.execute(el.getAttribute("data-model-action"));
      return;
    }
    if (closest(e.target, "[data-print]")) {
      e.preventDefault();
      window.print();
      return;
    }
    if (closest(e.target, "[data-history-back]")) {
      e.preventDefault();
      window.history.back();
      return;
    }
    el = closest(e.target, "img[data-refresh-src]");
    if (el) el.src = el.getAttribute("data-refresh-src") + "?" + Date.now();
  });

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.hasAttribute("data-no-submit")) {
      e.preventDefault();
      return;
    }
    if (form.hasAttribute("data-confirm") && !window.confirm(form.getAttribute("data-confirm"))) {
      e.preventDefault();
    }
  });

  document.addEventListener("change", function (e) {
    var box = closest(e.target, "input[data-check-all]");
    if (!box) return;
    document.querySelectorAll(box.getAttribute("data-check-all")).forEach(function (c) {
      c.checked = box.checked;
    });
  });
})();
