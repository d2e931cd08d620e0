// Proposal attachments upload in the background (<form data-async-attachment>), with a progress
// bar, so the section text typed in the same page is never lost by a page load. Without
// JavaScript the form posts normally. The server answers JSON when asked for it.
(function () {
  "use strict";

  function attach(form) {
    var bar = form.querySelector("[data-upload-progress]");
    var progress = bar && bar.querySelector("progress");
    var message = form.querySelector("[data-upload-message]");
    var status = form.parentElement.querySelector("[data-attachment-status]");
    var button = form.querySelector("button[type=submit]");

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable && progress) {
          progress.value = Math.round((100 * e.loaded) / e.total);
        }
      });
      request.addEventListener("load", function () {
        var data = null;
        try {
          data = JSON.parse(request.responseText);
        } catch (err) {
          data = { ok: false, message: form.getAttribute("data-error") };
        }
        if (bar) { bar.hidden = true; }
        button.disabled = false;
        message.textContent = data.message;
        message.className = "col-12 small " + (data.ok ? "text-success" : "text-danger");
        if (data.ok && status) {
          status.textContent = data.saved;
          status.className = "small text-success";
        }
      });
      request.addEventListener("error", function () {
        if (bar) { bar.hidden = true; }
        button.disabled = false;
        message.textContent = form.getAttribute("data-offline");
        message.className = "col-12 small text-danger";
      });
      if (bar) { bar.hidden = false; progress.value = 0; }
      button.disabled = true;
      message.textContent = "";
      request.send(new FormData(form));
    });
  }

  document.querySelectorAll("form[data-async-attachment]").forEach(attach);
})();
