/* kaili-analysis what-if panel (kaili_analysis/show/whatif.py writes the panel and its data).
   Arithmetic only: value = base * (1 + rate)^years, as kaili_analysis.growth.project.
   Every number and word comes from the panel's JSON block; nothing is fetched. */
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';
  var KEY = 'whatif=';
  var W = 320, H = 180, LEFT = 50, RIGHT = 14, TOP = 12, BOTTOM = 26;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  // the decimals that give |ref| four significant figures
  function decimals(ref) {
    var a = Math.abs(ref);
    return Math.max(0, Math.min(a === 0 ? 3 : 3 - Math.floor(Math.log10(a)), 8));
  }

  // four significant figures, never an exponent
  function sig(x) {
    return x.toFixed(decimals(x));
  }

  // a signed difference to the precision of ref (the goal it is measured against)
  function signed(x, ref) {
    var t = Math.abs(x).toFixed(decimals(ref));
    return (x < 0 && Number(t) !== 0 ? '\u2212' : '+') + t;
  }

  function pctText(x) {
    return String(Number(x.toFixed(4)));
  }

  function level(goal, pct, step) {
    return goal.base * Math.pow(1 + pct / 100, step);
  }

  function outcome(goal, pct, tolerance) {
    var value = level(goal, pct, goal.years);
    var met = (goal.lo === null || value >= goal.lo - tolerance * Math.abs(goal.lo)) &&
      (goal.hi === null || value <= goal.hi + tolerance * Math.abs(goal.hi));
    return { value: value, gap: value - goal.target, met: met };
  }

  function parseRate(text, range) {
    var t = String(text).trim();
    var x = Number(t);
    if (t === '' || !isFinite(x) || x < range.min || x > range.max) {
      return null;
    }
    return x;
  }

  function niceStep(span) {
    var raw = span / 3;
    var p = Math.pow(10, Math.floor(Math.log10(raw)));
    var f = raw / p;
    return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * p;
  }

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    parent.appendChild(node);
    return node;
  }

  function draw(svg, goal, pct, words) {
    while (svg.firstChild) {
      svg.removeChild(svg.firstChild);
    }
    var lines = [{ cls: 'plan', pct: goal.plan_pct }];
    if (goal.history_pct !== null) {
      lines.push({ cls: 'history', pct: goal.history_pct });
    }
    if (pct !== null) {
      lines.push({ cls: 'user', pct: pct });
    }
    var target = goal.target * goal.scale;
    var lo = target, hi = target;
    lines.forEach(function (line) {
      line.values = [];
      for (var i = 0; i <= goal.years; i++) {
        var v = level(goal, line.pct, i) * goal.scale;
        line.values.push(v);
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    });
    if (!(hi - lo > 1e-9 * Math.abs(hi))) {
      lo -= Math.abs(lo) * 0.1 + 1e-9;
      hi += Math.abs(hi) * 0.1 + 1e-9;
    }
    var step = niceStep(hi - lo);
    lo = Math.floor(lo / step) * step;
    hi = Math.ceil(hi / step) * step;
    var tickDecimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
    function x(i) { return LEFT + (W - LEFT - RIGHT) * i / goal.years; }
    function y(v) { return TOP + (H - TOP - BOTTOM) * (hi - v) / (hi - lo); }
    for (var t = lo; t <= hi + step / 2; t += step) {
      el('line', { x1: LEFT, x2: W - RIGHT, y1: y(t), y2: y(t), 'class': 'kaili-whatif__grid' }, svg);
      el('text', { x: LEFT - 4, y: y(t) + 4, 'text-anchor': 'end', 'class': 'kaili-whatif__tick' },
        svg).textContent = (Math.abs(t) < step / 1e6 ? 0 : t).toFixed(tickDecimals);
    }
    [0, goal.years].forEach(function (i) {
      el('text', { x: x(i), y: H - 8, 'text-anchor': i ? 'end' : 'start', 'class': 'kaili-whatif__tick' },
        svg).textContent = String(goal.base_year + i);
    });
    lines.forEach(function (line) {
      var points = line.values.map(function (v, i) { return x(i).toFixed(1) + ',' + y(v).toFixed(1); });
      el('polyline', { points: points.join(' '), 'class': 'kaili-whatif__line kaili-whatif__line--' + line.cls },
        svg);
    });
    el('circle', { cx: x(goal.years), cy: y(target), r: 4.5, 'class': 'kaili-whatif__target' }, svg);
    svg.setAttribute('aria-label', fill(words.chart, { name: goal.name, start: goal.base_year,
      end: goal.goal_year, rate: pct === null ? '\u2014' : pctText(pct) }));
  }

  function resultWords(goal, pct, data) {
    var words = data.words;
    var res = outcome(goal, pct, data.tolerance);
    return {
      res: res,
      value: fill(words.value, { year: goal.goal_year, value: sig(res.value * goal.scale), unit: goal.unit_label }),
      gap: fill(words.gap, { gap: signed(res.gap * goal.scale, goal.target * goal.scale), unit: goal.gap_unit }),
      verdict: res.met ? words.met : words.not_met
    };
  }

  function init(panel) {
    if (panel.getAttribute('data-ready') === 'true') {
      return;
    }
    var block = panel.querySelector('script.kaili-whatif__data');
    var data = JSON.parse(block.textContent);
    var inApp = document.querySelector('.jp-LabShell, .jp-NotebookShell') !== null;
    var status = panel.querySelector('[data-part="status"]');
    var timer = null;
    var hashTimer = null;
    var rows = data.goals.map(function (goal) {
      function find(attr) {
        return panel.querySelector('[' + attr + '="' + goal.id + '"]');
      }
      return { goal: goal, number: find('data-goal'), range: find('data-goal-range'),
        result: find('data-goal-result'), chart: find('data-goal-chart'), pct: goal.plan_pct };
    });

    function announce(text) {
      if (timer !== null) {
        clearTimeout(timer);
      }
      timer = setTimeout(function () { status.textContent = text; timer = null; }, 350);
    }

    function show(row) {
      var result = row.result;
      var part = function (name) { return result.querySelector('[data-part="' + name + '"]'); };
      row.number.setAttribute('aria-invalid', row.pct === null ? 'true' : 'false');
      if (row.pct === null) {
        result.removeAttribute('data-value');
        result.removeAttribute('data-gap');
        result.setAttribute('data-met', '');
        part('value').textContent = fill(data.words.invalid, { min: data.range.min, max: data.range.max });
        part('gap').textContent = '';
        part('verdict').textContent = '';
        part('verdict').className = 'kaili-whatif__verdict';
        draw(row.chart, row.goal, null, data.words);
        return part('value').textContent;
      }
      var w = resultWords(row.goal, row.pct, data);
      result.setAttribute('data-value', String(w.res.value));
      result.setAttribute('data-gap', String(w.res.gap));
      result.setAttribute('data-met', w.res.met ? 'true' : 'false');
      part('value').textContent = w.value;
      part('gap').textContent = w.gap;
      part('verdict').textContent = w.verdict;
      part('verdict').className = 'kaili-whatif__verdict kaili-whatif__verdict--' +
        (w.res.met ? 'met' : 'not-met');
      draw(row.chart, row.goal, row.pct, data.words);
      return [w.value, w.gap, w.verdict].join(data.words.separator);
    }

    // after the last change only: a dragged slider sends dozens of events a second, and
    // browsers ignore replaceState called too often
    function writeHash() {
      if (inApp) {
        return;
      }
      if (hashTimer !== null) {
        clearTimeout(hashTimer);
      }
      hashTimer = setTimeout(function () { hashTimer = null; replaceHash(); }, 250);
    }

    function replaceHash() {
      var parts = rows.filter(function (row) {
        return row.pct !== null && pctText(row.pct) !== pctText(row.goal.plan_pct);
      }).map(function (row) { return row.goal.id + ':' + pctText(row.pct); });
      var url = location.href.split('#')[0] + (parts.length ? '#' + KEY + parts.join(';') : '');
      try {
        history.replaceState(history.state, '', url);
      } catch (e) {
        // a sandboxed or opaque frame: the address stays as it is
      }
    }

    function set(row, pct, fromRange) {
      row.pct = pct;
      if (pct !== null) {
        if (!fromRange) {
          row.range.value = String(pct);
        }
        row.range.setAttribute('aria-valuetext', fill(data.words.valuetext, { rate: pctText(pct) }));
        if (fromRange || parseRate(row.number.value, data.range) !== pct) {
          row.number.value = pctText(pct);
        }
      }
      return show(row);
    }

    function readHash() {
      var hash = location.hash.replace(/^#/, '');
      if (inApp || hash.indexOf(KEY) !== 0) {
        return null;
      }
      var rates = {};
      hash.slice(KEY.length).split(';').forEach(function (pair) {
        var kv = pair.split(':');
        var pct = kv.length === 2 ? parseRate(decodeURIComponent(kv[1]), data.range) : null;
        if (pct !== null) {
          rates[decodeURIComponent(kv[0])] = pct;
        }
      });
      return rates;
    }

    function applyHash() {
      var rates = readHash();
      if (rates === null) {
        return false;
      }
      rows.forEach(function (row) {
        var own = Object.prototype.hasOwnProperty.call(rates, row.goal.id);
        set(row, own ? rates[row.goal.id] : row.goal.plan_pct, false);
      });
      return true;
    }

    rows.forEach(function (row) {
      row.number.addEventListener('input', function () {
        var text = set(row, parseRate(row.number.value, data.range), false);
        announce(fill(data.words.status, { name: row.goal.name, result: text }));
        writeHash();
      });
      row.range.addEventListener('input', function () {
        var text = set(row, Number(row.range.value), true);
        announce(fill(data.words.status, { name: row.goal.name, result: text }));
        writeHash();
      });
      row.number.disabled = false;
      row.range.disabled = false;
      set(row, row.goal.plan_pct, false);
    });
    var reset = panel.querySelector('[data-part="reset"]');
    reset.addEventListener('click', function () {
      rows.forEach(function (row) { set(row, row.goal.plan_pct, false); });
      writeHash();
      announce(data.words.reset_done);
    });
    reset.disabled = false;
    window.addEventListener('hashchange', applyHash);
    if (applyHash()) {
      panel.scrollIntoView();
    }
    panel.querySelector('[data-part="needs-script"]').hidden = true;
    panel.setAttribute('data-ready', 'true');
  }

  var panels = document.querySelectorAll('.kaili-whatif');
  for (var i = 0; i < panels.length; i++) {
    init(panels[i]);
  }
}());
