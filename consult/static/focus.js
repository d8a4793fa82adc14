/* Progressive enhancement: after a form error or a check result, move focus to it, so keyboard and
   screen reader users land on what changed instead of the top of the page. Without JavaScript the
   error summary still sits first in the page (and carries autofocus), so nothing depends on this. */
(function () {
  var target = document.querySelector(".error-summary, [data-focus-on-load]");
  if (target && document.activeElement !== target) {
    if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    target.focus();
  }
})();
