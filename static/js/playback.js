// Playback: step the map through time in the browser, over the events in view.
//
// The map already holds every event in view (event_markers.js, with each
// event's day; above 5,000 events, event_cells.js with each event's cell in
// day order), so a step only changes the day window of the marker canvas or
// of the cells and redraws that one canvas: no server rerun, no new map, the
// basemap is never touched. benchmarks/bench_playback.py measures it against
// a rerun.
//
// Controls (a Leaflet control, bottom left): step back, play/pause, step on,
// the step (day, week, month), the trail (the last N days, or all up to the
// frame: cumulative) and the speed. Keyboard: with the control focused,
// space plays or pauses and the arrow keys step; every control shows focus.
// The frame's words ("3–9 Mar 2020 · 12 of 340 events") sit in the control,
// and the link keeps the frame: `play`, `step` and `trail` in the page's URL
// (events/viewparams.py reads them), so a link opens at the same frame.
(function () {
  var DAY = 864e5;
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov',
    'Dec'];
  var UNAVAILABLE = 'Not available for these events';
  var TRAILS = [[7, 'last 7 days'], [30, 'last 30 days'], [90, 'last 90 days'],
    [0, 'cumulative']];
  var SPEEDS = [1, 2, 4, 8];

  function dayText(day) {
    var t = new Date(day * DAY);
    return t.getUTCDate() + ' ' + MONTHS[t.getUTCMonth()] + ' ' + t.getUTCFullYear();
  }
  function isoDay(day) { return new Date(day * DAY).toISOString().slice(0, 10); }
  function dayOf(text) {
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(text || '')) { return null; }
    var t = Date.parse(text + 'T00:00:00Z');
    return isNaN(t) ? null : Math.round(t / DAY);
  }
  // The page's URL: the top page when the map sits in a same-origin frame.
  function pageWindow() {
    try { if (window.parent && window.parent.location.href) { return window.parent; } } catch (e) {
      return window;
    }
    return window;
  }

  L.EventPlayback = L.Control.extend({
    options: {position: 'bottomleft'},
    initialize: function (options) {
      L.setOptions(this, options);
      var params = new window.URLSearchParams(pageWindow().location.search);
      this.step = ['day', 'week', 'month'].indexOf(params.get('step')) >= 0
        ? params.get('step') : 'day';
      var trail = params.get('trail');
      this.trail = trail === 'all' ? 0 : (parseInt(trail, 10) > 0 ? parseInt(trail, 10) : 30);
      this.at = dayOf(params.get('play'));
      this.active = this.at !== null;
      this.speed = 4;
      this.timer = null;
      this.steps = 0;
    },
    onAdd: function (map) {
      var box = L.DomUtil.create('div', 'leaflet-bar ev-playback');
      box.setAttribute('role', 'group');
      box.setAttribute('aria-label', 'Playback: space plays or pauses, arrow keys step');
      box.tabIndex = 0;
      var self = this;
      function button(text, label, act) {
        var b = L.DomUtil.create('button', 'ev-pb-button', box);
        b.type = 'button'; b.textContent = text; b.title = label;
        b.setAttribute('aria-label', label);
        L.DomEvent.on(b, 'click', function (e) { L.DomEvent.stop(e); act(); });
        return b;
      }
      function choice(label, values, current, set) {
        var s = L.DomUtil.create('select', 'ev-pb-select', box);
        s.title = label; s.setAttribute('aria-label', label);
        values.forEach(function (v) {
          var o = document.createElement('option');
          o.value = String(v[0]); o.textContent = v[1];
          if (String(v[0]) === String(current)) { o.selected = true; }
          s.appendChild(o);
        });
        L.DomEvent.on(s, 'change', function () { set(s.value); });
        return s;
      }
      this._back = button('\u2039', 'Step back', function () { self.stepBy(-1); });
      this._play = button('\u25B6', 'Play', function () { self.toggle(); });
      this._next = button('\u203A', 'Step forward', function () { self.stepBy(1); });
      choice('Step', [['day', 'day'], ['week', 'week'], ['month', 'month']], this.step,
        function (v) { self.step = v; self.show(); });
      choice('Shown', TRAILS, this.trail, function (v) { self.trail = parseInt(v, 10); self.show(); });
      choice('Speed', SPEEDS.map(function (n) { return [n, n + ' steps/s']; }), this.speed,
        function (v) { self.speed = parseInt(v, 10); if (self.timer) { self.pause(); self.play(); } });
      this._label = L.DomUtil.create('span', 'ev-pb-label', box);
      this._label.setAttribute('aria-live', 'polite');
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      L.DomEvent.on(box, 'keydown', function (e) {
        if (e.target.tagName === 'SELECT') { return; }
        if (e.key === ' ' || e.key === 'Spacebar') { L.DomEvent.stop(e); self.toggle(); }
        else if (e.key === 'ArrowRight') { L.DomEvent.stop(e); self.stepBy(1); }
        else if (e.key === 'ArrowLeft') { L.DomEvent.stop(e); self.stepBy(-1); }
      });
      map.on('layeradd', function (e) {
        if (L.EventPlayback.steps(e.layer)) { self.show(); }
      });
      setTimeout(function () { self.show(); }, 0);
      // A rerun redraws the timeline: put the cursor back on the new chart.
      setInterval(function () {
        if (self.active) { self.timelineCursor(); self.summaryLine(self._label.textContent); }
      }, 1000);
      this.keepInUrl();
      return box;
    },
    // The app rewrites the page's query string after a rerun from the view it
    // knows, which holds the frame the link opened at, not the one the user
    // stepped to here (the server never hears of steps). So every rewrite of
    // the page's history is followed by this control's own frame: the frame a
    // user reached survives reruns, and the share box, which reads the
    // address bar, copies it. One hook per page; a rebuilt map's control
    // takes it over.
    keepInUrl: function () {
      var page = pageWindow();
      try {
        page.evPlaybackControl = this;
        if (page.evPlaybackHooked) { return; }
        page.evPlaybackHooked = true;
        ['pushState', 'replaceState'].forEach(function (name) {
          var original = page.history[name];
          page.history[name] = function (state, title, url) {
            var result = original.call(page.history, state, title, url);
            var control = page.evPlaybackControl;
            if (control && !control.writing) {
              try { control.writeUrl(); control.timelineCursor(); } catch (e) {
                page.evPlaybackControl = null;
              }
            }
            return result;
          };
        });
      } catch (e) {
        // A cross-origin page: its URL is not ours to keep.
      }
    },
    // The layers a step changes: marker canvases and grid cells.
    canvases: function () {
      var found = [];
      if (this._map) {
        this._map.eachLayer(function (l) { if (L.EventPlayback.steps(l)) { found.push(l); } });
      }
      return found;
    },
    // The first and last day of the events in view.
    span: function () {
      var lo = Infinity, hi = -Infinity;
      this.canvases().forEach(function (c) {
        if (!c.eventMarkers) {
          var span = c.daySpan();
          if (span) { lo = Math.min(lo, span[0]); hi = Math.max(hi, span[1]); }
          return;
        }
        var days = c.eventMarkers.day;
        for (var i = 0; i < days.length; i++) {
          if (days[i] >= 0) { lo = Math.min(lo, days[i]); hi = Math.max(hi, days[i]); }
        }
      });
      return lo <= hi ? [lo, hi] : null;
    },
    next: function (day, direction) {
      if (this.step === 'day') { return day + direction; }
      if (this.step === 'week') { return day + 7 * direction; }
      var t = new Date(day * DAY);
      return Math.round(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + direction,
        t.getUTCDate()) / DAY);
    },
    stepBy: function (direction) {
      var span = this.span();
      if (!span) { this.unavailable(); return; }
      if (!this.active) { this.active = true; this.at = span[0]; }
      else { this.at = Math.max(span[0], Math.min(span[1], this.next(this.at, direction))); }
      this.steps++;
      this.show();
      if (this.timer && this.at >= span[1]) { this.pause(); }
    },
    // No layer on the map knows its events' days (grid cells answered by a query
    // engine carry counts, not each event's day): say so rather than do nothing.
    unavailable: function () {
      if (this._label) { this._label.textContent = UNAVAILABLE; }
    },
    toggle: function () { if (this.timer) { this.pause(); } else { this.play(); } },
    play: function () {
      var span = this.span(), self = this;
      if (!span) { this.unavailable(); return; }
      if (!this.active || this.at >= span[1]) { this.active = true; this.at = span[0]; this.show(); }
      this.timer = setInterval(function () { self.stepBy(1); }, 1000 / this.speed);
      this._play.textContent = 'II'; this._play.title = 'Pause';
      this._play.setAttribute('aria-label', 'Pause');
    },
    pause: function () {
      clearInterval(this.timer); this.timer = null;
      this._play.textContent = '\u25B6'; this._play.title = 'Play';
      this._play.setAttribute('aria-label', 'Play');
    },
    // The frame: events from `first` to `at` on every marker canvas.
    window: function () {
      if (!this.active) { return null; }
      return [this.trail > 0 ? this.at - this.trail + 1 : -1, this.at];
    },
    show: function () {
      var w = this.window(), shown = 0, total = 0, layers = this.canvases();
      // With cells on the map, they count every event in view (the selected
      // event's own marker drawn beside them is one of those).
      var cells = layers.some(function (c) { return !c.eventMarkers; });
      layers.forEach(function (c) {
        var n = w ? c.setDayWindow(w[0], w[1]) : c.setDayWindow(null);
        if (cells && c.eventMarkers) { return; }
        total += c.eventMarkers ? c.eventMarkers.id.length : c.totalCount();
        shown += n;
      });
      if (!this._label) { return; }
      if (!w) {
        this._label.textContent = 'Play to step through time';
      } else {
        var from = w[0] < 0 ? 'up to ' : dayText(w[0]) + ' \u2013 ';
        this._label.textContent = from + dayText(w[1]) + ' \u00B7 '
          + shown.toLocaleString('en-US') + ' of ' + total.toLocaleString('en-US') + ' events';
      }
      this.writeUrl();
      this.timelineCursor();
      this.summaryLine(w ? this._label.textContent : null);
    },
    // The page's summary line (app_pages/map.py, keyed `summary-line`) says
    // the frame too, so the map, the timeline's cursor and the summary move
    // together; `text` null (not playing) takes it away.
    summaryLine: function (text) {
      var page = pageWindow();
      if (page === window) { return; }
      try {
        var box = page.document.querySelector('.st-key-summary-line');
        var line = box && box.querySelector('p');
        if (!line) { return; }
        var note = line.querySelector('.ev-playback-summary');
        if (!text) { if (note) { note.remove(); } return; }
        if (!note) {
          note = page.document.createElement('span');
          note.className = 'ev-playback-summary';
          note.style.cssText = 'font-weight:400;color:#1a5fb4';
          line.appendChild(note);
        }
        note.textContent = ' \u2014 playback: ' + text;
      } catch (e) {
        return;
      }
    },
    // The frame on the timeline (components/timeline.py, a Vega chart on the
    // page around the map's frame): a blue band over the frame's days ending
    // in a cursor line, laid over the chart and moved at every step. The
    // chart's time scale is read from its own x-axis: two month labels
    // ("Jan 2020") and where they are drawn. The band the chart itself draws
    // for the link's frame is hidden, so one cursor shows where playback is.
    timelineCursor: function () {
      var w = this.window(), page = pageWindow();
      if (page === window) { return; }
      try {
        var box = page.document.querySelector('.st-key-timeline');
        var svg = box && box.querySelector('.vega-embed svg');
        var old = box && box.querySelector('.ev-timeline-cursor');
        if (!svg) { return; }
        var scale = L.EventPlayback.timeScale(svg);
        if (!w || !scale) { if (old) { old.remove(); } return; }
        Array.prototype.forEach.call(svg.querySelectorAll('[class*="playback_"]'), function (g) {
          g.style.display = 'none';
        });
        var span = this.span(), first = w[0] < 0 ? (span ? span[0] : w[1]) : w[0];
        var area = box.getBoundingClientRect(), left = scale.x(first), right = scale.x(w[1] + 1);
        var cursor = old || page.document.createElement('div');
        if (!old) {
          cursor.className = 'ev-timeline-cursor';
          cursor.setAttribute('aria-hidden', 'true');
          cursor.style.cssText = 'position:absolute;pointer-events:none;z-index:2;'
            + 'background:rgba(26,95,180,.16);border-right:2px solid #1a5fb4;box-sizing:border-box';
          if (page.getComputedStyle(box).position === 'static') { box.style.position = 'relative'; }
          box.appendChild(cursor);
        }
        cursor.style.left = (left - area.left) + 'px';
        cursor.style.width = Math.max(2, right - left) + 'px';
        cursor.style.top = (scale.top - area.top) + 'px';
        cursor.style.height = (scale.bottom - scale.top) + 'px';
        cursor.dataset.first = isoDay(first);
        cursor.dataset.last = isoDay(w[1]);
      } catch (e) {
        // A page without the timeline, or not ours to draw on.
        return;
      }
    },
    writeUrl: function () {
      var page = pageWindow();
      try {
        var url = new window.URL(page.location.href);
        if (this.active) {
          url.searchParams.set('play', isoDay(this.at));
          url.searchParams.set('step', this.step);
          url.searchParams.set('trail', this.trail > 0 ? String(this.trail) : 'all');
        }
        if (url.href !== page.location.href) {
          this.writing = true;
          page.history.replaceState(page.history.state, '', url.href);
        }
      } catch (e) {
        // A cross-origin page keeps its URL; the frame still plays.
        return;
      } finally {
        this.writing = false;
      }
    }
  });

  // The control's look, added once: large enough to tap at phone width, and
  // a thick outline on whatever has keyboard focus.
  var CSS = '.ev-playback{display:flex;flex-wrap:wrap;align-items:center;gap:4px;padding:4px;'
    + 'background:rgba(255,255,255,.95);font:12px/1.3 system-ui,sans-serif;color:#222;'
    + 'max-width:calc(100vw - 40px)}'
    + '.ev-playback .ev-pb-button{width:30px;height:30px;border:1px solid #999;border-radius:4px;'
    + 'background:#fff;font-size:14px;cursor:pointer;padding:0}'
    + '.ev-playback .ev-pb-select{height:30px;font:12px system-ui,sans-serif;max-width:110px}'
    + '.ev-playback .ev-pb-label{padding:0 4px;white-space:nowrap}'
    + '.ev-playback:focus-visible,.ev-playback button:focus-visible,'
    + '.ev-playback select:focus-visible{outline:3px solid #1a5fb4;outline-offset:1px}';
  function addStyle() {
    if (document.getElementById('ev-playback-css')) { return; }
    var tag = document.createElement('style');
    tag.id = 'ev-playback-css'; tag.textContent = CSS;
    document.head.appendChild(tag);
  }

  // The timeline chart's time scale, read from its SVG: `x(day)` in page
  // pixels from the x-axis labels (components/timeline.py: "%b %Y" at the
  // first of the month, or "%-d %b %Y" for a span of weeks; each anchored at
  // its tick),
  // and the plot's top and bottom from the vertical grid lines; null when
  // fewer than two labels are drawn.
  L.EventPlayback.timeScale = function (svg) {
    var ticks = [], top = Infinity, bottom = -Infinity;
    Array.prototype.forEach.call(svg.querySelectorAll('.role-axis-label text'), function (t) {
      var m = /^(?:([0-9]{1,2}) )?([A-Z][a-z]{2}) ([0-9]{4})$/.exec((t.textContent || '').trim());
      var month = m ? MONTHS.indexOf(m[2]) : -1;
      if (month < 0) { return; }
      // The label's anchor is its tick: the middle, or an edge for the flush first and last.
      var r = t.getBoundingClientRect(), anchor = t.getAttribute('text-anchor');
      var x = anchor === 'start' ? r.left : (anchor === 'end' ? r.right : r.left + r.width / 2);
      ticks.push([Date.UTC(parseInt(m[3], 10), month, m[1] ? parseInt(m[1], 10) : 1) / DAY, x]);
    });
    Array.prototype.forEach.call(svg.querySelectorAll('.role-axis-grid line, .role-axis-grid path'), function (g) {
      var r = g.getBoundingClientRect();
      if (r.height > r.width) { top = Math.min(top, r.top); bottom = Math.max(bottom, r.bottom); }
    });
    if (ticks.length < 2) { return null; }
    ticks.sort(function (a, b) { return a[0] - b[0]; });
    var a = ticks[0], b = ticks[ticks.length - 1];
    if (b[0] === a[0]) { return null; }
    if (!(top < bottom)) {
      var box = svg.getBoundingClientRect(); top = box.top; bottom = box.bottom;
    }
    return {
      x: function (day) { return a[1] + (day - a[0]) * (b[1] - a[1]) / (b[0] - a[0]); },
      top: top, bottom: bottom
    };
  };

  // Whether a step changes layer `l`: a marker canvas, or grid cells.
  L.EventPlayback.steps = function (l) {
    return l instanceof L.EventCanvas || !!(l && l.setDayWindow && l.daySpan);
  };

  L.eventPlayback = function (map, options) {
    addStyle();
    var control = new L.EventPlayback(options);
    map.eventPlayback = control;
    return control.addTo(map);
  };

  // Every map on the page gets the control once, when it is created.
  L.Map.addInitHook(function () { L.eventPlayback(this); });
}());
