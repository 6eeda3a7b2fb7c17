// Appended to a copy of report/index.html by ReportPageBrowserTest, run by headless chromium (--dump-dom):
// for every inline <svg>, its laid-out size and how many drawn marks (paths, lines, shapes with a non-empty
// box) are coloured, i.e. not black, white or grey. Axes, grids and ceiling lines are grey or black; series
// are coloured, so a chart without data counts 0. The result: a JSON list in a pre element with id "probe".
(function () {
  var out = [];
  document.querySelectorAll('svg').forEach(function (s) {
    var r = s.getBoundingClientRect();
    var marks = 0;
    s.querySelectorAll('path,line,circle,ellipse,rect,polyline,polygon').forEach(function (e) {
      var cs = getComputedStyle(e);
      var coloured = [cs.stroke, cs.fill].some(function (c) {
        var m = /rgba?\((\d+), (\d+), (\d+)(, ([\d.]+))?/.exec(c || '');
        if (!m || (m[5] !== undefined && parseFloat(m[5]) === 0)) return false;
        var v = [+m[1], +m[2], +m[3]];
        return Math.max.apply(null, v) - Math.min.apply(null, v) > 24;
      });
      if (coloured) {
        var bb = e.getBBox();
        if (bb.width > 0 || bb.height > 0) marks++;
      }
    });
    out.push({id: s.id, width: Math.round(r.width), height: Math.round(r.height), marks: marks});
  });
  var p = document.createElement('pre');
  p.id = 'probe';
  p.textContent = JSON.stringify(out);
  document.body.appendChild(p);
})();
