/*
 * The track page's furniture (issue 10), no inline scripts, no dependencies:
 *  - the section nav (.section-nav) marks the section being read with aria-current="true" and, on a
 *    phone where the row scrolls sideways, keeps that link in view;
 *  - a "Back to top" link appears in the sticky section nav once the reader is a screen down (never
 *    over the text; the static one at the end of the page stays for everyone);
 *  - a wide table (.table-wrap) that scrolls sideways gets the class is-scrollable (CSS shows the cue);
 *  - a chart drawn inside a closed <details> is fitted to its box when the details opens; on a wide
 *    screen (>= 64rem) the folded charts (.chart-fold) start open;
 *  - printing opens every <details>, so the printout carries every number.
 * Without JavaScript the nav is a plain sticky row of links and every table is still there.
 */
(function () {
  "use strict";

  var nav = document.querySelector(".section-nav");
  var links = nav ? Array.prototype.slice.call(nav.querySelectorAll('a[href^="#"]')) : [];
  var targets = links.map(function (link) {
    return document.getElementById(link.getAttribute("href").slice(1));
  });
  var current = null;
  var ticking = false;

  function navHeight() {
    if (!nav || getComputedStyle(nav).position !== "sticky" || nav.offsetWidth > window.innerWidth / 2) {
      return nav ? nav.offsetHeight : 0;
    }
    return 0; // the desktop sidebar does not cover the text
  }

  function mark() {
    ticking = false;
    var line = navHeight() + Math.min(window.innerHeight * 0.25, 160);
    var index = -1;
    for (var i = 0; i < targets.length; i += 1) {
      if (targets[i] && targets[i].getBoundingClientRect().top <= line) {
        index = i;
      }
    }
    var atEnd = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
    if (atEnd && targets.length && targets[targets.length - 1] &&
        targets[targets.length - 1].getBoundingClientRect().top < window.innerHeight) {
      index = targets.length - 1;
    }
    var link = index >= 0 ? links[index] : null;
    if (link === current) {
      return;
    }
    if (current) {
      current.removeAttribute("aria-current");
    }
    current = link;
    if (link) {
      link.setAttribute("aria-current", "true");
      var row = link.parentNode.parentNode;
      if (row.scrollWidth > row.clientWidth) {
        var left = link.offsetLeft - (row.clientWidth - link.offsetWidth) / 2;
        row.scrollLeft = Math.max(0, left);
      }
    }
  }

  // The "Back to top" that appears once the reader is a screen down lives in the sticky section nav (the
  // row's first item on a phone, the sidebar's on a wide screen), never floating over the text.
  var floating = null;
  var staticTop = document.querySelector(".back-to-top");
  if (staticTop) {
    floating = staticTop.cloneNode(true);
    floating.classList.add("is-floating");
    var row = nav && nav.querySelector("ul");
    if (row) {
      var item = document.createElement("li");
      item.className = "section-nav-top";
      item.appendChild(floating);
      row.insertBefore(item, row.firstChild);
    } else {
      document.body.appendChild(floating);
    }
  }

  function onScroll() {
    if (floating) {
      floating.classList.toggle("is-visible", window.scrollY > window.innerHeight);
    }
    if (!ticking && links.length) {
      ticking = true;
      window.requestAnimationFrame(mark);
    }
  }

  // Measuring a table forces a layout: only tables the reader can see (not in a closed <details>).
  function cueTables() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (wrap) {
      if (!wrap.closest("details:not([open])")) {
        wrap.classList.toggle("is-scrollable", wrap.scrollWidth > wrap.clientWidth + 1);
      }
    });
  }

  // After the first paint, off the page's first task: the page is long, and reading positions here
  // would force its whole layout while it is still loading (a long task for a phone).
  function afterFirstPaint(work) {
    window.requestAnimationFrame(function () {
      window.setTimeout(work, 0);
    });
  }

  window.addEventListener("scroll", onScroll, { passive: true });
  window.addEventListener("resize", function () {
    onScroll();
    cueTables();
  });
  // A table or a chart inside a <details> that just opened: cue the table, fit the chart to its box.
  document.addEventListener("toggle", function (event) {
    cueTables();
    if (event.target.open && window.Plotly && window.Plotly.Plots) {
      Array.prototype.forEach.call(event.target.querySelectorAll(".js-plotly-plot"), function (chart) {
        window.Plotly.Plots.resize(chart);
      });
    }
  }, true);
  afterFirstPaint(function () {
    onScroll();
    cueTables();
  });

  // A wide screen has room for the folded charts (the ladder's bands): show them open.
  if (window.matchMedia && window.matchMedia("(min-width: 64rem)").matches) {
    Array.prototype.forEach.call(document.querySelectorAll("details.chart-fold"), function (d) {
      d.open = true;
    });
  }

  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) {
      d.open = false;
    });
    opened = [];
  });
})();
