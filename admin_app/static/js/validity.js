/* The browser's own form validation messages in Chinese (admin pages, login and portal).
   Each invalid input gets a Chinese text through setCustomValidity; it is cleared as soon as
   the user edits the field, so the browser checks the new value afresh. */
(function () {
  "use strict";
  function label(el) {
    var l = el.id && document.querySelector('label[for="' + el.id + '"]');
    return l ? l.textContent.replace(/[*＊:：\s]+$/g, "").trim() : "";
  }
  // The characters the server refuses (actions/security/hostile.py): said at the field at once.
  var HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
  var HIDDEN_TEXT = "含有控制字符或不可见字符（如零宽字符、文字方向控制符），请删除后重新输入";
  function hidden(el) {
    return typeof el.value === "string" && el.type !== "file" && HIDDEN.test(el.value);
  }
  function message(el) {
    var v = el.validity, name = label(el);
    if (hidden(el)) return (name ? name : "此项") + HIDDEN_TEXT;
    if (v.valueMissing) {
      return el.tagName === "SELECT" || el.type === "radio" || el.type === "checkbox"
        ? "请选择" + (name || "此项") : "请填写" + (name || "此项");
    }
    if (v.patternMismatch) return (name ? name + "格式不正确" : "格式不正确") + (el.title ? "：" + el.title : "");
    if (v.typeMismatch) {
      if (el.type === "email") return "请填写有效的电子邮箱地址";
      if (el.type === "url") return "请填写有效的网址";
      return "格式不正确";
    }
    if (v.tooLong) return "不能超过" + el.maxLength + "个字";
    if (v.tooShort) return "至少" + el.minLength + "个字";
    if (v.rangeUnderflow) return "不能小于" + el.min;
    if (v.rangeOverflow) return "不能大于" + el.max;
    if (v.stepMismatch) return "请填写有效的数值";
    if (v.badInput) return el.type === "date" ? "请填写有效的日期" : "请填写有效的数字";
    return "请检查此项";
  }
  document.addEventListener("invalid", function (e) {
    var el = e.target;
    if (el && el.setCustomValidity) el.setCustomValidity(message(el));
  }, true);
  function reset(e) {
    var el = e.target;
    if (el && el.setCustomValidity) el.setCustomValidity(hidden(el) ? message(el) : "");
  }
  document.addEventListener("input", reset, true);
  document.addEventListener("change", reset, true);
})();
