// The juror's scoring workspace: the live weighted total, the band each value falls in, and
// autosaved drafts, for form[data-score-workspace]. No inline script: the page's CSP forbids it.
//
// Numbers are read the Indonesian way, as the server does for a score (inovasi/formats/numbers.py):
// "85,5" and "85.5" are 85,5; exponent notation ("8E+1") is not a number here either.
// The total is the weighted mean of the criteria, each rescaled to 0–100 (judging/aggregation.py
// `weighted_total`), shown only when every criterion holds a valid value.
// A value between two bands (40,5 between 0–40 and 41–70) belongs to the higher one
// (competitions/anchors.py `band_for`).
// Drafts: every change is kept in localStorage under "inovasi:score-draft:<assignment>:<version>",
// <version> being the scorecard version the page was opened at. A save bumps the version, so the
// next page drops the drafts of older versions (saved already) and never applies them; a draft of
// the current version that differs from the form (typed, then the tab closed or the connection
// lost) is put back with a notice.
(function () {
  "use strict";

  document.querySelectorAll("[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  var form = document.querySelector("form[data-score-workspace]");
  if (!form) { return; }

  function parseScore(text) {
    var t = String(text || "").replace(/[\s\u00a0\u202f]+/g, "");
    if (!/^-?(\d+([.,]\d+)?|[.,]\d+)$/.test(t)) { return null; }
    return parseFloat(t.replace(",", "."));
  }

  function formatId(number, places) {
    return number.toFixed(places).replace(".", ",");
  }

  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[data-weight]"));
  var output = document.getElementById("total-live");
  var hint = document.getElementById("total-hint");

  function markBand(input, value) {
    var list = document.getElementById("anchors-" + input.id.replace(/^f-/, ""));
    if (!list) { return; }
    var items = Array.prototype.slice.call(list.querySelectorAll("[data-min]"));
    var chosen = -1;
    if (value !== null && items.length && value >= parseFloat(items[0].getAttribute("data-min"))) {
      for (var i = 0; i < items.length; i++) {
        if (value <= parseFloat(items[i].getAttribute("data-max"))) { chosen = i; break; }
      }
    }
    items.forEach(function (item, i) {
      item.classList.toggle("anchor-current", i === chosen);
      if (i === chosen) { item.setAttribute("aria-current", "true"); } else { item.removeAttribute("aria-current"); }
    });
  }

  function recompute() {
    var total = 0, weights = 0, filled = 0;
    inputs.forEach(function (input) {
      var value = parseScore(input.value);
      var low = parseFloat(input.getAttribute("data-min")), high = parseFloat(input.getAttribute("data-max"));
      var valid = value !== null && value >= low && value <= high;
      input.classList.toggle("is-warning", input.value.trim() !== "" && !valid);
      markBand(input, valid ? value : null);
      if (!valid) { return; }
      var weight = parseFloat(input.getAttribute("data-weight"));
      total += weight * (value - low) / ((high - low) || 1) * 100;
      weights += weight;
      filled += 1;
    });
    if (!output) { return; }
    if (filled === inputs.length && weights > 0) {
      output.textContent = formatId(total / weights, 2);
      if (hint) { hint.textContent = ""; }
    } else {
      output.textContent = "–";
      if (hint) { hint.textContent = (hint.getAttribute("data-template") || "").replace("%s", filled).replace("%t", inputs.length); }
    }
  }

  form.addEventListener("input", recompute);
  recompute();

  var store;
  try {
    store = window.localStorage;
    store.setItem("inovasi:probe", "1");
    store.removeItem("inovasi:probe");
  } catch (error) {
    return;
  }
  var prefix = "inovasi:score-draft:" + form.getAttribute("data-assignment") + ":";
  var key = prefix + form.getAttribute("data-version");
  var notice = document.getElementById("draft-restored");

  function drafts() {
    var keys = [];
    for (var i = 0; i < store.length; i++) {
      var k = store.key(i);
      if (k && k.indexOf(prefix) === 0) { keys.push(k); }
    }
    return keys;
  }
  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && (el.hasAttribute("data-weight") || el.name === "comment") && !el.disabled;
    });
  }
  function collect() {
    var values = {};
    fields().forEach(function (el) { values[el.name] = el.value; });
    return values;
  }

  // A save bumps the card's version: drafts of other versions were saved (or overtaken) already.
  drafts().forEach(function (k) { if (k !== key) { store.removeItem(k); } });
  if (form.getAttribute("data-editable") !== "true") {
    store.removeItem(key);
    return;
  }
  var kept = store.getItem(key);
  if (kept) {
    try {
      var values = JSON.parse(kept), changed = false;
      fields().forEach(function (el) {
        if (Object.prototype.hasOwnProperty.call(values, el.name) && values[el.name] !== el.value) {
          el.value = values[el.name];
          changed = true;
        }
      });
      if (changed && notice) { notice.classList.remove("d-none"); }
      recompute();
    } catch (error) {
      store.removeItem(key);
    }
  }
  form.addEventListener("input", function () {
    try { store.setItem(key, JSON.stringify(collect())); } catch (error) { /* storage full: no draft */ }
  });
})();
