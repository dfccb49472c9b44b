/* Autosave for the audit scoring form (progressive enhancement: without JavaScript the
   "Concept opslaan" button does the same). Posts the answers, never the photo. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector("[data-autosave-status]");
  var timer = null;

  function say(text) { if (status) { status.textContent = text; } }

  function save() {
    var data = new FormData(form);
    data.delete("photo");
    fetch(window.location.pathname, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-Autosave": "1" }
    }).then(function (response) {
      if (response.ok) {
        var now = new Date();
        say("Concept automatisch opgeslagen om " + now.toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit" }) + ".");
      } else {
        say("Automatisch opslaan lukte niet. Gebruik de knop Concept opslaan.");
      }
    }).catch(function () {
      say("Geen verbinding: uw antwoorden zijn nog niet opgeslagen. Gebruik de knop Concept opslaan als er weer verbinding is.");
    });
  }

  function schedule(event) {
    if (event.target && event.target.type === "file") { return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1200);
  }

  form.addEventListener("change", schedule);
  form.addEventListener("input", schedule);
}());
