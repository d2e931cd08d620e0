// A warning before leaving a page with unsaved changes. Any <form data-unsaved-warning>: once a
// field changes, leaving the page (link, reload, closing the tab) asks first; submitting the
// form itself does not. Forms that save in the background call
// window.InovasiUnsaved.saved(form) when their data is safe.
(function () {
  "use strict";

  var dirty = new Set();

  function watch(form) {
    form.addEventListener("input", function () { dirty.add(form); });
    form.addEventListener("change", function () { dirty.add(form); });
    form.addEventListener("submit", function () { dirty.delete(form); });
  }

  window.addEventListener("beforeunload", function (event) {
    if (dirty.size) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  window.InovasiUnsaved = {
    saved: function (form) { dirty.delete(form); },
    isDirty: function () { return dirty.size > 0; },
  };
  document.querySelectorAll("form[data-unsaved-warning]").forEach(watch);
})();
