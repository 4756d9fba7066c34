/* In-page updates (htmx): keep keyboard focus and say what happened.

   htmx replaces a widget (a support button, a pledge's join form) with the server's new
   version of it ("outerHTML"). The element that had focus is gone with the old widget, so
   without this focus would fall to <body> and nothing would be said. After each swap:

   - focus moves to the updated control: the first button in the new widget, or, when the
     widget has none left, the widget itself (made focusable with tabindex="-1");
   - the widget's data-announce text (written by the server, translated) is put in the
     polite live region #live-status, which is in every page from the start (base.html).

   No inline script: the Content-Security-Policy allows scripts from this site only. */
(function () {
  "use strict";

  function announce(text) {
    var region = document.getElementById("live-status");
    if (!region || !text) return;
    // Empty first, then write after a moment: the same words twice are announced twice.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function focusIn(widget) {
    var control = widget.querySelector("button:not([disabled]), a[href], input:not([type=hidden]), [tabindex]:not([tabindex='-1'])");
    if (!control) {
      widget.setAttribute("tabindex", "-1");
      control = widget;
    }
    control.focus({ focusVisible: true });
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    var id = target && target.id;
    // After an outerHTML swap the new widget has the same id as the old one.
    var widget = (id && document.getElementById(id)) || target;
    if (!widget || !widget.isConnected || !widget.hasAttribute("data-announce")) return;
    focusIn(widget);
    announce(widget.getAttribute("data-announce"));
  });
})();
