// Keeps a panel juror's unsent presentation scores in the browser, so a dropped connection in the
// presentation room loses nothing (the same idea as visit-draft.js).
//
// The form (form[data-panel-draft]) carries the assignment id and the card version it was opened
// with. Every change is written to localStorage under "inovasi:panel-draft:<assignment>:<version>".
// On load, data-saved="true" (the server just confirmed a save) removes the drafts of the
// assignment; otherwise a draft of this version that differs from the form is put back, with a
// notice. While the browser is offline a banner says so and the send button waits.
// No inline script: the page's CSP forbids it.
(function () {
  "use strict";

  var form = document.querySelector("form[data-panel-draft]");
  if (!form) { return; }
  var offline = document.getElementById("draft-offline");
  var buttons = form.querySelectorAll("button[type=submit]");
  function showOffline() {
    var down = navigator.onLine === false;
    if (offline) { offline.classList.toggle("d-none", !down); }
    buttons.forEach(function (b) { b.disabled = down || form.hasAttribute("data-locked"); });
  }
  window.addEventListener("online", showOffline);
  window.addEventListener("offline", showOffline);
  showOffline();

  var store;
  try {
    store = window.localStorage;
    store.setItem("inovasi:probe", "1");
    store.removeItem("inovasi:probe");
  } catch (error) {
    return; // private mode or storage disabled: the form still works, without drafts
  }
  var prefix = "inovasi:panel-draft:" + form.getAttribute("data-assignment") + ":";
  var key = prefix + form.getAttribute("data-version");
  var SKIP = { csrfmiddlewaretoken: true, version: true, action: true };

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SKIP[el.name] && el.type !== "submit" && el.type !== "button" && el.type !== "checkbox";
    });
  }
  function collect() {
    var values = {};
    fields().forEach(function (el) { values[el.name] = el.value; });
    return values;
  }
  function removeAll() {
    var keys = [];
    for (var i = 0; i < store.length; i += 1) {
      var k = store.key(i);
      if (k && k.indexOf(prefix) === 0) { keys.push(k); }
    }
    keys.forEach(function (k) { store.removeItem(k); });
  }
  function save() {
    try {
      store.setItem(key, JSON.stringify({ savedAt: new Date().toISOString(), values: collect() }));
    } catch (error) {
      // storage full: the server copy is unaffected
    }
  }

  if (form.getAttribute("data-saved") === "true") {
    removeAll();
  } else {
    var draft = null;
    try { draft = JSON.parse(store.getItem(key)); } catch (error) { draft = null; }
    if (draft && draft.values) {
      var now = collect();
      var differs = Object.keys(draft.values).some(function (n) { return String(draft.values[n]) !== String(now[n]); });
      if (differs) {
        fields().forEach(function (el) { if (el.name in draft.values) { el.value = draft.values[el.name]; } });
        var notice = document.getElementById("draft-restored");
        if (notice) { notice.classList.remove("d-none"); }
      }
    }
  }
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  form.addEventListener("submit", save);
})();
