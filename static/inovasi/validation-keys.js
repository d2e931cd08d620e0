// Keyboard shortcuts of the index validation desk (documented on the pages themselves).
// Review page: t accept, s adjust, x reject (then 1–6 picks a listed reason), n/p next/previous.
// Queue page: j/k move between rows, x ticks the row, Enter opens it, b accepts the ticked claims.
(function () {
  "use strict";
  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  function go(id) {
    var link = document.getElementById(id);
    if (link) { window.location.assign(link.href); }
  }
  var review = document.getElementById("tinjau-klaim");
  var queue = document.getElementById("antrean-klaim");
  var rows = queue ? Array.prototype.slice.call(queue.querySelectorAll("tr.workbench-row")) : [];
  var current = -1;
  function mark(i) {
    if (!rows.length) { return; }
    if (current >= 0) { rows[current].classList.remove("table-active"); }
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows[current].classList.add("table-active");
    rows[current].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (event.key === "Escape" && typing(target)) { target.blur(); return; }
    var reasons = document.getElementById("alasan-pilihan");
    if (review && target === reasons && /^[1-9]$/.test(event.key)) {
      var n = parseInt(event.key, 10);
      if (n < reasons.options.length) { reasons.selectedIndex = n; event.preventDefault(); }
      return;
    }
    if (typing(target)) { return; }
    if (review) {
      if (event.key === "t") { event.preventDefault(); document.getElementById("form-terima").requestSubmit(); }
      else if (event.key === "s") { event.preventDefault(); document.getElementById("opsi-sesuaikan").focus(); }
      else if (event.key === "x") { event.preventDefault(); reasons.focus(); }
      else if (event.key === "n") { go("klaim-berikutnya"); }
      else if (event.key === "p") { go("klaim-sebelumnya"); }
    } else if (rows.length) {
      if (event.key === "j") { event.preventDefault(); mark(current + 1); }
      else if (event.key === "k") { event.preventDefault(); mark(current - 1); }
      else if (event.key === "x" && current >= 0) {
        var box = rows[current].querySelector("input[type=checkbox]");
        if (box) { box.checked = !box.checked; }
      } else if (event.key === "Enter" && current >= 0) {
        var open = rows[current].querySelector("a.workbench-open");
        if (open) { window.location.assign(open.href); }
      } else if (event.key === "b") {
        var accept = document.getElementById("terima-terpilih");
        if (accept) { accept.click(); }
      }
    }
  });
  // Reject: a reason picked from the list is enough; typing one replaces it.
  var reject = document.getElementById("form-tolak");
  if (reject) {
    reject.addEventListener("submit", function (event) {
      var listed = document.getElementById("alasan-pilihan").value;
      var typed = document.getElementById("alasan-tolak").value.trim();
      if (!listed && !typed) { event.preventDefault(); document.getElementById("alasan-pilihan").focus(); }
    });
  }
}());
