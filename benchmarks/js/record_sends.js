// Installed in every page before its scripts run (browser_timing.install); only
// the top page acts: it notes the time of every message the page sends on a
// websocket, so a change can be timed from its rerun request.
(function () {
  if (window.top !== window) return;
  window.__sentAt = [];
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    window.__sentAt.push(Date.now());
    return send.call(this, data);
  };
})();
