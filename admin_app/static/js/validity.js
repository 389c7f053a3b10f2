/* The browser's own form validation messages in Chinese (admin pages, login and portal).
   Each invalid input gets a Chinese text through setCustomValidity; it is cleared as soon as
   the user edits the field, so the browser checks the new value afresh. */
(function () {
  "use strict";
  function label(el) {
    var l = el.id && document.querySelector('label[for="' + el.id + '"]');
    return l ? l.textContent.replace(/[*＊:：\s]+$/g, "").trim() : "";
  }
  function message(el) {
    var v = el.validity, name = label(el);
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
    if (el && el.setCustomValidity) el.setCustomValidity("");
  }
  document.addEventListener("input", reset, true);
  document.addEventListener("change", reset, true);
})();
