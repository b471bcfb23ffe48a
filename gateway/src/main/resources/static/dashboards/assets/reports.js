(function () {
  'use strict';
  var D = Dashboard, el = D.el;
  var form = document.querySelector('[data-filters]');
  var status = document.querySelector('[data-status]');
  form.elements.from.value = D.today(-13);
  form.elements.to.value = D.today(0);

  function percent(decimal) {
    return (Number(decimal) * 100).toFixed(2) + ' %';
  }

  function spend(s) {
    return s ? D.money(s.minorUnits, s.currency) : '—';
  }

  function query(groupBy, granularity) {
    var q = D.formQuery(form);
    q.set('groupBy', groupBy);
    q.set('granularity', granularity);
    return q;
  }

  function counts(first) {
    return [first,
      {label: 'Impressions', num: true, value: function (r) { return r.impressions; }},
      {label: 'Viewable', num: true, value: function (r) { return r.viewableImpressions; }},
      {label: 'Viewability', num: true, value: function (r) { return percent(r.viewabilityRate); }},
      {label: 'Clicks', num: true, value: function (r) { return r.clicks; }},
      {label: 'CTR', num: true, value: function (r) { return percent(r.ctr); }},
      {label: 'Invalid (bots)', num: true, value: function (r) { return r.invalidImpressions; }},
      {label: 'Spend', num: true, value: function (r) { return r.spend ? spend(r.spend) : (r.spendText || '—'); }}];
  }

  function refresh() {
    D.say(status, 'Loading…');
    var groupBy = form.elements.groupBy.value;
    D.call('GET', '/ads/reports?' + query(groupBy, 'day')).then(function (report) {
      var byDay = {};
      report.rows.forEach(function (r) {
        var d = byDay[r.period] || (byDay[r.period] = {period: r.period, impressions: 0, viewableImpressions: 0, clicks: 0, invalidImpressions: 0});
        d.impressions += r.impressions; d.viewableImpressions += r.viewableImpressions; d.clicks += r.clicks; d.invalidImpressions += r.invalidImpressions;
      });
      var days = Object.keys(byDay).sort();
      var dayRows = days.map(function (day) {
        var d = byDay[day];
        d.viewabilityRate = d.impressions ? d.viewableImpressions / d.impressions : 0;
        d.ctr = d.impressions ? d.clicks / d.impressions : 0;
        return d;
      });
      var range = D.daysBetween(form.elements.from.value, form.elements.to.value);
      function series(field) {
        return range.map(function (day) {
          var found = dayRows.filter(function (d) { return d.period.slice(0, 10) === day; })[0];
          return found ? found[field] : 0;
        });
      }
      D.chart(document.querySelector('[data-chart]'), range, [
        {label: 'Impressions', values: series('impressions')},
        {label: 'Viewable', values: series('viewableImpressions')},
        {label: 'Clicks', values: series('clicks')}]);
      D.table(document.querySelector('[data-days]'), 'Per day (' + report.timeZone + ')',
        counts({label: 'Day', value: function (r) { return r.period.slice(0, 10); }}).slice(0, 7), dayRows);
      var t = report.totals;
      var totalsRow = {key: 'Total', impressions: t.impressions, viewableImpressions: t.viewableImpressions, clicks: t.clicks,
        invalidImpressions: t.invalidImpressions, ctr: t.ctr, viewabilityRate: t.viewabilityRate,
        spendText: t.spend.map(spend).join(', ')};
      var groups = {};
      report.rows.forEach(function (r) {
        var g = groups[r.key] || (groups[r.key] = {key: r.key, impressions: 0, viewableImpressions: 0, clicks: 0, invalidImpressions: 0, spends: {}});
        g.impressions += r.impressions; g.viewableImpressions += r.viewableImpressions; g.clicks += r.clicks; g.invalidImpressions += r.invalidImpressions;
        if (r.spend) { g.spends[r.spend.currency] = (g.spends[r.spend.currency] || 0) + r.spend.minorUnits; }
      });
      var groupRows = Object.keys(groups).sort().map(function (k) {
        var g = groups[k];
        g.viewabilityRate = g.impressions ? g.viewableImpressions / g.impressions : 0;
        g.ctr = g.impressions ? g.clicks / g.impressions : 0;
        g.spendText = Object.keys(g.spends).map(function (c) { return D.money(g.spends[c], c); }).join(', ');
        return g;
      }).concat([totalsRow]);
      D.table(document.querySelector('[data-groups]'), 'Per ' + groupBy,
        counts({label: groupBy.charAt(0).toUpperCase() + groupBy.slice(1), value: function (r) { return r.key; }}), groupRows);
      var cards = document.querySelector('[data-cards]');
      cards.textContent = '';
      [['Impressions', t.impressions], ['Viewable impressions', t.viewableImpressions], ['Clicks', t.clicks], ['CTR', percent(t.ctr)]]
        .forEach(function (pair) {
          var card = el('div', {className: 'card'});
          card.appendChild(el('div', {className: 'value'}, pair[1]));
          card.appendChild(el('div', {className: 'label'}, pair[0]));
          cards.appendChild(card);
        });
      D.say(status, report.rows.length ? '' : 'No delivery in this period.');
    }).catch(function (e) { D.say(status, e.message, 'error'); });
  }

  form.addEventListener('submit', function (e) { e.preventDefault(); refresh(); });
  document.querySelector('[data-csv]').addEventListener('click', function () {
    D.download('/ads/reports?' + query(form.elements.groupBy.value, 'day'), 'ad-report-' + form.elements.from.value + '-to-' + form.elements.to.value + '.csv')
      .then(function () { D.say(status, 'CSV downloaded.', 'ok'); }).catch(function (e) { D.say(status, e.message, 'error'); });
  });
  D.me.then(function (person) {
    // Ad operations may look at one advertiser; an advertiser always sees only their own (the server binds it).
    document.querySelector('[data-advertiser-filter]').hidden = !(person && person.roles.indexOf('AD_OPS') >= 0);
    refresh();
  });
})();
