/* The desk's only script (served by the app; the content security policy allows no inline
   script). Everything works without it: it only adds the idle warning and wipe on kiosk
   question pages, and the thank-you countdown. The server's session expiry is the guarantee. */
(function () {
  "use strict";
  var body = document.body;
  var warnAfter = Number(body.dataset.idleWarning || 0) * 1000;
  var wipeAfter = Number(body.dataset.idleWipe || 0) * 1000;
  var wipeForm = document.getElementById("wipe-form");
  var dialog = document.getElementById("idle-warning");
  var stillHere = document.getElementById("still-here");

  if (warnAfter && wipeAfter && wipeForm && dialog && stillHere) {
    var last = Date.now();
    var lastPing = Date.now();
    var wiping = false;
    var token = wipeForm.querySelector("input[name=csrfmiddlewaretoken]").value;

    var ping = function () {  // keep the server's copy alive while the client is busy here
      lastPing = Date.now();
      fetch(stillHere.dataset.url, {
        method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": token }
      }).then(function (r) { if (r.status === 410) { wipe(); } }).catch(function () {});
    };
    var wipe = function () {
      if (!wiping) { wiping = true; wipeForm.submit(); }
    };
    var active = function () {
      last = Date.now();
      if (dialog.open) { dialog.close(); }
      if (Date.now() - lastPing > 10000) { ping(); }
    };
    ["pointerdown", "keydown", "input", "touchstart", "scroll"].forEach(function (name) {
      window.addEventListener(name, active, { passive: true, capture: true });
    });
    stillHere.addEventListener("click", function () { active(); ping(); });
    window.setInterval(function () {
      var idle = Date.now() - last;
      if (idle >= wipeAfter) { wipe(); }
      else if (idle >= warnAfter && !dialog.open) { dialog.showModal(); stillHere.focus(); }
    }, 500);
  }

  var countdown = document.getElementById("countdown");
  if (countdown) {
    var left = Number(countdown.textContent);
    window.setInterval(function () {
      if (left > 0) { left -= 1; countdown.textContent = String(left); }
    }, 1000);
  }
})();
