// "Salin" buttons: copy the value of the input named by data-copy-target and say so.
document.querySelectorAll("[data-copy-target]").forEach(function (button) {
  button.addEventListener("click", function () {
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    if (!input) { return; }
    input.select();
    var done = function () { button.textContent = button.getAttribute("data-copied") || "Tersalin"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done);
    } else {
      document.execCommand("copy");
      done();
    }
  });
});
