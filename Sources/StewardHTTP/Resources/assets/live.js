// Keeps a page's lists current: one Server-Sent-Events stream per tab says when something the page
// shows has changed, and the page reloads itself. Without this script (or when the stream is lost)
// the page is still right, only as old as its last load.
(function () {
  "use strict";
  var body = document.body;
  var source = body && body.getAttribute("data-live");
  if (!source || !window.EventSource) { return; }
  var stream = new EventSource(source);
  var reloading = false;
  // A form on its way to the server leads to its own result page; a reload now would replace it
  // (the form's own change is often announced before its answer arrives).
  document.addEventListener("submit", function () { reloading = true; stream.close(); });
  function reload() {
    if (reloading) { return; }
    // Never throw away what someone is typing.
    var active = document.activeElement;
    if (active && (active.tagName === "TEXTAREA" || active.tagName === "INPUT" || active.tagName === "SELECT")) { return; }
    reloading = true;
    window.location.reload();
  }
  stream.addEventListener("changed", reload);
  // A running countdown moves with time: refresh it once a minute.
  stream.addEventListener("tick", function () {
    if (document.querySelector(".countdown.sla-running")) { reload(); }
  });
  stream.onerror = function () {
    // The server is gone or restarting: the next successful reconnect reloads the page.
    stream.addEventListener("open", reload, { once: true });
  };
})();
