/* What every dashboard page shares: who is signed in, calls to /dashboards/api with the CSRF token, money in minor
   units rendered for people, tables, charts (uPlot) and CSV downloads. */
(function () {
  'use strict';
  var API = '/dashboards/api';

  function cookie(name) {
    var match = document.cookie.split('; ').filter(function (c) { return c.indexOf(name + '=') === 0; })[0];
    return match ? decodeURIComponent(match.slice(name.length + 1)) : null;
  }

  function el(name, attrs, text) {
    var node = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'className') { node.className = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function problemText(response, body) {
    if (response.status === 401) { return 'Your session has ended. Reload the page to sign in again.'; }
    if (response.status === 403) { return 'Your role does not allow this.'; }
    if (body && body.errors && body.errors.length) {
      return body.errors.map(function (e) { return e.field + ' ' + e.message; }).join('; ');
    }
    return (body && body.detail) || ('The request failed (' + response.status + ').');
  }

  function call(method, path, body, headers) {
    var h = Object.assign({'Accept': 'application/json'}, headers || {});
    if (method !== 'GET') {
      h['Content-Type'] = 'application/json';
      var csrf = cookie('XSRF-TOKEN');
      if (csrf) { h['X-XSRF-TOKEN'] = csrf; }
    }
    return fetch(API + path, {method: method, headers: h, body: body ? JSON.stringify(body) : undefined,
      credentials: 'same-origin'}).then(function (response) {
      return response.text().then(function (text) {
        var parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
        if (!response.ok) { throw new Error(problemText(response, parsed)); }
        return parsed;
      });
    });
  }

  function money(minor, currency) {
    if (minor === null || minor === undefined) { return '—'; }
    var digits = 2;
    try { digits = new Intl.NumberFormat('en', {style: 'currency', currency: currency}).resolvedOptions().maximumFractionDigits; } catch (e) { digits = 2; }
    var scale = Math.pow(10, digits), negative = minor < 0, abs = Math.abs(minor);
    var text = (negative ? '-' : '') + Math.floor(abs / scale) + (digits ? '.' + String(abs % scale + scale).slice(1) : '');
    try {
      return new Intl.NumberFormat('en', {style: 'currency', currency: currency}).format(Number(text));
    } catch (e) { return text + ' ' + currency; }
  }

  /* ONE_OFF -> One-off, PARTIALLY_REFUNDED -> Partially refunded. */
  function words(code) {
    if (!code) { return '—'; }
    var text = String(code).toLowerCase().replace(/_/g, ' ');
    return text === 'one off' ? 'One-off' : text.charAt(0).toUpperCase() + text.slice(1);
  }

  function when(iso) {
    return iso ? new Date(iso).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '—';
  }

  /* columns: [{label, value(row) -> text|Node, num}] */
  function table(container, caption, columns, rows) {
    container.textContent = '';
    var wrap = el('div', {className: 'table-wrap'});
    var t = el('table');
    t.appendChild(el('caption', {}, caption));
    var head = el('tr');
    columns.forEach(function (c) { head.appendChild(el('th', {scope: 'col', className: c.num ? 'num' : ''}, c.label)); });
    t.appendChild(el('thead')).appendChild(head);
    var body = el('tbody');
    rows.forEach(function (row) {
      var tr = el('tr');
      columns.forEach(function (c) {
        var v = c.value(row);
        var td = el('td', {className: c.num ? 'num' : ''});
        if (v instanceof Node) { td.appendChild(v); } else { td.textContent = v === null || v === undefined ? '—' : String(v); }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    if (!rows.length) {
      var empty = el('td', {colspan: String(columns.length), className: 'muted'}, 'Nothing for these filters.');
      body.appendChild(el('tr')).appendChild(empty);
    }
    t.appendChild(body);
    wrap.appendChild(t);
    container.appendChild(wrap);
    return t;
  }

  /* A line chart with uPlot: x = days, one series per label. */
  function chart(container, days, series) {
    container.textContent = '';
    if (!window.uPlot || !days.length) { return; }
    var xs = days.map(function (d) { return Date.parse(d + 'T00:00:00Z') / 1000; });
    var colours = ['#052962', '#c70000', '#22874d', '#ff7f0f', '#7d0068'];
    var opts = {width: Math.min(container.clientWidth || 900, 1100), height: 260, tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'); },
      series: [{}].concat(series.map(function (s, i) { return {label: s.label, stroke: colours[i % colours.length], width: 2}; })),
      axes: [{}, {size: 70}]};
    new uPlot(opts, [xs].concat(series.map(function (s) { return s.values; })), container);
  }

  function download(path, filename) {
    return fetch(API + path, {headers: {'Accept': 'text/csv'}, credentials: 'same-origin'}).then(function (response) {
      if (!response.ok) { throw new Error('The export failed (' + response.status + ').'); }
      return response.blob();
    }).then(function (blob) {
      var link = el('a', {href: URL.createObjectURL(blob), download: filename});
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    });
  }

  function say(node, text, kind) {
    node.textContent = text || '';
    node.className = 'status' + (kind ? ' ' + kind : '');
  }

  function formQuery(form) {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.value) { params.set(field.name, field.value.trim()); }
    });
    return params;
  }

  /* Every day from one date to another (YYYY-MM-DD), so charts show quiet days as zero, not as gaps. */
  function daysBetween(from, to) {
    var days = [], day = Date.parse(from + 'T00:00:00Z'), end = Date.parse(to + 'T00:00:00Z');
    while (day <= end && days.length < 400) {
      days.push(new Date(day).toISOString().slice(0, 10));
      day += 86400000;
    }
    return days;
  }

  function today(offsetDays) {
    var d = new Date(Date.now() + (offsetDays || 0) * 86400000);
    return d.toISOString().slice(0, 10);
  }

  var me = fetch('/dashboards/me', {headers: {'Accept': 'application/json'}, credentials: 'same-origin'})
    .then(function (r) { return r.ok ? r.json() : null; });

  me.then(function (person) {
    var who = document.querySelector('[data-who]');
    if (who && person) { who.textContent = person.name + ' (' + person.roles.join(', ') + ')'; }
    var csrf = document.querySelector('form.sign-out input[name=_csrf]');
    if (csrf) { csrf.value = cookie('XSRF-TOKEN') || ''; }
  });

  window.Dashboard = {call: call, money: money, when: when, words: words, table: table, chart: chart, download: download, el: el,
    say: say, formQuery: formQuery, today: today, daysBetween: daysBetween, me: me};
})();
