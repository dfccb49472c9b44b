// Small progressive enhancement for the course pages: focus the error summary after a failed
// submit, show the companion's name field only when asked, and offer a print button.
(function () {
  var summary = document.getElementById("foutmeldingen");
  if (summary) { summary.focus(); }
  var bring = document.getElementById("id_bring_companion");
  var companion = document.getElementById("id_companion_name");
  if (bring && companion) {
    var wrapper = companion.closest(".form-field");
    var sync = function () { wrapper.hidden = !bring.checked; };
    bring.addEventListener("change", sync);
    sync();
  }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
