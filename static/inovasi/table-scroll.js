// Wide tables scroll sideways inside their own box (.table-responsive) on a phone. A box that
// actually scrolls becomes a labelled, focusable region, so a keyboard user can reach and scroll
// it (WCAG 2.1.1; axe's scrollable-region-focusable): role="region", tabindex="0" and a name taken
// from the table's caption or label, else from the heading before it. A box that fits the screen
// stays out of the tab order. Boxes that the template already labels and makes focusable are left
// as they are.
(function () {
  "use strict";

  var BOXES = ".table-responsive, .table-scroll";

  function headingBefore(box) {
    var found = null;
    document.querySelectorAll("main h1, main h2, main h3, main h4, main h5, main h6").forEach(function (heading) {
      if (heading.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING) { found = heading; }
    });
    return found;
  }

  function name(box) {
    var table = box.querySelector("table");
    var caption = table && table.querySelector("caption");
    if (caption && caption.textContent.trim()) { return caption.textContent.trim(); }
    if (table && table.getAttribute("aria-label")) { return table.getAttribute("aria-label"); }
    var labelledBy = table && table.getAttribute("aria-labelledby");
    var label = labelledBy && document.getElementById(labelledBy.split(" ")[0]);
    if (label && label.textContent.trim()) { return label.textContent.trim(); }
    var heading = headingBefore(box);
    return heading ? heading.textContent.trim().replace(/\s+/g, " ") : document.title;
  }

  function update(box) {
    var added = box.getAttribute("data-scroll-region");
    if (added === null && box.hasAttribute("tabindex")) { return; }
    var scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls && added === null) {
      added = ["tabindex"];
      box.setAttribute("tabindex", "0");
      if (!box.hasAttribute("role")) {
        box.setAttribute("role", "region");
        added.push("role");
      }
      if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
        box.setAttribute("aria-label", name(box));
        added.push("aria-label");
      }
      box.setAttribute("data-scroll-region", added.join(" "));
    } else if (!scrolls && added !== null) {
      added.split(" ").forEach(function (attribute) { box.removeAttribute(attribute); });
      box.removeAttribute("data-scroll-region");
    }
  }

  function updateAll() { document.querySelectorAll(BOXES).forEach(update); }

  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(updateAll, 150);
  });
  document.addEventListener("htmx:afterSettle", updateAll);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", updateAll);
  } else {
    updateAll();
  }
})();
