/* The desk's only script (served by the app; the content security policy allows no inline
   script). Everything works without it: it only adds the idle warning and wipe on kiosk
   question pages, and the thank-you screen's return to the start. The server's session expiry is the guarantee. */
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
    var active = function (event) {
      if (dialog.open && event && dialog.contains(event.target)) { return; }  // its button
      last = Date.now();
      if (dialog.open) { dialog.close(); }
      if (Date.now() - lastPing > 10000) { ping(); }
    };
    ["pointerdown", "keydown", "input", "touchstart", "scroll"].forEach(function (name) {
      window.addEventListener(name, active, { passive: true, capture: true });
    });
    stillHere.addEventListener("click", function () { active(); dialog.close(); ping(); });
    dialog.addEventListener("cancel", function () { active(); ping(); });  // Escape
    window.setInterval(function () {
      var idle = Date.now() - last;
      if (idle >= wipeAfter) { wipe(); }
      else if (idle >= warnAfter && !dialog.open) { dialog.showModal(); stillHere.focus(); }
    }, 500);
  }

  // The thank-you screen counts down, then goes back to the start (replacing itself in the
  // history). It holds nothing of the client: the server ended their session already.
  var thanks = document.getElementById("thanks");
  var countdown = document.getElementById("countdown");
  if (thanks && countdown) {
    var left = Number(thanks.dataset.returnAfter);
    window.setInterval(function () {
      left -= 1;
      if (left <= 0) { window.location.replace(thanks.dataset.returnUrl); }
      else { countdown.textContent = String(left); }
    }, 1000);
  }
})();
