/* The monthly ranking's chart: each agency's on-time rate as a horizontal bar,
   drawn with the vendored Chart.js from the JSON the page embeds
   (#ranking-data). The table under it carries the same numbers for screen
   readers and when scripts do not run. */
(function () {
  "use strict";
  var source = document.getElementById("ranking-data");
  var canvas = document.getElementById("chart-ranking");
  if (!source || !canvas || typeof window.Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  if (!data.names.length) return;
  var label = document.getElementById("ranking-labels").dataset.rate + " (%)";

  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
  Chart.defaults.color = "#1d2733";
  if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) Chart.defaults.animation = false;

  // Long names on two or three lines rather than cut off on a phone.
  var width = canvas.parentElement.clientWidth < 560 ? 16 : 36;
  function lines(name) {
    var result = [], line = "";
    name.split(" ").forEach(function (word) {
      if (line && (line + " " + word).length > width) { result.push(line); line = word; }
      else line = line ? line + " " + word : word;
    });
    result.push(line);
    return result;
  }
  var labels = data.names.map(lines);
  var rows = labels.reduce(function (sum, label) { return sum + Math.max(1.6, label.length * 1.1); }, 0);
  canvas.parentElement.style.height = Math.max(10, 4 + rows * 1.25) + "rem";
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: labels,
      datasets: [{ label: label, data: data.rates, backgroundColor: "#17663a" }]
    },
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: {
        x: { beginAtZero: true, max: 100, title: { display: true, text: label } },
        y: { ticks: { autoSkip: false } }
      }
    }
  });
})();
