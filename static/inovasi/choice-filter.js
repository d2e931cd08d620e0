// Type-ahead for a long list of checkboxes: <input data-filter-choices="<list id>"> hides the
// items ([data-choice-item]) whose label does not contain the typed text, and a group
// ([data-choice-group]) left empty. Checked items always stay visible.
(function () {
  "use strict";

  function fold(text) {
    return (text || "").toLocaleLowerCase("id").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function attach(input) {
    var list = document.getElementById(input.getAttribute("data-filter-choices"));
    if (!list) {
      return;
    }
    input.addEventListener("input", function () {
      var query = fold(input.value.trim());
      list.querySelectorAll("[data-choice-item]").forEach(function (item) {
        var box = item.querySelector("input");
        var show = !query || (box && box.checked) || fold(item.textContent).indexOf(query) !== -1;
        item.hidden = !show;
      });
      list.querySelectorAll("[data-choice-group]").forEach(function (group) {
        group.hidden = !group.querySelector("[data-choice-item]:not([hidden])");
      });
    });
  }

  document.querySelectorAll("[data-filter-choices]").forEach(attach);
})();
