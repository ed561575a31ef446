/* newsearch: small progressive enhancements. Every page works without this file.
   - "/" focuses the search box (unless you are typing in a field);
   - headline suggestions under the search box (ARIA 1.2 combobox with a listbox popup);
   - search forms leave out empty fields and defaults, so the address is short and shareable
     (/?q=flood, not /?q=flood&from=&to=&region=&sort=relevance). */
(function () {
  "use strict";
  var input = document.getElementById("q");

  document.addEventListener("formdata", function (event) {
    var form = event.target, data = event.formData;
    if (!form.matches || !form.matches('form[role="search"]') || !data.delete) return;
    Array.prototype.slice.call(form.elements).forEach(function (field) {
      if (!field.name || field.name === "q") return;
      var value = data.get(field.name);
      if (value === "" || value === field.getAttribute("data-default")) data.delete(field.name);
    });
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "/" || !input || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    event.preventDefault();
    input.focus();
    input.select();
  });

  var endpoint = input && input.getAttribute("data-suggest");
  if (!endpoint || !window.fetch) return;

  var list = document.createElement("ul");
  var status = document.createElement("div");
  var options = [], active = -1, timer = 0, pending = null, shown = "";
  list.id = "q-suggestions";
  list.className = "suggestions";
  list.hidden = true;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Matching headlines");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  input.parentNode.appendChild(list);
  input.parentNode.appendChild(status);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("autocomplete", "off");

  function choose(index) {
    if (active >= 0) options[active].el.setAttribute("aria-selected", "false");
    active = index;
    if (index < 0) {
      input.removeAttribute("aria-activedescendant");
      return;
    }
    options[index].el.setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", options[index].el.id);
    options[index].el.scrollIntoView({ block: "nearest" });
  }

  function close() {
    choose(-1);
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
  }

  function open() {
    if (!options.length) return close();
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function render(suggestions) {
    close();
    list.textContent = "";
    options = suggestions.map(function (suggestion, index) {
      var option = document.createElement("li");
      option.id = "q-option-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = suggestion.headline || "(untitled)";
      if (suggestion.date) {
        var date = document.createElement("span");
        date.className = "date";
        date.textContent = suggestion.date.slice(0, 10);
        option.appendChild(date);
      }
      // mousedown, not click: it comes before the input's blur closes the list.
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        window.location.href = suggestion.url;
      });
      list.appendChild(option);
      return { el: option, url: suggestion.url };
    });
    var count = options.length;
    status.textContent = count ? count + " headline" + (count > 1 ? "s" : "") + " found; use the up and down arrows to choose." : "";
    open();
  }

  function update() {
    var q = input.value.trim();
    if (q === shown) return;
    shown = q;
    if (pending) pending.abort();
    pending = null;
    if (q.length < 2) return render([]);
    pending = window.AbortController ? new AbortController() : null;
    fetch(endpoint + "?q=" + encodeURIComponent(q), {
      headers: { Accept: "application/json" },
      signal: pending ? pending.signal : undefined
    })
      .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
      .then(function (data) {
        if (input.value.trim() === q && document.activeElement === input) render(data.suggestions || []);
      })
      .catch(function () { /* aborted or offline: keep the plain search box */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });

  input.addEventListener("keydown", function (event) {
    var count = options.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!count) return;
      event.preventDefault();
      if (list.hidden) open();
      var next = active + (event.key === "ArrowDown" ? 1 : -1);
      choose(next >= count ? -1 : next < -1 ? count - 1 : next);
    } else if (event.key === "Enter" && active >= 0 && !list.hidden) {
      event.preventDefault();
      window.location.href = options[active].url;
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });

  input.addEventListener("blur", close);
  input.addEventListener("focus", function () { if (input.value.trim() === shown) open(); });
})();
