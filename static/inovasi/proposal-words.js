// Live word counter for proposal sections. Counts with word-rule.js (loaded first), the same rule
// as inovasi/competitions/words.py. The server remains the judge; this only helps while typing.
(function () {
  "use strict";
  var countWords = window.InovasiWords.countWords;
  function update(area, output) {
    var limit = parseInt(area.getAttribute("data-word-limit"), 10);
    var words = countWords(area.value);
    output.textContent = words + " / " + limit + " " + (output.getAttribute("data-unit") || "kata");
    output.classList.toggle("text-danger", words > limit);
    area.classList.toggle("is-invalid", words > limit);
  }
  document.querySelectorAll("[data-word-count-for]").forEach(function (output) {
    var area = document.getElementById(output.getAttribute("data-word-count-for"));
    if (!area) { return; }
    area.addEventListener("input", function () { update(area, output); });
    update(area, output);
  });
})();
