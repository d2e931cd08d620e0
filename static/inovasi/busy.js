// Progress for long steps that run in one request (closing a stage, computing the index, automatic
// assignment, generating certificates). Any <form data-busy="Menutup tahap…">: on submit its
// buttons are disabled (no second click starts the step twice) and an indeterminate progress bar
// with the form's message appears under it, announced to screen readers. Both texts come from the
// template (translated there): data-busy="Menutup tahap…" and, optionally,
// data-busy-note="Biasanya selesai dalam ± 3 detik; jangan tutup halaman ini.". Without
// JavaScript the form simply submits.
(function () {
  "use strict";

  function busy(form) {
    if (form.dataset.busyStarted) { return; }
    form.dataset.busyStarted = "1";
    form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
      // After the browser has taken the submitter's name/value.
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
    var box = document.createElement("div");
    box.className = "busy-progress mt-2";
    box.setAttribute("role", "status");
    box.setAttribute("aria-live", "polite");
    var label = document.createElement("span");
    label.className = "small";
    label.textContent = form.dataset.busy + (form.dataset.busyNote ? " " + form.dataset.busyNote : "");
    var bar = document.createElement("progress");
    bar.className = "w-100 d-block";
    bar.setAttribute("aria-label", form.dataset.busy);
    box.appendChild(label);
    box.appendChild(bar);
    form.appendChild(box);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-busy") && !event.defaultPrevented) {
      busy(form);
    }
  });
})();
