/*
 * Newsroom ads widget. A publisher adds one tag:
 *   <script async src="https://GATEWAY/widgets/ads.js" data-section="world" data-keywords="syria,oil"></script>
 * and marks each ad place:  <div data-ad-slot="banner-top" data-ad-sizes="728x90,970x250"></div>
 * Consent: data-consent="granted" on the tag, or window.newsroomConsent = {personalised: true} set by the page's
 * consent tool before this script runs. Without it no reader id is kept or sent.
 * The widget never throws into the page: a slow or failed decision leaves the slots collapsed.
 */
(function () {
  'use strict';
  var tag = document.currentScript;
  if (!tag || window.__newsroomAds) { return; }
  window.__newsroomAds = true;
  var conf = tag.dataset;
  var api = new URL(tag.src, location.href).origin;
  var timeoutMs = parseInt(conf.timeout, 10) || 300;
  var nearPx = 1.5 * (window.innerHeight || 800); // slots within this distance of the viewport load at once
  var READER = 'newsroom.reader', FREQUENCY = 'newsroom.frequency';

  function consented() {
    var c = window.newsroomConsent;
    return conf.consent === 'granted' || !!(c && c.personalised === true);
  }

  function stored(key, value) {
    try {
      if (value === undefined) { return localStorage.getItem(key); }
      if (value === null) { localStorage.removeItem(key); } else { localStorage.setItem(key, value); }
    } catch (e) { /* storage blocked: carry on without */ }
    return null;
  }

  function readerId() {
    var id = stored(READER);
    if (!id && window.crypto && crypto.getRandomValues) {
      var bytes = crypto.getRandomValues(new Uint8Array(16));
      id = Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
      stored(READER, id);
    }
    return id;
  }

  function device() {
    var w = window.innerWidth || 1024;
    return w < 768 ? 'MOBILE' : w < 1024 ? 'TABLET' : 'DESKTOP';
  }

  // The slot's final state, also as a User Timing mark so a publisher's RUM sees when its ads settled and, for an
  // empty slot, why: 'unfilled' (no eligible ad), 'no-decision' (the ad server was down or over its time budget and
  // the gateway answered for it), 'late' (no answer within this widget's timeout), 'failed' (network or HTTP error),
  // 'image-failed' (the creative's image did not load).
  function settle(slot, state, reason) {
    slot.setAttribute('data-ad-state', state);
    try {
      performance.mark('newsroom:ad-' + state, {detail: {slot: slot.getAttribute('data-ad-slot'), reason: reason || null}});
    } catch (e) { /* old browser */ }
  }

  function collapse(slot, reason) {
    slot.hidden = true;
    slot.style.display = 'none'; // whatever the page's CSS says
    settle(slot, 'empty', reason);
    while (slot.firstChild) { slot.removeChild(slot.firstChild); }
  }

  function beacon(url) {
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(url)) { return; }
      fetch(url, {method: 'POST', keepalive: true, credentials: 'omit'}).catch(function () {});
    } catch (e) { /* a lost beacon must not break the page */ }
  }

  /* Viewable per the MRC rule: at least half the ad's pixels in view for one continuous second, tab visible. */
  function watchViewability(box, url) {
    if (!('IntersectionObserver' in window)) { return; }
    var timer = null, inView = false, done = false;
    function arm() {
      if (!done && inView && !document.hidden && timer === null) {
        timer = setTimeout(function () {
          done = true;
          observer.disconnect();
          document.removeEventListener('visibilitychange', onVisibility);
          beacon(url);
        }, 1000);
      }
    }
    function disarm() {
      if (timer !== null) { clearTimeout(timer); timer = null; }
    }
    function onVisibility() {
      if (document.hidden) { disarm(); } else { arm(); }
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        inView = entry.isIntersecting && entry.intersectionRatio >= 0.5;
        if (inView) { arm(); } else { disarm(); }
      });
    }, {threshold: [0, 0.5, 1]});
    observer.observe(box);
    document.addEventListener('visibilitychange', onVisibility);
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function render(slot, ad) {
    var box = element('div', 'nr-ad');
    box.appendChild(element('span', 'nr-ad-label', 'Advertisement'));
    var link = element('a', 'nr-ad-link');
    link.href = ad.clickUrl;
    link.target = '_blank';
    link.rel = 'sponsored noopener';
    box.appendChild(link);
    slot.setAttribute('data-ad-creative', ad.creativeId);
    function shown() {
      settle(slot, 'filled');
      beacon(ad.impressionUrl);
      watchViewability(box, ad.viewUrl);
    }
    if (ad.format === 'native' || ad.format === 'NATIVE' || !ad.imageUrl) {
      link.appendChild(element('strong', 'nr-ad-headline', ad.headline || ''));
      if (ad.body) { link.appendChild(element('p', 'nr-ad-body', ad.body)); }
      slot.appendChild(box);
      shown();
      return;
    }
    var img = element('img', 'nr-ad-image');
    img.width = ad.width;
    img.height = ad.height;
    img.alt = ad.altText || 'Advertisement';
    img.decoding = 'async';
    img.addEventListener('load', shown, {once: true});
    img.addEventListener('error', function () { collapse(slot, 'image-failed'); }, {once: true});
    img.src = ad.imageUrl;
    link.appendChild(img);
    slot.appendChild(box);
  }

  function request(slots) {
    if (!slots.length) { return; }
    var personalised = consented();
    var body = {
      pageUrl: location.href.split('#')[0].slice(0, 2048),
      section: conf.section || undefined,
      keywords: conf.keywords ? conf.keywords.split(',').map(function (k) { return k.trim(); }).filter(Boolean).slice(0, 50) : undefined,
      device: device(),
      consent: {personalised: personalised},
      readerId: personalised ? readerId() : undefined,
      frequencyToken: personalised ? (stored(FREQUENCY) || undefined) : undefined,
      slots: slots.map(function (slot) {
        var sizes = (slot.getAttribute('data-ad-sizes') || '').split(',').map(function (s) { return s.trim(); }).filter(Boolean);
        return {slot: slot.getAttribute('data-ad-slot'), sizes: sizes};
      })
    };
    if (!personalised) { stored(READER, null); stored(FREQUENCY, null); }
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) { controller.abort(); } }, timeoutMs);
    var answered = false;
    fetch(api + '/api/ads/decisions', {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify(body),
      credentials: 'omit',
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      clearTimeout(timer);
      if (answered) { return; }
      answered = true;
      var decisions = (answer && answer.decisions) || {};
      // Only the gateway's stand-in answer has no decision id.
      var why = !answer ? 'failed' : answer.decisionId ? 'unfilled' : 'no-decision';
      if (personalised && answer && answer.frequencyToken) { stored(FREQUENCY, answer.frequencyToken); }
      slots.forEach(function (slot) {
        var ad = decisions[slot.getAttribute('data-ad-slot')];
        try {
          if (ad) { render(slot, ad); } else { collapse(slot, why); }
        } catch (e) { collapse(slot, 'failed'); }
      });
    }).catch(function (error) {
      clearTimeout(timer);
      if (answered) { return; }
      answered = true;
      var why = error && error.name === 'AbortError' ? 'late' : 'failed';
      slots.forEach(function (slot) { collapse(slot, why); });
    });
    // A late answer is not waited for: the page is laid out without ads.
    setTimeout(function () {
      if (!answered) { answered = true; slots.forEach(function (slot) { collapse(slot, 'late'); }); }
    }, timeoutMs + 50);
  }

  function start() {
    var all = Array.prototype.slice.call(document.querySelectorAll('[data-ad-slot]')).filter(function (slot) {
      return !slot.hasAttribute('data-ad-state');
    });
    all.forEach(function (slot) { slot.setAttribute('data-ad-state', 'loading'); });
    var near = [], far = [];
    all.forEach(function (slot) {
      (slot.getBoundingClientRect().top < nearPx || !('IntersectionObserver' in window) ? near : far).push(slot);
    });
    request(near);
    if (far.length) {
      // Slots far below the fold are asked for together, once the reader scrolls towards them.
      var lazy = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) {
          lazy.disconnect();
          request(far);
        }
      }, {rootMargin: Math.round(nearPx) + 'px 0px'});
      far.forEach(function (slot) { lazy.observe(slot); });
    }
  }

  try {
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', start);
    } else {
      start();
    }
  } catch (e) { /* never break the publisher's page */ }
})();
