// fed dashboard: live updates and the overseer's buttons.
//
// The server renders every panel and escapes all user text in it; this
// script only moves the server's nodes into the page, and writes its own
// messages (which may quote user text) with textContent, never as HTML.
(function () {
  'use strict';
  var live = document.getElementById('live');
  var message = document.getElementById('message');
  var panels = document.getElementById('panels');

  function say(text, bad) {
    message.textContent = text;
    message.className = bad ? 'message bad' : 'message';
  }

  // The token comes in the address's fragment (never sent to the server
  // in a URL) and is kept for this tab only.
  var found = /(?:^|[#&])token=([^&]+)/.exec(location.hash);
  if (found) {
    sessionStorage.setItem('fed-token', decodeURIComponent(found[1]));
    history.replaceState(null, '', location.pathname);
  }

  var busy = false;
  var again = false;
  function refresh() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    fetch('/panels', { cache: 'no-store' })
      .then(function (r) {
        if (!r.ok) {
          throw new Error('HTTP ' + r.status);
        }
        return r.text();
      })
      .then(function (text) {
        var doc = new DOMParser().parseFromString('<main>' + text + '</main>', 'text/html');
        var fresh = doc.querySelector('main');
        panels.replaceChildren.apply(panels, Array.prototype.slice.call(fresh.childNodes));
        live.textContent = 'live · updated ' + new Date().toLocaleTimeString();
      })
      .catch(function (e) {
        live.textContent = 'update failed: ' + e.message;
      })
      .finally(function () {
        busy = false;
        if (again) {
          again = false;
          refresh();
        }
      });
  }

  var connected = false;
  var source = new EventSource('/events');
  source.addEventListener('hello', function () {
    live.textContent = 'live';
    live.className = 'live on';
    // After a reconnection, catch up on what changed meanwhile.
    if (connected) {
      refresh();
    }
    connected = true;
  });
  source.addEventListener('change', refresh);
  source.onerror = function () {
    live.textContent = 'reconnecting…';
    live.className = 'live off';
  };
  // Ages and leases move with the clock alone.
  setInterval(refresh, 60000);

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains('act')) {
      return;
    }
    event.preventDefault();
    var token = sessionStorage.getItem('fed-token');
    if (!token) {
      token = window.prompt('The token fed serve printed at start-up:');
      if (!token) {
        return;
      }
      sessionStorage.setItem('fed-token', token);
    }
    fetch(form.action, {
      method: 'POST',
      headers: { 'X-Fed-Token': token, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(new FormData(form)).toString()
    })
      .then(function (r) {
        return r.text().then(function (text) {
          if (r.status === 403 && text.indexOf('token') >= 0) {
            sessionStorage.removeItem('fed-token');
          }
          say(text.trim(), !r.ok);
          refresh();
        });
      })
      .catch(function (e) {
        say('The action failed: ' + e.message, true);
      });
  });
})();
