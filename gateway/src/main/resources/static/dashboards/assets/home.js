(function () {
  'use strict';
  Dashboard.me.then(function (person) {
    var roles = (person && person.roles) || [];
    document.querySelectorAll('[data-tiles] li').forEach(function (tile) {
      var allowed = tile.getAttribute('data-roles').split(' ').some(function (r) { return roles.indexOf(r) >= 0; });
      tile.hidden = !allowed;
    });
  });
})();
