/*
 * Newsroom donate widget: the "Since you're here…" appeal under an article.
 *   <script async src="https://GATEWAY/widgets/donate.js"></script>
 *   <div data-donate-epic></div>
 * Copy, amounts and limits come from the appeal's A/B test on the server; a first-party id (this site's storage
 * only) keeps a reader's variant stable. Payment happens on the payment provider's page; the reader comes back to
 * this page with ?contribution=success or ?contribution=cancelled.
 */
(function () {
  'use strict';
  var tag = document.currentScript;
  if (!tag || window.__newsroomDonate) { return; }
  window.__newsroomDonate = true;
  var api = new URL(tag.src, location.href).origin;
  var FREQUENCIES = [['ONE_OFF', 'Single'], ['MONTHLY', 'Monthly'], ['ANNUAL', 'Annual']];
  var uid = 0;

  function randomId() {
    var bytes = window.crypto && crypto.getRandomValues ? crypto.getRandomValues(new Uint8Array(16)) : [];
    var id = Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
    return id || String(Date.now()) + String(Math.random()).slice(2, 10);
  }

  function readerId() {
    try {
      var id = localStorage.getItem('newsroom.epic');
      if (!id) { id = randomId(); localStorage.setItem('newsroom.epic', id); }
      return id;
    } catch (e) { return null; }
  }

  function el(name, attrs, text) {
    var node = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'className') { node.className = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  /* Hidden whatever the page's own CSS says about the element's display. */
  function show(node, visible) {
    node.hidden = !visible;
    node.style.display = visible ? '' : 'none';
  }

  /* Money stays in integer minor units; only the text shown to the reader goes through Intl. */
  function money(minor, currency, digits) {
    var scale = Math.pow(10, digits);
    var whole = Math.floor(minor / scale), part = minor % scale;
    var text = digits && part ? whole + '.' + String(part + scale).slice(1) : String(whole);
    try {
      return new Intl.NumberFormat(undefined, {style: 'currency', currency: currency,
        minimumFractionDigits: part ? digits : 0, maximumFractionDigits: digits}).format(Number(text));
    } catch (e) { return text + ' ' + currency; }
  }

  /* "12", "12.5", "12,50" -> minor units; null when it is not an amount of this currency. */
  function parseAmount(text, digits) {
    var match = /^\s*(\d{1,9})(?:[.,](\d*))?\s*$/.exec(text || '');
    if (!match || (match[2] && match[2].length > digits)) { return null; }
    var fraction = ((match[2] || '') + '000000').slice(0, digits);
    return parseInt(match[1], 10) * Math.pow(10, digits) + (digits ? parseInt(fraction, 10) : 0);
  }

  function send(path, body, headers) {
    return fetch(api + path, {
      method: 'POST', credentials: 'omit', keepalive: !headers,
      headers: Object.assign({'Content-Type': 'application/json'}, headers || {}),
      body: JSON.stringify(body)
    });
  }

  function render(root, offer) {
    var state = {currency: offer.currency, frequency: 'ONE_OFF', amount: null, other: false, key: null};
    var id = 'nr-epic-' + (++uid);
    var section = el('section', {className: 'nr-epic', 'aria-labelledby': id + '-heading', id: 'support'});
    section.appendChild(el('h2', {className: 'nr-epic-heading', id: id + '-heading'}, offer.heading));
    (offer.paragraphs || []).forEach(function (text) { section.appendChild(el('p', {className: 'nr-epic-text'}, text)); });
    if (offer.highlight) { section.appendChild(el('p', {className: 'nr-epic-highlight'}, offer.highlight)); }
    var ticker = el('div', {className: 'nr-epic-ticker'});
    show(ticker, false);
    section.appendChild(ticker);
    var status = el('p', {className: 'nr-epic-status', role: 'status', 'aria-live': 'polite'});
    var result = new URLSearchParams(location.search).get('contribution');
    var form = el('form', {className: 'nr-epic-form', novalidate: ''});
    section.appendChild(form);
    section.appendChild(status);
    root.textContent = '';
    root.appendChild(section);

    if (result === 'success') {
      show(form, false);
      section.classList.add('nr-epic-thanks');
      status.textContent = 'Thank you for supporting our journalism. Your contribution makes a difference.';
    } else if (result === 'cancelled') {
      status.textContent = 'No payment was taken. You can try again whenever you like.';
    }

    function options() { return offer.options[state.currency]; }
    function choice() { return options().frequencies[state.frequency]; }

    var frequencyGroup = el('fieldset', {className: 'nr-epic-frequencies'});
    frequencyGroup.appendChild(el('legend', {}, 'How often would you like to give?'));
    FREQUENCIES.forEach(function (f) {
      if (!options().frequencies[f[0]]) { return; }
      var inputId = id + '-f-' + f[0];
      var input = el('input', {type: 'radio', name: id + '-frequency', id: inputId, value: f[0]});
      input.checked = f[0] === state.frequency;
      input.addEventListener('change', function () { state.frequency = f[0]; state.amount = null; drawAmounts(); });
      var label = el('label', {'for': inputId, className: 'nr-epic-choice'});
      label.appendChild(input);
      label.appendChild(document.createTextNode(' ' + f[1]));
      frequencyGroup.appendChild(label);
    });
    form.appendChild(frequencyGroup);

    var amountGroup = el('fieldset', {className: 'nr-epic-amounts'});
    form.appendChild(amountGroup);
    var otherInput = el('input', {type: 'text', inputmode: 'decimal', id: id + '-other', className: 'nr-epic-other',
      autocomplete: 'off', 'aria-describedby': id + '-limits'});
    var limits = el('p', {className: 'nr-epic-limits', id: id + '-limits'});

    function drawAmounts() {
      amountGroup.textContent = '';
      amountGroup.appendChild(el('legend', {}, 'Amount'));
      var opts = options(), c = choice();
      c.presets.concat(['other']).forEach(function (preset, index) {
        var inputId = id + '-a-' + index;
        var input = el('input', {type: 'radio', name: id + '-amount', id: inputId, value: String(preset)});
        input.checked = preset === 'other' ? state.other : (!state.other && preset === state.amount);
        input.addEventListener('change', function () {
          state.other = preset === 'other';
          state.amount = state.other ? null : preset;
          show(otherLabel, state.other);
          if (state.other) { otherInput.focus(); }
          status.textContent = '';
        });
        var label = el('label', {'for': inputId, className: 'nr-epic-choice'});
        label.appendChild(input);
        label.appendChild(document.createTextNode(' ' + (preset === 'other' ? 'Other' : money(preset, state.currency, opts.fractionDigits))));
        amountGroup.appendChild(label);
      });
      var otherLabel = el('label', {'for': id + '-other', className: 'nr-epic-other-label'}, 'Other amount (' + state.currency + ')');
      otherLabel.appendChild(otherInput);
      show(otherLabel, state.other);
      amountGroup.appendChild(otherLabel);
      limits.textContent = 'From ' + money(c.min, state.currency, opts.fractionDigits) + ' to '
        + money(c.max, state.currency, opts.fractionDigits) + '.';
      amountGroup.appendChild(limits);
    }

    var currencyLabel = el('label', {className: 'nr-epic-currency', 'for': id + '-currency'}, 'Currency ');
    var currencySelect = el('select', {id: id + '-currency'});
    Object.keys(offer.options).forEach(function (code) {
      var option = el('option', {value: code}, code);
      option.selected = code === state.currency;
      currencySelect.appendChild(option);
    });
    currencySelect.addEventListener('change', function () {
      state.currency = currencySelect.value;
      state.amount = null;
      drawAmounts();
    });
    currencyLabel.appendChild(currencySelect);
    form.appendChild(currencyLabel);
    var submit = el('button', {type: 'submit', className: 'nr-epic-button'}, offer.button || 'Support us');
    form.appendChild(submit);
    drawAmounts();

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var opts = options(), c = choice();
      var amount = state.other ? parseAmount(otherInput.value, opts.fractionDigits) : state.amount;
      if (amount === null) {
        status.textContent = state.other ? 'Please enter an amount, such as ' + money(c.presets[0] || c.min, state.currency, opts.fractionDigits) + '.'
          : 'Please choose an amount.';
        return;
      }
      if (amount < c.min || amount > c.max) {
        status.textContent = 'Please enter an amount between ' + money(c.min, state.currency, opts.fractionDigits)
          + ' and ' + money(c.max, state.currency, opts.fractionDigits) + '.';
        if (state.other) { otherInput.focus(); }
        return;
      }
      var attempt = [amount, state.currency, state.frequency].join('/');
      if (!state.key || state.key.attempt !== attempt) { state.key = {attempt: attempt, value: randomId()}; }
      var back = new URL(location.href);
      back.searchParams.delete('contribution');
      back.hash = '';
      submit.disabled = true;
      status.textContent = 'Taking you to our secure payment page…';
      send('/api/donations/checkouts', {
        amount: amount, currency: state.currency, frequency: state.frequency, returnUrl: back.href,
        context: {pageUrl: back.href.slice(0, 2048), variant: offer.variant, country: offer.country || undefined}
      }, {'Idempotency-Key': state.key.value}).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (response.ok && body.checkoutUrl) {
            location.assign(body.checkoutUrl);
            return;
          }
          submit.disabled = false;
          state.key = response.status >= 500 ? state.key : null; // a retry after a server error reuses the key
          status.textContent = response.status === 429
            ? 'Too many attempts from your connection. Please wait a minute and try again.'
            : response.status >= 500 ? 'We cannot take contributions right now. Please try again in a few minutes.'
            : 'Please check your contribution: ' + (body.detail || 'it could not be accepted') + '.';
        });
      }).catch(function () {
        submit.disabled = false;
        status.textContent = 'We could not reach our payment service. Please check your connection and try again.';
      });
    });

    if (offer.showTicker) {
      fetch(api + '/api/donations/ticker', {credentials: 'omit'}).then(function (r) { return r.ok ? r.json() : null; })
        .then(function (t) {
          if (!t || !t.goal) { return; }
          var digits = (offer.options[t.goal.currency] || {fractionDigits: 2}).fractionDigits;
          var bar = el('progress', {max: String(t.goal.minorUnits), value: String(Math.min(t.raised.minorUnits, t.goal.minorUnits)),
            'aria-label': 'Raised toward our goal'});
          ticker.appendChild(bar);
          ticker.appendChild(el('p', {className: 'nr-epic-ticker-text'}, money(t.raised.minorUnits, t.raised.currency, digits)
            + ' raised of our ' + money(t.goal.minorUnits, t.goal.currency, digits) + ' goal'));
          show(ticker, true);
        }).catch(function () {});
    }

    // One view per page view, counted once the appeal is actually on screen.
    var viewId = randomId();
    if ('IntersectionObserver' in window) {
      var seen = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) {
          seen.disconnect();
          send('/api/donations/epic/views', {variant: offer.variant, viewId: viewId}).catch(function () {});
        }
      }, {threshold: 0.5});
      seen.observe(section);
    }
  }

  function start() {
    var root = document.querySelector('[data-donate-epic]');
    if (!root) { return; }
    var reader = readerId();
    fetch(api + '/api/donations/epic' + (reader ? '?reader=' + encodeURIComponent(reader) : ''), {credentials: 'omit'})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (offer) { if (offer && offer.options) { render(root, offer); } })
      .catch(function () { /* no appeal today: the article stands on its own */ });
  }

  try {
    if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
  } catch (e) { /* never break the publisher's page */ }
})();
