// 信息查询: in 辖区 mode the organisation picker does not apply, so it is disabled and cleared.
(function () {
  var form = document.getElementById("query-form");
  if (!form) { return; }
  var org = document.getElementById("org_code");
  function sync() {
    var all = form.querySelector('input[name="mode"][value="all"]').checked;
    org.disabled = all;
    if (all) { org.value = ""; }
  }
  Array.prototype.forEach.call(form.querySelectorAll('input[name="mode"]'), function (r) {
    r.addEventListener("change", sync);
  });
  sync();
})();
