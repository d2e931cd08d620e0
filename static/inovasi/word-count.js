// Live word count under every <textarea data-word-count>. Reads an optional data-word-limit and
// marks the count when the text is longer than the guide. The output element is rendered by the
// server (data-word-count-output="<textarea id>") so the count is also there without JavaScript.
(function () {
  "use strict";

  // The shared rule (word-rule.js, loaded first), the same as inovasi/competitions/words.py.
  var countWords = window.InovasiWords.countWords;

  function attach(area) {
    var output = document.querySelector('[data-word-count-output="' + area.id + '"]');
    if (!output) {
      return;
    }
    var label = output.getAttribute("data-word-label") || "";
    var limit = parseInt(area.getAttribute("data-word-limit") || "", 10);
    function update() {
      var count = countWords(area.value);
      var text = count + (isNaN(limit) ? "" : " / " + limit) + " " + label;
      output.textContent = text;
      var over = !isNaN(limit) && count > limit;
      output.classList.toggle("text-danger", over);
      output.classList.toggle("fw-semibold", over);
    }
    area.addEventListener("input", update);
    update();
  }

  function init() {
    var areas = document.querySelectorAll("textarea[data-word-count]");
    for (var i = 0; i < areas.length; i++) {
      attach(areas[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
