// Draws each <canvas data-chart="ID"> from the JSON in <script id="ID" type="application/json">
// with Chart.js (vendored). Every chart also has a table or text beside it for screen readers.
(function () {
  "use strict";
  var colours = ["#0b5d6b", "#b25d00", "#1e6b35", "#a4262c"];
  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || !window.Chart) { return; }
    var data = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: data.type || "line",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, i) {
          return {
            label: series.label,
            data: series.data,
            borderColor: colours[i % colours.length],
            backgroundColor: colours[i % colours.length],
            spanGaps: true,
            tension: 0.25,
            pointRadius: 2
          };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: { y: { suggestedMin: data.min, suggestedMax: data.max } }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
