/* global document, window, navigator, localStorage, fetch, setTimeout, setInterval, clearTimeout */
// Check-in on a phone (progressive enhancement: without this script the page's forms post as
// usual). It adds:
// - a camera QR reader: BarcodeDetector where the browser has it, else the jsQR decoder
//   (public/jsqr.js, loaded only then);
// - an offline queue: every check-in made here (camera, typed code, a tick on the list) is
//   first written to localStorage with the time it was made, then sent to the server's sync
//   endpoint as JSON (x-csrf-token header). When the connection is down it waits, and is sent
//   when the connection returns ('online' event, and a retry every 20 s). The server answers
//   each item (ok / already / unknown code / another activity's or office's code …) in the
//   reader's script; the answer is announced in a live region and on the person's row.
//   (POST /api/v1/offices/{office}/activities/{activity}/check-ins, in the OpenAPI document.)
(function () {
  'use strict';
  var box = document.getElementById('camera');
  if (!box || !window.fetch || !window.localStorage || !window.JSON || !window.Promise) return;
  var syncUrl = box.getAttribute('data-sync');
  var session = box.getAttribute('data-session');
  var csrfInput = document.querySelector('input[name="_csrf"]');
  var token = csrfInput ? csrfInput.value : '';
  var KEY = 'kzm-checkin:' + syncUrl;
  var status = document.getElementById('camera-status');
  var queueStatus = document.getElementById('queue-status');
  var video = document.getElementById('camera-video');
  var toggle = document.getElementById('camera-toggle');
  var CODE = /[A-Za-z0-9_-]{16,64}/g;

  function msg(name, vars) {
    var s = box.getAttribute('data-msg-' + name) || '';
    if (vars) {
      Object.keys(vars).forEach(function (k) {
        s = s.split('{' + k + '}').join(String(vars[k]));
      });
    }
    return s;
  }

  function announce(text) {
    status.textContent = text;
  }

  // ── The queue ────────────────────────────────────────────────────────────
  function load() {
    try {
      var q = JSON.parse(localStorage.getItem(KEY) || '[]');
      return Array.isArray(q) ? q : [];
    } catch {
      return [];
    }
  }

  function save(q) {
    try {
      localStorage.setItem(KEY, JSON.stringify(q));
    } catch {
      // Storage full or forbidden: the item stays in memory for this page only.
    }
    showQueue(q);
  }

  function showQueue(q) {
    var n = (q || load()).length;
    queueStatus.textContent = n > 0 ? msg('queue', { n: n }) : '';
  }

  // A typed entry code as the server reads it (KZM-4F7-Q2X, kzm 4f7q2x …): the bare six characters.
  function entryOf(code) {
    var s = String(code)
      .toUpperCase()
      .replace(/[^0-9A-Z]/g, '');
    return s.length === 9 && s.indexOf('KZM') === 0 ? s.slice(3) : s;
  }

  // The row of a registration: by its id when the server named it, else by the QR or entry code.
  function rowOf(code, id) {
    if (id) return document.getElementById('r-' + id);
    var entry = entryOf(code);
    var rows = document.querySelectorAll('li[data-code]');
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].getAttribute('data-code') === code || rows[i].getAttribute('data-entry') === entry) return rows[i];
    }
    return null;
  }

  // "Present N of M": counted up when a row turns present, so the counter stays live.
  var summary = document.getElementById('summary');
  var summaryCount = document.getElementById('summary-count');
  function countPresent() {
    if (!summary || !summaryCount) return;
    var n = Number(summary.getAttribute('data-present') || '0') + 1;
    summary.setAttribute('data-present', String(n));
    summaryCount.textContent = (summary.getAttribute('data-msg-summary') || '')
      .split('{present}')
      .join(String(n))
      .split('{confirmed}')
      .join(summary.getAttribute('data-confirmed') || '');
  }

  function markRow(code, text, present, id) {
    var row = rowOf(code, id);
    if (!row) return;
    var state = row.querySelector('.checkin-state');
    if (state) state.textContent = text;
    if (present) {
      var form = row.querySelector('form.checkin-toggle');
      var flag = form && form.querySelector('input[name="present"]');
      var button = form && form.querySelector('button');
      if (flag && button && flag.value === '1') {
        flag.value = '0';
        if (button.firstChild && button.firstChild.nodeType === 3) button.firstChild.nodeValue = msg('unmark');
        countPresent();
      }
    }
  }

  function timeNow() {
    var d = new Date();
    return (d.getHours() < 10 ? '0' : '') + d.getHours() + ':' + (d.getMinutes() < 10 ? '0' : '') + d.getMinutes();
  }

  function enqueue(code, method) {
    var q = load();
    q.push({
      id: Date.now().toString(36) + Math.random().toString(36).slice(2, 8),
      code: code,
      session: session,
      at: new Date().toISOString(),
      method: method,
    });
    save(q);
    markRow(code, msg('pending'), false);
    flush();
  }

  var flushing = false;
  function flush() {
    if (flushing) return;
    var q = load();
    if (q.length === 0) return;
    if (navigator.onLine === false) {
      announce(msg('queued'));
      return;
    }
    flushing = true;
    var batch = q.slice(0, 500);
    fetch(syncUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': token },
      body: JSON.stringify({ locale: box.getAttribute('data-locale') || undefined, items: batch }),
    })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      })
      .then(function (body) {
        var answered = {};
        var messages = [];
        body.results.forEach(function (r) {
          answered[r.id] = true;
          messages.push(r.message);
          var item = batch.filter(function (i) {
            return i.id === r.id;
          })[0];
          if (!item) return;
          var present = r.outcome === 'ok' || r.outcome === 'already';
          markRow(item.code, present ? msg('present', { time: timeNow() }) : r.message, present, r.registration);
        });
        save(
          load().filter(function (i) {
            return !answered[i.id];
          }),
        );
        announce(messages.slice(-3).join(' '));
      })
      .catch(function () {
        announce(msg('queued'));
      })
      .then(function () {
        flushing = false;
        if (load().length > 0 && navigator.onLine !== false) setTimeout(flush, 20000);
      });
  }

  window.addEventListener('online', flush);
  setInterval(flush, 20000);

  // ── Forms: a typed code and a tick on the list go through the queue ─────
  var codeForm = document.querySelector('form.checkin-code');
  if (codeForm) {
    codeForm.addEventListener('submit', function (event) {
      var field = codeForm.querySelector('input[name="code"]');
      var code = field ? field.value.replace(/\s+/g, '') : '';
      if (!code) return; // the server explains what is missing
      event.preventDefault();
      enqueue(code, 'qr');
      field.value = '';
      field.focus();
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('form.checkin-toggle'), function (form) {
    form.addEventListener('submit', function (event) {
      var flag = form.querySelector('input[name="present"]');
      var row = form.closest('li[data-code]');
      if (!flag || flag.value !== '1' || !row) return; // undoing posts as usual
      event.preventDefault();
      enqueue(row.getAttribute('data-code'), 'list');
    });
  });

  // ── The camera ───────────────────────────────────────────────────────────
  var stream = null;
  var timer = null;
  var detect = null;
  var lastCode = '';
  var lastAt = 0;

  function loadJsQr() {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) return resolve(window.jsQR);
      var s = document.createElement('script');
      s.src = box.getAttribute('data-jsqr');
      s.onload = function () {
        if (window.jsQR) resolve(window.jsQR);
        else reject(new Error('jsQR'));
      };
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  function makeDetector() {
    if ('BarcodeDetector' in window) {
      try {
        var detector = new window.BarcodeDetector({ formats: ['qr_code'] });
        return Promise.resolve(function () {
          return detector.detect(video).then(function (codes) {
            return codes.length > 0 ? codes[0].rawValue : null;
          });
        });
      } catch {
        // Fall through to jsQR (a browser that names the class but lacks the QR format).
      }
    }
    return loadJsQr().then(function (jsQR) {
      var canvas = document.createElement('canvas');
      var ctx = canvas.getContext('2d', { willReadFrequently: true });
      return function () {
        var w = video.videoWidth;
        var h = video.videoHeight;
        if (!w || !h) return Promise.resolve(null);
        canvas.width = w;
        canvas.height = h;
        ctx.drawImage(video, 0, 0, w, h);
        var found = jsQR(ctx.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: 'dontInvert' });
        return Promise.resolve(found ? found.data : null);
      };
    });
  }

  function scan() {
    if (!stream || !detect) return;
    detect()
      .then(function (value) {
        if (!value) return;
        var tokens = String(value).match(CODE);
        var code = tokens ? tokens[tokens.length - 1] : '';
        var now = Date.now();
        if (!code || (code === lastCode && now - lastAt < 5000)) return;
        lastCode = code;
        lastAt = now;
        if (navigator.vibrate) navigator.vibrate(80);
        enqueue(code, 'qr');
      })
      .catch(function () {})
      .then(function () {
        if (stream) timer = setTimeout(scan, 250);
      });
  }

  function stop() {
    if (stream)
      stream.getTracks().forEach(function (t) {
        t.stop();
      });
    stream = null;
    clearTimeout(timer);
    video.hidden = true;
    video.srcObject = null;
    toggle.textContent = msg('start');
  }

  function start() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      announce(msg('none'));
      return;
    }
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        toggle.textContent = msg('stop');
        announce(msg('scanning'));
        return video.play().then(makeDetector);
      })
      .then(function (d) {
        detect = d;
        scan();
      })
      .catch(function (err) {
        stop();
        announce(err && err.name === 'NotAllowedError' ? msg('denied') : msg('none'));
      });
  }

  toggle.addEventListener('click', function () {
    if (stream) stop();
    else start();
  });

  box.hidden = false;
  showQueue();
  flush();
})();
