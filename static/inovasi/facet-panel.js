// A long filter panel before the results: on a phone it starts closed, so the results (and
// "Mungkin maksud Anda") are the first thing under the search box. Without JavaScript the panel
// stays open, as on a wide screen. <details data-collapse-below="992"> closes below 992 px.
document.querySelectorAll("details[data-collapse-below]").forEach(function (panel) {
  var below = parseInt(panel.getAttribute("data-collapse-below"), 10);
  if (below && window.matchMedia("(max-width: " + (below - 0.02) + "px)").matches) {
    panel.open = false;
  }
});
