// After a form comes back with errors, move focus to its first invalid field (or, without one, to
// the form's error alert), scrolled into view: the error may be below the fold on a phone, and a
// keyboard or screen-reader user should land on it rather than at the top of the page.
(function () {
  "use strict";

  if (document.activeElement && document.activeElement !== document.body) {
    return; // something already took focus on purpose (autofocus)
  }
  var target = document.querySelector("main [aria-invalid='true'], main .is-invalid");
  if (!target) {
    target = document.querySelector("main form .alert-danger");
    if (target) { target.setAttribute("tabindex", "-1"); }
  }
  if (target) {
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
  }
})();
