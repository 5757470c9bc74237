/* The charts of the statistics page, drawn with the vendored Chart.js from the
   JSON the page embeds (#stats-data). The tables under each chart carry the
   same numbers for screen readers and when scripts do not run. */
(function () {
  "use strict";
  var source = document.getElementById("stats-data");
  if (!source || typeof window.Chart === "undefined") return;
  var stats = JSON.parse(source.textContent);
  var labels = document.getElementById("stats-labels").dataset;
  var BLUE = "#0b4f8a", GREEN = "#17663a", RED = "#b42318", AMBER = "#8a5300";
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
  Chart.defaults.color = "#1d2733";
  Chart.defaults.maintainAspectRatio = false;
  if (reduceMotion) Chart.defaults.animation = false;

  function bar(id, names, values, horizontal) {
    var canvas = document.getElementById(id);
    if (!canvas || !names.length) return;
    new Chart(canvas, {
      type: "bar",
      data: { labels: names, datasets: [{ label: labels.count, data: values, backgroundColor: BLUE }] },
      options: {
        indexAxis: horizontal ? "y" : "x",
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }

  function pluck(rows, key) { return rows.map(function (row) { return row[key]; }); }

  bar("chart-status", pluck(stats.by_status, "label"), pluck(stats.by_status, "count"), true);
  bar("chart-category", pluck(stats.by_category, "name"), pluck(stats.by_category, "count"), true);
  bar("chart-month", pluck(stats.by_month, "month"), pluck(stats.by_month, "count"), false);

  var agency = document.getElementById("chart-agency");
  if (agency && stats.by_agency.length) {
    new Chart(agency, {
      type: "bar",
      data: {
        labels: pluck(stats.by_agency, "name"),
        datasets: [
          { label: labels.onTime, data: pluck(stats.by_agency, "on_time"), backgroundColor: GREEN },
          { label: labels.overdue, data: pluck(stats.by_agency, "overdue"), backgroundColor: RED }
        ]
      },
      options: {
        indexAxis: "y",
        scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } }
      }
    });
  }

  var satisfaction = document.getElementById("chart-satisfaction");
  var s = stats.satisfaction;
  if (satisfaction && s.rated) {
    new Chart(satisfaction, {
      type: "doughnut",
      data: {
        labels: [s.labels.satisfied, s.labels.acceptable, s.labels.dissatisfied],
        datasets: [{ data: [s.satisfied, s.acceptable, s.dissatisfied], backgroundColor: [GREEN, AMBER, RED] }]
      },
      options: { plugins: { legend: { position: "bottom" } } }
    });
  }
})();
