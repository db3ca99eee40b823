/*
 * Draws every chart on the page. The server renders each figure as JSON with Django's json_script
 * (<script type="application/json" id="…">) and marks its container with data-chart="<that id>".
 * This is the only script the site runs besides the vendored Plotly.js bundle; no inline scripts.
 *
 * Phone rules: no mode bar, no drag or scroll zoom (the page keeps scrolling under a finger), no
 * double-click reset, and every value is also in the table beside the chart.
 */
(function () {
  "use strict";

  var CONFIG = {
    responsive: true,
    displayModeBar: false,
    displaylogo: false,
    scrollZoom: false,
    doubleClick: false,
    showTips: false,
    staticPlot: false
  };

  // The card's heading already names the chart: drop the figure's own title and the space it took,
  // keeping the plotting area the same size.
  var TITLE_SPACE = 28;
  function dropTitle(layout) {
    if (!layout.title) {
      return layout;
    }
    layout.title = { text: "" };
    if (layout.margin && layout.margin.t > TITLE_SPACE) {
      var cut = layout.margin.t - TITLE_SPACE;
      layout.margin.t = TITLE_SPACE;
      if (layout.height) {
        layout.height -= cut;
      }
    }
    return layout;
  }

  function lockAxes(layout) {
    Object.keys(layout).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key) && layout[key] && typeof layout[key] === "object") {
        layout[key].fixedrange = true;
      }
    });
    layout.dragmode = false;
    layout.autosize = true;
    return layout;
  }

  function draw(container) {
    var source = document.getElementById(container.getAttribute("data-chart"));
    if (!source) {
      return;
    }
    var figure = JSON.parse(source.textContent);
    var layout = dropTitle(lockAxes(figure.layout || {}));
    delete layout.width;
    container.classList.add("chart-drawing");
    // The figure's own config may add options; the phone rules above always win.
    var config = Object.assign({}, figure.config || {}, CONFIG);
    return window.Plotly.newPlot(container, figure.data || [], layout, config).then(function () {
      container.classList.remove("chart-drawing");
      container.setAttribute("data-drawn", "true");
    });
  }

  function drawAll() {
    if (!window.Plotly) {
      return; // the tables beside each chart carry the same numbers
    }
    var containers = document.querySelectorAll("[data-chart]");
    var pending = [];
    for (var i = 0; i < containers.length; i += 1) {
      pending.push(draw(containers[i]));
    }
    Promise.all(pending).then(function () {
      document.documentElement.setAttribute("data-charts-drawn", String(containers.length));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
