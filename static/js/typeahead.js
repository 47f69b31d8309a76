/*
 * Typeahead for search boxes marked with data-typeahead (an optional value is the JSON
 * endpoint; default /autocomplete/).
 *
 * Follows the WAI-ARIA 1.2 combobox pattern with a listbox popup: the input keeps focus,
 * aria-activedescendant points at the highlighted option, a polite live region says how
 * many suggestions there are. Keys: Down/Up move, Enter opens the highlighted code (or
 * submits the search when none is highlighted), Escape closes the list (or clears the box
 * when it is already closed). Without JavaScript the box is a plain search form.
 *
 * Each option carries the code's long description as its accessible description (read
 * when it is highlighted, and shown under the highlighted option), and how it was found
 * when not by its own words ("brand name Keytruda"). Nothing found shows "No matches".
 */
(function () {
  "use strict";

  var MIN_CHARS = 2;
  var DELAY_MS = 150;
  var counter = 0;

  function setup(input) {
    var endpoint = input.getAttribute("data-typeahead") || "/autocomplete/";
    var id = "typeahead-" + (++counter);
    var list = document.createElement("ul");
    var status = document.createElement("div");
    var empty = document.createElement("p");
    var cache = new Map();
    var timer = null;
    var inflight = null;
    var options = [];
    var active = -1;
    var lastQuery = "";

    list.id = id + "-list";
    list.className = "typeahead-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    empty.className = "typeahead-empty";
    empty.hidden = true;
    input.parentNode.appendChild(list);
    input.parentNode.appendChild(empty);
    input.parentNode.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function close() {
      list.hidden = true;
      empty.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      if (!options.length) { return; }
      if (index < 0) { index = options.length - 1; }
      if (index >= options.length) { index = 0; }
      options.forEach(function (option, i) {
        option.element.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      input.setAttribute("aria-activedescendant", options[index].element.id);
      options[index].element.scrollIntoView({ block: "nearest" });
    }

    function go(option) {
      window.location.assign(option.url);
    }

    function render(data) {
      list.textContent = "";
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      (data.results || []).forEach(function (item, i) {
        var li = document.createElement("li");
        var code = document.createElement("code");
        var text = document.createElement("span");
        li.id = id + "-option-" + i;
        li.className = "typeahead-option";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        code.textContent = item.code;
        text.className = "ta-text";
        text.textContent = item.short_description;
        text.title = item.long_description;
        li.appendChild(code);
        li.appendChild(text);
        if (item.found_via) {
          var via = document.createElement("span");
          via.className = "ta-via";
          via.textContent = item.found_via;
          li.appendChild(via);
        }
        var long = document.createElement("span");
        long.id = li.id + "-long";
        long.className = "ta-long";
        long.textContent = item.long_description;
        li.setAttribute("aria-describedby", long.id);
        var note = item.kind === "modifier" ? "modifier" : "";
        if (item.status && item.status !== "active") {
          note = (note ? note + ", " : "") + item.status;
        }
        if (note) {
          var kind = document.createElement("span");
          kind.className = "ta-kind";
          kind.textContent = note;
          li.appendChild(kind);
        }
        li.appendChild(long);
        // mousedown, not click: the input would lose focus (and close the list) first.
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          go(item);
        });
        list.appendChild(li);
        options.push({ element: li, url: item.url });
      });
      if (data.corrected && options.length) {
        var fixed = document.createElement("li");
        fixed.className = "typeahead-note";
        fixed.setAttribute("role", "presentation");
        fixed.textContent = "Showing results for " + data.corrected;
        list.insertBefore(fixed, list.firstChild);
      }
      var count = options.length;
      status.textContent = count ? count + (count === 1 ? " suggestion" : " suggestions") +
        ", use the up and down arrow keys to choose" : "No suggestions";
      if (count && document.activeElement === input) {
        list.hidden = false;
        empty.hidden = true;
        input.setAttribute("aria-expanded", "true");
      } else {
        close();
        if (!count && data.query && document.activeElement === input) {
          status.textContent = "No matches";
          empty.textContent = "No matches for “" + data.query + "”. Press Enter to search.";
          empty.hidden = false;
        }
      }
    }

    function fetchSuggestions(query) {
      if (cache.has(query)) {
        render(cache.get(query));
        return;
      }
      if (inflight) { inflight.abort(); }
      inflight = window.AbortController ? new AbortController() : null;
      var url = endpoint + "?q=" + encodeURIComponent(query);
      fetch(url, { headers: { Accept: "application/json" }, signal: inflight && inflight.signal })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          cache.set(query, data);
          if (query === lastQuery) { render(data); }
        })
        .catch(function () { /* aborted or offline: the form still works */ });
    }

    input.addEventListener("input", function () {
      var query = input.value.trim();
      lastQuery = query;
      window.clearTimeout(timer);
      if (query.length < MIN_CHARS) {
        close();
        return;
      }
      timer = window.setTimeout(function () { fetchSuggestions(query); }, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!open && options.length) {
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
          }
          highlight(active + 1);
          break;
        case "ArrowUp":
          event.preventDefault();
          if (open) { highlight(active - 1); }
          break;
        case "Enter":
          if (open && active >= 0) {
            event.preventDefault();
            go(options[active]);
          }
          break;
        case "Escape":
          if (open) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
            lastQuery = "";
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", close);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-typeahead]"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
