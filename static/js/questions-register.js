/* Registration screen: nothing lost when the connection drops (progressive enhancement;
   without JavaScript the form posts as usual). A registration that cannot be sent is kept
   in this browser (localStorage) with its own id and sent again when the connection is
   back; the server counts an id once, so a resend never counts twice. No third-party code. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-offline-queue]");
  if (!form || !window.fetch || !window.FormData || !window.localStorage) { return; }
  var status = document.querySelector("[data-offline-status]");
  var KEY = "ido-vraagregistratie-wachtrij";

  function say(text) { if (status) { status.textContent = text; } }

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }

  function store(queue) {
    try { localStorage.setItem(KEY, JSON.stringify(queue)); } catch (e) { /* full or blocked */ }
  }

  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function entries(formData) {
    var list = [];
    formData.forEach(function (value, name) { list.push([name, String(value)]); });
    return list;
  }

  function post(url, list) {
    var body = new FormData();
    list.forEach(function (pair) { body.append(pair[0], pair[1]); });
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    });
  }

  function showWaiting() {
    var waiting = load().length;
    if (waiting) { say(form.dataset.msgWaiting + " " + waiting); }
  }

  var flushing = false;
  function flush() {
    var queue = load();
    if (!queue.length || flushing || navigator.onLine === false) { return; }
    flushing = true;
    var item = queue[0];
    post(item.url, item.data).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (response.status >= 500 || response.status === 429) { throw new Error("retry later"); }
        store(load().filter(function (other) { return other.id !== item.id; }));
        if (!response.ok) {
          say(form.dataset.msgRefused + " " + ((answer.errors || []).join(" ")));
        } else if (!load().length) {
          say(form.dataset.msgSent);
        }
        flushing = false;
        flush();
      });
    }).catch(function () {
      flushing = false;
      showWaiting();
    });
  }

  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.value !== "registreren") { return; }  // add/remove a question
    event.preventDefault();
    var data = new FormData(form);
    data.set("knop", "registreren");
    var list = entries(data);
    var idField = form.querySelector("input[name='client_id']");
    var id = idField ? idField.value : newId();
    post(window.location.pathname, list).then(function (response) {
      if (response.ok) {
        try { sessionStorage.setItem(KEY + "-klaar", "1"); } catch (e) { /* blocked */ }
        window.location.assign(window.location.pathname);
      } else if (response.status === 400) {
        form.submit();  // let the server show its messages next to the fields
      } else {
        return response.json().then(function (answer) { say((answer.errors || []).join(" ")); });
      }
    }).catch(function () {
      var queue = load();
      queue.push({ id: id, url: window.location.pathname, data: list });
      store(queue);
      say(form.dataset.msgQueued);
      form.reset();
      if (idField) { idField.value = newId(); }
    });
  });

  window.addEventListener("online", flush);
  try {
    if (sessionStorage.getItem(KEY + "-klaar")) {
      sessionStorage.removeItem(KEY + "-klaar");
      say(form.dataset.msgDone);
    }
  } catch (e) { /* blocked */ }
  showWaiting();
  flush();
}());
