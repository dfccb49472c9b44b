// Progressive enhancement for the application form: after a refused save, move focus to the
// error summary, so a screen reader reads it and its links lead to the fields.
(function () {
  var summary = document.getElementById("foutmeldingen");
  if (summary) { summary.focus(); }
})();
