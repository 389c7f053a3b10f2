/* Charts of the platform: Apache ECharts (served locally), one definition per element.
 * <div class="echart" data-chart='{"type": "bar"|"stacked"|"pie", "title", "categories",
 *   "series": [{"name", "data": [...]}], "unit"}'></div>
 * Every chart has a table beside it (in the page); this file only draws. */
(function () {
  "use strict";
  var FONT = 13;

  function option(spec) {
    var base = {
      textStyle: {fontSize: FONT, fontFamily: "Noto Sans CJK SC, Microsoft YaHei, sans-serif"},
      tooltip: {trigger: spec.type === "pie" ? "item" : "axis"},
      legend: {top: 4, textStyle: {fontSize: FONT}, type: "scroll"},
      animation: false
    };
    if (spec.type === "pie") {
      var s = spec.series[0] || {data: []};
      base.series = [{
        name: s.name, type: "pie", radius: ["30%", "62%"], center: ["50%", "56%"],
        label: {fontSize: FONT, formatter: "{b} {d}%"}, minShowLabelAngle: 4,
        data: spec.categories.map(function (c, i) { return {name: c, value: s.data[i]}; })
      }];
      return base;
    }
    var longest = spec.categories.reduce(function (m, c) { return Math.max(m, String(c).length); }, 0);
    var rotate = spec.categories.length * Math.min(longest, 14) > 28 ? 30 : 0;
    base.grid = {left: rotate ? 56 : 16, right: 24, top: 48, bottom: 16, containLabel: true};
    base.xAxis = {type: "category", data: spec.categories,
                  axisLabel: {interval: 0, rotate: rotate, fontSize: FONT,
                              formatter: function (v) { return v.length > 14 ? v.slice(0, 13) + "…" : v; }}};
    base.yAxis = {type: "value", name: spec.unit || "人数", minInterval: 1,
                  nameTextStyle: {fontSize: FONT}, axisLabel: {fontSize: FONT}};
    base.series = spec.series.map(function (s) {
      return {name: s.name, type: "bar", data: s.data, stack: spec.type === "stacked" ? "all" : null,
              barMaxWidth: 48, label: {show: spec.series.length === 1, position: "top", fontSize: 12}};
    });
    if (spec.series.length === 1) base.legend.show = false;
    return base;
  }

  function download(url, name) {
    var a = document.createElement("a");
    a.href = url; a.download = name;
    document.body.appendChild(a); a.click(); document.body.removeChild(a);
  }

  function exportAs(el, spec, kind) {
    var box = document.createElement("div");
    box.style.cssText = "position:absolute;left:-10000px;width:" + el.clientWidth + "px;height:" + el.clientHeight + "px";
    document.body.appendChild(box);
    var chart = echarts.init(box, null, {renderer: kind === "svg" ? "svg" : "canvas"});
    chart.setOption(option(spec));
    var url = chart.getDataURL({type: kind, pixelRatio: 2, backgroundColor: "#fff"});
    download(url, (spec.title || "图表") + "." + kind);
    chart.dispose(); document.body.removeChild(box);
  }

  function draw(el) {
    var spec = JSON.parse(el.getAttribute("data-chart"));
    var chart = echarts.init(el, null, {renderer: "svg"});
    chart.setOption(option(spec));
    el.setAttribute("data-drawn", "1");
    window.addEventListener("resize", function () { chart.resize(); });
    var bar = el.parentNode.querySelector(".chart-export");
    if (bar) {
      bar.querySelectorAll("[data-export]").forEach(function (b) {
        b.addEventListener("click", function () { exportAs(el, spec, b.getAttribute("data-export")); });
      });
    }
  }

  window.partyCharts = {draw: draw, option: option};
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof echarts === "undefined") return;
    document.querySelectorAll(".echart").forEach(draw);
  });
})();
