(function () {
  'use strict';
  var D = Dashboard, el = D.el;
  var status = document.querySelector('[data-status]');
  var target = document.querySelector('[data-campaigns]');

  function delivered(campaigns) {
    var earliest = campaigns.reduce(function (min, c) { return c.startsAt < min ? c.startsAt : min; }, new Date().toISOString());
    var from = earliest.slice(0, 10), to = D.today(0);
    var oldest = D.today(-399);
    if (from < oldest) { from = oldest; } // the report API covers at most 400 days
    return D.call('GET', '/ads/reports?from=' + from + '&to=' + to + '&granularity=day&groupBy=campaign&tz=UTC').then(function (report) {
      var byCampaign = {};
      report.rows.forEach(function (r) {
        var d = byCampaign[r.key] || (byCampaign[r.key] = {lifetime: 0, today: 0});
        d.lifetime += r.impressions;
        if (r.period.slice(0, 10) === to) { d.today += r.impressions; }
      });
      return byCampaign;
    });
  }

  /* Even pacing: by now, the share of the lifetime goal that the share of the flight elapsed. */
  function pacing(c, d) {
    var goal = c.goal || {};
    if (!goal.lifetimeImpressions) { return goal.dailyImpressions ? d.today + ' of ' + goal.dailyImpressions + ' today' : 'no goal'; }
    var start = Date.parse(c.startsAt), end = Date.parse(c.endsAt), now = Date.now();
    var elapsed = Math.min(1, Math.max(0, (now - start) / (end - start)));
    var expected = Math.round(goal.lifetimeImpressions * elapsed);
    var ratio = expected ? d.lifetime / expected : 0;
    return d.lifetime + ' of ' + goal.lifetimeImpressions + ' (' + Math.round(100 * d.lifetime / goal.lifetimeImpressions)
      + ' %; ' + (expected ? Math.round(ratio * 100) + ' % of even pace' : 'not started') + ')';
  }

  function change(c, action) {
    D.say(status, (action === 'pause' ? 'Pausing ' : 'Resuming ') + c.name + '…');
    D.call('POST', '/ads/admin/campaigns/' + encodeURIComponent(c.id) + '/' + action).then(function () {
      D.say(status, c.name + (action === 'pause' ? ' is paused: it stops serving within seconds.' : ' is serving again.'), 'ok');
      load();
    }).catch(function (e) { D.say(status, e.message, 'error'); });
  }

  function load() {
    D.call('GET', '/ads/admin/campaigns?size=200').then(function (page) {
      var campaigns = page.items;
      return delivered(campaigns).then(function (byCampaign) {
        D.table(target, campaigns.length + ' campaigns', [
          {label: 'Campaign', value: function (c) { return c.name; }},
          {label: 'Advertiser', value: function (c) { return c.advertiserId; }},
          {label: 'Tier', value: function (c) { return D.words(c.tier); }},
          {label: 'Status', value: function (c) { return D.words(c.status); }},
          {label: 'CPM', num: true, value: function (c) { return c.cpm ? D.money(c.cpm.minorUnits, c.cpm.currency) : '—'; }},
          {label: 'Flight', value: function (c) { return c.startsAt.slice(0, 10) + ' → ' + c.endsAt.slice(0, 10); }},
          {label: 'Delivered today', num: true, value: function (c) { return (byCampaign[c.id] || {today: 0}).today; }},
          {label: 'Pacing against goal', value: function (c) { return pacing(c, byCampaign[c.id] || {lifetime: 0, today: 0}); }},
          {label: 'Action', value: function (c) {
            var s = String(c.status).toUpperCase();
            if (s !== 'ACTIVE' && s !== 'PAUSED') { return ''; }
            var action = s === 'ACTIVE' ? 'pause' : 'resume';
            var button = el('button', {type: 'button', className: action === 'pause' ? 'danger' : 'primary',
              'aria-label': (action === 'pause' ? 'Pause ' : 'Resume ') + c.name}, action === 'pause' ? 'Pause' : 'Resume');
            button.addEventListener('click', function () {
              if (action === 'resume' || window.confirm('Pause “' + c.name + '”? It stops serving on every page.')) { change(c, action); }
            });
            return button;
          }}
        ], campaigns);
      });
    }).catch(function (e) { D.say(status, e.message, 'error'); });
  }

  load();
})();
