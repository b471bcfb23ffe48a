(function () {
  'use strict';
  var D = Dashboard, el = D.el;
  var form = document.querySelector('[data-filters]');
  var status = document.querySelector('[data-status]');
  var list = document.querySelector('[data-list]');
  var more = document.querySelector('[data-more]');
  var dialog = document.querySelector('[data-refund]');
  var rows = [], nextCursor = null, canRefund = false;

  form.elements.from.value = D.today(-29);
  form.elements.to.value = D.today(0);

  function drawList() {
    D.table(list, 'Newest first', [
      {label: 'Created', value: function (r) { return D.when(r.createdAt); }},
      {label: 'Amount', num: true, value: function (r) { return D.money(r.amount, r.currency); }},
      {label: 'Frequency', value: function (r) { return D.words(r.frequency); }},
      {label: 'Status', value: function (r) { return D.words(r.status); }},
      {label: 'Fee', num: true, value: function (r) { return r.fee === null ? '—' : D.money(r.fee, r.settlementCurrency || r.currency); }},
      {label: 'Net', num: true, value: function (r) { return r.net === null ? '—' : D.money(r.net, r.settlementCurrency || r.currency); }},
      {label: 'Refunded', num: true, value: function (r) { return r.refunded ? D.money(r.refunded, r.currency) : ''; }},
      {label: 'Country', value: function (r) { return r.country; }},
      {label: 'Variant', value: function (r) { return r.variant; }},
      {label: 'Donor', value: function (r) { return r.email; }},
      {label: 'Contribution', value: function (r) { return r.id; }},
      {label: 'Actions', value: function (r) {
        var refundable = canRefund && r.amount > r.refunded && ['PAID', 'PARTIALLY_REFUNDED'].indexOf(String(r.status).toUpperCase()) >= 0;
        if (!refundable) { return ''; }
        var button = el('button', {type: 'button', className: 'secondary'}, 'Refund…');
        button.addEventListener('click', function () { openRefund(r); });
        return button;
      }}
    ], rows);
    more.hidden = !nextCursor;
  }

  function loadList(append) {
    var q = D.formQuery(form);
    q.set('limit', '50');
    if (append && nextCursor) { q.set('cursor', nextCursor); }
    return D.call('GET', '/donations/finance/contributions?' + q).then(function (page) {
      rows = append ? rows.concat(page.items) : page.items;
      nextCursor = page.nextCursor;
      drawList();
    });
  }

  function loadTotals() {
    var q = new URLSearchParams();
    ['from', 'to', 'tz', 'currency', 'frequency', 'country'].forEach(function (k) { if (form.elements[k].value) { q.set(k, form.elements[k].value); } });
    return D.call('GET', '/donations/finance/totals?' + q).then(function (totals) {
      var cards = document.querySelector('[data-cards]');
      cards.textContent = '';
      totals.total.forEach(function (t) {
        [['Gross', t.gross], ['Fees', t.fees], ['Net', t.net], ['Refunds', t.refunds]].forEach(function (pair) {
          var card = el('div', {className: 'card'});
          card.appendChild(el('div', {className: 'value'}, D.money(pair[1], t.currency)));
          card.appendChild(el('div', {className: 'label'}, pair[0] + ' (' + t.currency + ', ' + t.count + ' contributions)'));
          cards.appendChild(card);
        });
      });
      var currencies = Array.from(new Set(totals.days.map(function (d) { return d.currency; })));
      var days = D.daysBetween(form.elements.from.value, form.elements.to.value);
      D.chart(document.querySelector('[data-chart]'), days, currencies.map(function (c) {
        return {label: 'Gross ' + c, values: days.map(function (day) {
          var row = totals.days.filter(function (d) { return d.date === day && d.currency === c; })[0];
          return row ? row.gross / 100 : 0; // chart scale only; figures in the tables stay exact
        })};
      }));
      D.table(document.querySelector('[data-totals]'), 'Per day and currency (' + totals.timeZone + ')', [
        {label: 'Day', value: function (r) { return r.date; }},
        {label: 'Currency', value: function (r) { return r.currency; }},
        {label: 'Count', num: true, value: function (r) { return r.count; }},
        {label: 'Gross', num: true, value: function (r) { return D.money(r.gross, r.currency); }},
        {label: 'Fees', num: true, value: function (r) { return D.money(r.fees, r.currency); }},
        {label: 'Net', num: true, value: function (r) { return D.money(r.net, r.currency); }},
        {label: 'Refunds', num: true, value: function (r) { return D.money(r.refunds, r.currency); }},
        {label: 'Disputes', num: true, value: function (r) { return D.money(r.disputes, r.currency); }}
      ], totals.days);
    });
  }

  function loadVariants() {
    return D.call('GET', '/donations/finance/variants?from=' + form.elements.from.value + '&to=' + form.elements.to.value)
      .then(function (variants) {
        D.table(document.querySelector('[data-variants]'), 'Views, checkouts and money per variant (UTC days)', [
          {label: 'Variant', value: function (r) { return r.variant; }},
          {label: 'Views', num: true, value: function (r) { return r.views; }},
          {label: 'Checkouts started', num: true, value: function (r) { return r.checkouts; }},
          {label: 'Contributions', num: true, value: function (r) { return r.collected; }},
          {label: 'Raised', value: function (r) { return Object.keys(r.collectedMinorUnits).map(function (c) { return D.money(r.collectedMinorUnits[c], c); }).join(', '); }},
          {label: 'Conversion', num: true, value: function (r) { return r.conversionRate === null ? '—' : (r.conversionRate * 100).toFixed(2) + ' %'; }}
        ], variants);
      });
  }

  function loadPayouts() {
    return D.call('GET', '/donations/finance/payouts').then(function (payouts) {
      D.table(document.querySelector('[data-payouts]'), 'Recent payouts', [
        {label: 'Payout', value: function (p) { return p.id; }},
        {label: 'Amount', num: true, value: function (p) { return D.money(p.amount, String(p.currency).toUpperCase()); }},
        {label: 'Status', value: function (p) { return p.status; }},
        {label: 'Created', value: function (p) { return D.when(p.created); }},
        {label: '', value: function (p) {
          var button = el('button', {type: 'button', className: 'secondary'}, 'Reconcile');
          button.addEventListener('click', function () { reconcile(p.id); });
          return button;
        }}
      ], payouts.items || payouts);
    });
  }

  function reconcile(id) {
    var target = document.querySelector('[data-reconciliation]');
    D.say(status, 'Reconciling ' + id + '…');
    D.call('GET', '/donations/finance/payouts/' + encodeURIComponent(id) + '/reconciliation').then(function (report) {
      var cur = String(report.payout.currency).toUpperCase();
      var lines = [].concat(
        report.matched.map(function (l) { return Object.assign({outcome: 'matched'}, l); }),
        report.amountMismatches.map(function (l) { return Object.assign({outcome: 'amount mismatch'}, l); }),
        report.missingInLedger.map(function (l) { return Object.assign({outcome: 'missing in ledger'}, l); }),
        report.other.map(function (l) { return Object.assign({outcome: 'other'}, l); }));
      D.table(target, 'Payout ' + id + ': unexplained difference ' + D.money(report.totals.unexplained, cur), [
        {label: 'Outcome', value: function (l) { return l.outcome; }},
        {label: 'Balance transaction', value: function (l) { return l.balanceTransactionId; }},
        {label: 'Contribution', value: function (l) { return l.contributionId; }},
        {label: 'Amount', num: true, value: function (l) { return D.money(l.amount, cur); }},
        {label: 'Fee', num: true, value: function (l) { return D.money(l.fee, cur); }},
        {label: 'Net', num: true, value: function (l) { return D.money(l.net, cur); }},
        {label: 'Problem', value: function (l) { return l.problem || ''; }}
      ], lines);
      D.say(status, report.totals.unexplained === 0 ? 'Payout ' + id + ' reconciles exactly.' : 'Payout ' + id + ' has an unexplained difference.',
        report.totals.unexplained === 0 ? 'ok' : 'error');
    }).catch(function (e) { D.say(status, e.message, 'error'); });
  }

  function openRefund(row) {
    dialog.querySelector('[data-refund-what]').textContent = D.money(row.amount, row.currency) + ' from ' + (row.email || 'a donor')
      + ' (' + row.id + '), ' + D.money(row.amount - row.refunded, row.currency) + ' refundable.';
    var f = dialog.querySelector('form');
    f.reset();
    D.say(dialog.querySelector('[data-refund-status]'), '');
    dialog.returnValue = '';
    dialog.onclose = function () {
      if (dialog.returnValue !== 'confirm') { return; }
      var amountText = f.elements.amount.value.trim(), amount = null;
      if (amountText) {
        var m = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(amountText);
        if (!m) { D.say(status, 'The refund amount must be a number such as 4 or 4.50.', 'error'); return; }
        amount = parseInt(m[1], 10) * 100 + parseInt(((m[2] || '') + '00').slice(0, 2), 10);
      }
      var key = (crypto.randomUUID && crypto.randomUUID()) || String(Date.now());
      D.say(status, 'Asking Stripe to refund…');
      D.call('POST', '/donations/finance/refunds', {contributionId: row.id, amount: amount, reason: f.elements.reason.value,
        note: f.elements.note.value || undefined}, {'Idempotency-Key': key}).then(function (outcome) {
        D.say(status, 'Refund ' + outcome.status + ': ' + D.money(outcome.amount, outcome.currency) + '. The ledger follows Stripe\u2019s confirmation.', 'ok');
        setTimeout(refresh, 1500);
      }).catch(function (e) { D.say(status, e.message, 'error'); });
    };
    dialog.showModal();
  }

  function refresh() {
    D.say(status, 'Loading…');
    return Promise.all([loadList(false), loadTotals(), loadVariants()]).then(function () {
      D.say(status, rows.length + (nextCursor ? '+' : '') + ' contributions shown.');
    }).catch(function (e) { D.say(status, e.message, 'error'); });
  }

  form.addEventListener('submit', function (e) { e.preventDefault(); refresh(); });
  more.addEventListener('click', function () { loadList(true).catch(function (e) { D.say(status, e.message, 'error'); }); });
  document.querySelector('[data-csv]').addEventListener('click', function () {
    D.say(status, 'Preparing the CSV…');
    D.download('/donations/finance/contributions?' + D.formQuery(form), 'contributions-' + form.elements.from.value + '-to-' + form.elements.to.value + '.csv')
      .then(function () { D.say(status, 'CSV downloaded.', 'ok'); }).catch(function (e) { D.say(status, e.message, 'error'); });
  });

  D.me.then(function (person) {
    canRefund = !!person && person.roles.indexOf('FINANCE_ADMIN') >= 0;
    refresh();
    loadPayouts().catch(function (e) { document.querySelector('[data-payouts]').textContent = e.message; });
  });
})();
