// Draws the charts of a page: each <canvas data-chart="ID"> with the data of the JSON script
// element ID ({"labels": [...], "members": [...]}). Chart.js is served from the app (vendor/).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Chart === "undefined") return;
  const number = new Intl.NumberFormat("vi-VN");
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    const source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    const data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{ label: canvas.getAttribute("aria-label"), data: data.members, backgroundColor: "#b71c1c" }],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (item) => number.format(item.parsed.y) } },
        },
        scales: { y: { beginAtZero: true, ticks: { precision: 0, callback: (value) => number.format(value) } } },
      },
    });
  });
});
