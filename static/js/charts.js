/*
 * Draws every chart on the page, lazily. The server renders each figure as JSON with Django's
 * json_script (<script type="application/json" id="…">) and marks its container with
 * data-chart="<that id>". This is the only script the page loads; it injects the vendored Plotly.js
 * bundle (its URL is this script tag's data-plotly attribute) only when a chart nears the viewport,
 * and draws the charts one at a time as they come into view. No inline scripts, no CDN.
 *
 * - Before anything is drawn each chart box is given the height its figure will have, so drawing
 *   shifts nothing (a data-chart-height attribute lets the stylesheet reserve it before this runs).
 * - Colours follow prefers-color-scheme: every colour of the figure's palette (layout.meta.palette,
 *   name -> colour) is replaced by the CSS custom property --chart-<name> where the page defines one.
 * - Phone rules: no mode bar, no drag or scroll zoom (the page keeps scrolling under a finger), no
 *   double-click reset, and every value is also in the table beside the chart.
 * - Plotly's MathJax hook is off (config.typesetMath): "$80,000 to $120,000" is text, not TeX.
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
    staticPlot: false,
    typesetMath: false
  };
  // Start loading Plotly (and drawing) when a chart is this close to the viewport.
  var ROOT_MARGIN = "300px 0px";

  var script = document.currentScript;
  var plotlyUrl = script ? script.getAttribute("data-plotly") : null;
  var plotlyLoading = null;
  var figures = new WeakMap(); // container -> parsed figure
  var queue = [];
  var busy = false;
  var drawn = 0;

  // The card's heading already names the chart: drop the figure's own title and the space it took,
  // keeping the plotting area the same size (a figure whose meta says sized_for_card has no such
  // space: its layout.height is the box's height as drawn).
  var TITLE_SPACE = 28;
  function dropTitle(layout) {
    if (!layout.title) {
      return layout;
    }
    layout.title = { text: "" };
    var sized = layout.meta && layout.meta.sized_for_card;
    if (!sized && layout.margin && layout.margin.t > TITLE_SPACE) {
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

  function figureOf(container) {
    if (figures.has(container)) {
      return figures.get(container);
    }
    var source = document.getElementById(container.getAttribute("data-chart"));
    var figure = null;
    if (source) {
      figure = JSON.parse(source.textContent);
      figure.layout = dropTitle(lockAxes(figure.layout || {}));
      delete figure.layout.width;
    }
    figures.set(container, figure);
    return figure;
  }

  // Give the box the figure's height now, so drawing it later moves nothing below it. A box the page
  // already sized (style="height: …px" from the figure's layout.height) needs no parsing until drawn.
  function reserve(container) {
    if (container.style.height) {
      container.style.minHeight = "0";
      container.setAttribute("data-chart-reserved", String(parseFloat(container.style.height)));
      return;
    }
    var figure = figureOf(container);
    if (figure && figure.layout.height) {
      container.style.minHeight = "0";
      container.style.height = figure.layout.height + "px";
      container.setAttribute("data-chart-reserved", String(figure.layout.height));
    }
  }

  // --- Colours from CSS custom properties (light and dark) ----------------------------------------

  function themeMap(container, palette) {
    var style = window.getComputedStyle(container);
    var map = {};
    Object.keys(palette || {}).forEach(function (name) {
      var value = style.getPropertyValue("--chart-" + name).trim();
      if (value) {
        map[String(palette[name]).toLowerCase()] = value;
      }
    });
    // Colours only make sense against their own background: a page that does not give one (no
    // --chart-background) keeps the figure's own, coherent palette.
    if (palette && palette.background && !style.getPropertyValue("--chart-background").trim()) {
      return {};
    }
    return map;
  }

  function recolour(value, map) {
    if (typeof value === "string") {
      var key = value.toLowerCase();
      return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : value;
    }
    if (Array.isArray(value)) {
      return value.map(function (item) {
        return recolour(item, map);
      });
    }
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (k) {
        out[k] = k === "meta" || k === "text" ? value[k] : recolour(value[k], map);
      });
      return out;
    }
    return value;
  }

  function themed(container, figure) {
    var palette = figure.layout.meta && figure.layout.meta.palette;
    var map = themeMap(container, palette);
    return {
      data: recolour(figure.data || [], map),
      layout: recolour(figure.layout, map)
    };
  }

  // --- Loading Plotly and drawing ------------------------------------------------------------------

  function loadPlotly() {
    if (window.Plotly) {
      return Promise.resolve(window.Plotly);
    }
    if (!plotlyLoading) {
      plotlyLoading = new Promise(function (resolve, reject) {
        if (!plotlyUrl) {
          reject(new Error("charts.js: no data-plotly URL"));
          return;
        }
        var tag = document.createElement("script");
        tag.src = plotlyUrl;
        tag.async = true;
        tag.onload = function () {
          resolve(window.Plotly);
        };
        tag.onerror = function () {
          reject(new Error("charts.js: Plotly did not load"));
        };
        document.head.appendChild(tag);
      });
    }
    return plotlyLoading;
  }

  function draw(container) {
    var figure = figureOf(container);
    if (!figure || !window.Plotly) {
      return Promise.resolve();
    }
    var look = themed(container, figure);
    // The figure's own config may add options; the phone rules above always win.
    var config = Object.assign({}, figure.config || {}, CONFIG);
    container.classList.add("chart-drawing");
    return window.Plotly.newPlot(container, look.data, look.layout, config).then(function () {
      container.classList.remove("chart-drawing");
      container.setAttribute("data-drawn", "true");
      drawn += 1;
      document.documentElement.setAttribute("data-charts-drawn", String(drawn));
    });
  }

  function nextTick() {
    return new Promise(function (resolve) {
      window.setTimeout(resolve, 0);
    });
  }

  // One chart at a time, in the order they came into view; the main thread is let go between two.
  function pump() {
    if (busy || queue.length === 0) {
      return;
    }
    busy = true;
    var container = queue.shift();
    loadPlotly()
      .then(function () {
        return draw(container);
      })
      .then(nextTick, function () {
        return undefined; // without Plotly the table beside each chart carries the same numbers
      })
      .then(function () {
        busy = false;
        pump();
      });
  }

  function enqueue(container) {
    if (queue.indexOf(container) === -1 && container.getAttribute("data-drawn") !== "true") {
      queue.push(container);
      pump();
    }
  }

  function redrawForScheme() {
    var containers = document.querySelectorAll('[data-chart][data-drawn="true"]');
    for (var i = 0; i < containers.length; i += 1) {
      var figure = figureOf(containers[i]);
      var look = themed(containers[i], figure);
      window.Plotly.react(containers[i], look.data, look.layout, Object.assign({}, figure.config || {}, CONFIG));
    }
  }

  function start() {
    var containers = Array.prototype.slice.call(document.querySelectorAll("[data-chart]"));
    containers.forEach(reserve);
    document.documentElement.setAttribute("data-charts", String(containers.length));
    if (!("IntersectionObserver" in window)) {
      containers.forEach(enqueue);
      return;
    }
    var observer = new window.IntersectionObserver(
      function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) {
            observer.unobserve(entry.target);
            enqueue(entry.target);
          }
        });
      },
      { rootMargin: ROOT_MARGIN }
    );
    containers.forEach(function (container) {
      observer.observe(container);
    });
    if (window.matchMedia) {
      var scheme = window.matchMedia("(prefers-color-scheme: dark)");
      if (scheme.addEventListener) {
        scheme.addEventListener("change", function () {
          if (window.Plotly) {
            redrawForScheme();
          }
        });
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
