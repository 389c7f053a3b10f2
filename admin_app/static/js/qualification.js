/* The delegate qualification form: the change fields only when the status is "changed",
   the termination fields only for a termination. */
(function () {
  var status = document.getElementById('status'), change = document.getElementById('change');
  function sync() {
    document.getElementById('change-fields').style.display = status.value === 'changed' ? '' : 'none';
    document.getElementById('terminate-fields').style.display =
      status.value === 'changed' && change.value === 'terminated' ? '' : 'none';
  }
  status.addEventListener('change', sync); change.addEventListener('change', sync);
  document.getElementById('qualification-form').addEventListener('reset', function () { setTimeout(sync, 0); });
  sync();
})();
