// Index charts: every <canvas data-chart="ID"> is drawn from the JSON in <script id="ID"> (json_script).
// Spec: {type, labels, datasets: [{label, data, color | colors}], stacked?, horizontal?}
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var numberFormat = new Intl.NumberFormat(document.documentElement.lang || "id");

  function build(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) { return; }
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (ds) {
      var colour = ds.colors || ds.color;
      return { label: ds.label, data: ds.data, backgroundColor: colour, borderColor: ds.colors ? "#fff" : colour, fill: false, tension: 0.2 };
    });
    var scales = {};
    if (spec.type !== "doughnut") {
      var valueAxis = { stacked: !!spec.stacked, beginAtZero: true, ticks: { callback: function (v) { return numberFormat.format(v); } } };
      var categoryAxis = { stacked: !!spec.stacked, ticks: { autoSkip: false } };
      scales = spec.horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis };
    }
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        scales: scales,
        plugins: {
          legend: { display: spec.type === "doughnut" || datasets.length > 1 },
          tooltip: { callbacks: { label: function (ctx) { var v = ctx.parsed && typeof ctx.parsed === "object" ? (spec.horizontal ? ctx.parsed.x : ctx.parsed.y) : ctx.parsed; return ctx.dataset.label + ": " + numberFormat.format(v); } } }
        }
      }
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(build);
})();
