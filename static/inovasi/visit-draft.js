// Keeps the unsent field-visit report in the browser so a lost connection loses nothing.
//
// The form (form[data-visit-draft]) carries the visit id and the report version it was opened with.
// Every change is written to localStorage under "inovasi:visit-draft:<visit>:<version>". On load:
// - data-saved="true" (the server just confirmed a save): every stored draft of the visit is removed;
// - a draft for this version that differs from the form is put back, with a notice;
// - a draft of an older version (a team member saved in between) is offered, not applied, so the
//   newer report on screen is never overwritten silently.
// Files cannot be kept in localStorage: photos are uploaded with their own form.
// Buttons with data-confirm ask before submitting. No inline script: the page's CSP forbids it.
(function () {
  "use strict";

  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });

  var form = document.querySelector("form[data-visit-draft]");
  var offline = document.getElementById("draft-offline");
  function showOffline() {
    if (offline) { offline.classList.toggle("d-none", navigator.onLine !== false); }
  }
  window.addEventListener("online", showOffline);
  window.addEventListener("offline", showOffline);
  showOffline();
  if (!form) { return; }

  var store;
  try {
    store = window.localStorage;
    store.setItem("inovasi:probe", "1");
    store.removeItem("inovasi:probe");
  } catch (error) {
    return; // private mode or storage disabled: the form still works, without drafts
  }

  var visitId = form.getAttribute("data-visit-id");
  var version = parseInt(form.getAttribute("data-version"), 10);
  var prefix = "inovasi:visit-draft:" + visitId + ":";
  var key = prefix + version;
  var SKIP = { csrfmiddlewaretoken: true, version: true, action: true };

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SKIP[el.name] && el.type !== "file" && el.type !== "submit" && el.type !== "button";
    });
  }

  function collect() {
    var values = {};
    fields().forEach(function (el) {
      if (el.type === "radio") {
        if (!(el.name in values)) { values[el.name] = ""; }
        if (el.checked) { values[el.name] = el.value; }
      } else if (el.type === "checkbox") {
        values[el.name] = el.checked;
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function apply(values) {
    fields().forEach(function (el) {
      if (!(el.name in values)) { return; }
      if (el.type === "radio") {
        el.checked = el.value === values[el.name];
      } else if (el.type === "checkbox") {
        el.checked = Boolean(values[el.name]);
      } else {
        el.value = values[el.name];
      }
    });
  }

  function same(a, b) {
    var names = Object.keys(a).concat(Object.keys(b));
    return names.every(function (name) { return String(a[name]) === String(b[name]); });
  }

  function read(storageKey) {
    try {
      var parsed = JSON.parse(store.getItem(storageKey));
      return parsed && parsed.values ? parsed : null;
    } catch (error) {
      return null;
    }
  }

  function draftKeys() {
    var keys = [];
    for (var i = 0; i < store.length; i += 1) {
      var k = store.key(i);
      if (k && k.indexOf(prefix) === 0) { keys.push(k); }
    }
    return keys;
  }

  function removeAll() {
    draftKeys().forEach(function (k) { store.removeItem(k); });
  }

  function save() {
    try {
      store.setItem(key, JSON.stringify({ savedAt: new Date().toISOString(), values: collect() }));
    } catch (error) {
      // storage full: nothing more we can do here; the server copy is unaffected
    }
  }

  function showNotice(id, savedAt) {
    var notice = document.getElementById(id);
    if (!notice) { return; }
    var when = new Date(savedAt);
    notice.querySelectorAll("[data-draft-time]").forEach(function (span) {
      span.textContent = isNaN(when.getTime()) ? "" : when.toLocaleString(document.documentElement.lang || "id");
    });
    notice.classList.remove("d-none");
  }

  if (form.getAttribute("data-saved") === "true") {
    removeAll();
  } else {
    var current = read(key);
    var older = null;
    var olderKey = null;
    draftKeys().forEach(function (k) {
      var v = parseInt(k.slice(prefix.length), 10);
      if (v < version) {
        var candidate = read(k);
        if (candidate && (!older || candidate.savedAt > older.savedAt)) { older = candidate; olderKey = k; }
      }
    });
    if (current && !same(current.values, collect())) {
      apply(current.values);
      showNotice("draft-restored", current.savedAt);
    } else if (older && !same(older.values, collect())) {
      showNotice("draft-older", older.savedAt);
      var box = document.getElementById("draft-older");
      box.querySelector("[data-draft-action='restore']").addEventListener("click", function () {
        apply(older.values);
        save();
        store.removeItem(olderKey);
        box.classList.add("d-none");
      });
      box.querySelector("[data-draft-action='discard']").addEventListener("click", function () {
        store.removeItem(olderKey);
        box.classList.add("d-none");
      });
    }
  }

  form.addEventListener("input", save);
  form.addEventListener("change", save);
  form.addEventListener("submit", save);
})();
