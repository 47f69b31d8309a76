// Remembers the state chosen in a code page's DMEPOS fee section (?state=AL) for the next
// code pages: kept in this browser's localStorage, never sent to the server. A page opened
// without ?state is re-opened with the remembered one; "All states" (?state=) forgets it.
// The page works without this script: the state form is a plain GET form.
(function () {
  "use strict";
  var KEY = "hcpcs-dmepos-state";
  var section = document.querySelector("[data-fee-states]");
  if (!section) return;
  var known = section.getAttribute("data-fee-states").split(" ");
  var params = new URLSearchParams(window.location.search);
  try {
    if (params.has("state")) {
      var chosen = (params.get("state") || "").toUpperCase();
      if (known.indexOf(chosen) >= 0) window.localStorage.setItem(KEY, chosen);
      else if (!chosen) window.localStorage.removeItem(KEY);
      return;
    }
    var kept = window.localStorage.getItem(KEY);
    if (kept && known.indexOf(kept) >= 0) {
      params.set("state", kept);
      window.location.replace(
        window.location.pathname + "?" + params.toString() + window.location.hash
      );
    }
  } catch (e) {
    // Storage refused (private mode): the page stays as it is.
  }
})();
