/*
 * Type-to-find for long <select>s: every <select data-combobox> becomes an ARIA 1.2 combobox
 * (a text input with role="combobox" and a role="listbox" popup), following the WAI-ARIA Authoring
 * Practices "list autocomplete" pattern. Without JavaScript the plain <select> and its form work as
 * before; with it, the <select> stays in the form (hidden) and carries the chosen option's value, so the
 * server sees exactly what it would have seen from the select.
 *
 * Matching: every word typed must appear somewhere in an option's text or in its data-search
 * attribute (extra terms, e.g. a metro's state names), ignoring case, accents and punctuation; options
 * whose text starts with what was typed come first. "Raleigh", "raleigh nc", "carolina" and
 * "Cary" all find "Raleigh-Cary, NC".
 *
 * Keyboard: Down/Up move through the list (Alt+Down opens it), Enter or Tab picks the highlighted
 * option, Escape closes the list (and clears the text when it is already closed). Touch or click picks
 * an option. Picking sets the select's value and fires "change" on it, so a page can react to it.
 *
 * Options on the <select>:
 *   data-combobox                 turn it into a combobox
 *   data-combobox-placeholder     the input's placeholder
 *   data-combobox-list-label      the popup list's accessible name (default "Suggestions")
 *   data-combobox-free-text       when the text matches no single option, submit the text itself (as
 *                                 the select's value) for the server to resolve or ask about
 *
 * Text typed that matches exactly one option picks it when the field is left or the form submitted.
 * No inline scripts, no dependencies: load this file with <script src=… defer>.
 */
(function () {
  "use strict";

  var counter = 0;

  function normalise(text) {
    return (text || "")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, " ")
      .trim();
  }

  function Combobox(select) {
    counter += 1;
    var id = select.id || "combobox-" + counter;
    this.select = select;
    this.freeText = select.hasAttribute("data-combobox-free-text");
    this.options = Array.prototype.map.call(select.options, function (option, index) {
      var text = normalise(option.text);
      return {
        index: index,
        value: option.value,
        label: option.text,
        text: text,
        words: text.split(" "),
        haystack: text + " " + normalise(option.getAttribute("data-search"))
      };
    }).filter(function (option) {
      return !option.value || !select.options[option.index].hasAttribute("data-combobox-typed");
    });
    this.matches = [];
    this.active = -1;

    var wrapper = document.createElement("div");
    wrapper.className = "combobox";
    var input = document.createElement("input");
    input.type = "text";
    input.id = id;
    input.className = "combobox-input";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("autocapitalize", "none");
    input.setAttribute("spellcheck", "false");
    ["aria-describedby", "aria-invalid", "aria-required"].forEach(function (name) {
      if (select.hasAttribute(name)) {
        input.setAttribute(name, select.getAttribute(name));
      }
    });
    if (select.required) {
      input.setAttribute("aria-required", "true");
    }
    var placeholder = select.getAttribute("data-combobox-placeholder");
    if (placeholder) {
      input.placeholder = placeholder;
    }
    var listbox = document.createElement("ul");
    listbox.id = id + "-listbox";
    listbox.className = "combobox-listbox";
    listbox.setAttribute("role", "listbox");
    // Named apart from the field, so the field's label names one control (the input) only.
    listbox.setAttribute("aria-label", select.getAttribute("data-combobox-list-label") || "Suggestions");
    listbox.hidden = true;
    input.setAttribute("aria-controls", listbox.id);
    var status = document.createElement("p");
    status.className = "combobox-status visually-hidden";
    status.setAttribute("role", "status");

    // The select keeps its name and value but leaves the page's tab order and accessibility tree;
    // its id moves to the input so every <label for> and error link lands on what people use.
    select.id = id + "-select";
    select.hidden = true;
    select.tabIndex = -1;
    select.setAttribute("aria-hidden", "true");
    select.parentNode.insertBefore(wrapper, select);
    wrapper.appendChild(input);
    wrapper.appendChild(listbox);
    wrapper.appendChild(status);
    wrapper.appendChild(select);

    this.input = input;
    this.listbox = listbox;
    this.status = status;
    var selected = select.options[select.selectedIndex];
    input.value = selected && selected.value ? selected.text : "";

    input.addEventListener("input", this.onInput.bind(this));
    input.addEventListener("keydown", this.onKeydown.bind(this));
    input.addEventListener("click", this.onClick.bind(this));
    input.addEventListener("blur", this.onBlur.bind(this));
    listbox.addEventListener("mousedown", function (event) {
      event.preventDefault(); // keep the focus in the input while a pointer picks an option
    });
    listbox.addEventListener("click", this.onListClick.bind(this));
    if (select.form) {
      select.form.addEventListener("submit", this.commit.bind(this));
    }
  }

  Combobox.prototype.filter = function (query) {
    var tokens = normalise(query).split(" ").filter(Boolean);
    var needle = tokens.join(" ");
    var found = [];
    this.options.forEach(function (option) {
      if (!option.value && tokens.length) {
        return; // "Choose…"-style options are listed only while nothing is typed
      }
      if (!option.label.trim()) {
        return;
      }
      var all = tokens.every(function (token) {
        return option.haystack.indexOf(token) !== -1;
      });
      if (!all) {
        return;
      }
      var rank = 3;
      if (!tokens.length) {
        rank = 0;
      } else if (option.text.indexOf(needle) === 0) {
        rank = 0;
      } else if (option.words.some(function (word) { return word.indexOf(tokens[0]) === 0; })) {
        rank = 1;
      } else if (tokens.every(function (token) { return option.text.indexOf(token) !== -1; })) {
        rank = 2;
      }
      found.push({ option: option, rank: rank });
    });
    found.sort(function (a, b) {
      return a.rank - b.rank || a.option.index - b.option.index;
    });
    return found.map(function (item) {
      return item.option;
    });
  };

  Combobox.prototype.exact = function (query) {
    var text = normalise(query);
    if (!text) {
      return null;
    }
    for (var i = 0; i < this.options.length; i += 1) {
      if (this.options[i].value && (this.options[i].text === text || normalise(this.options[i].value) === text)) {
        return this.options[i];
      }
    }
    return null;
  };

  Combobox.prototype.render = function () {
    var listbox = this.listbox;
    var id = listbox.id;
    var fragment = document.createDocumentFragment();
    this.matches.forEach(function (option, position) {
      var item = document.createElement("li");
      item.id = id + "-" + option.index;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.setAttribute("data-position", String(position));
      item.textContent = option.label;
      fragment.appendChild(item);
    });
    listbox.textContent = "";
    listbox.appendChild(fragment);
    var count = this.matches.length;
    this.status.textContent =
      count === 0 ? "No matches" : count === 1 ? "1 match" : count + " matches";
  };

  Combobox.prototype.open = function () {
    if (!this.matches.length) {
      this.close();
      return;
    }
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Combobox.prototype.close = function () {
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  };

  Combobox.prototype.isOpen = function () {
    return !this.listbox.hidden;
  };

  Combobox.prototype.highlight = function (position) {
    var items = this.listbox.children;
    if (this.active >= 0 && items[this.active]) {
      items[this.active].setAttribute("aria-selected", "false");
    }
    this.active = position;
    if (position < 0 || !items[position]) {
      this.input.removeAttribute("aria-activedescendant");
      return;
    }
    items[position].setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", items[position].id);
    items[position].scrollIntoView({ block: "nearest" });
  };

  Combobox.prototype.setValue = function (value, label) {
    var select = this.select;
    var typed = select.querySelector("option[data-combobox-typed]");
    if (typed && typed.value !== value) {
      typed.remove();
      typed = null;
    }
    if (label !== undefined && !typed && !Array.prototype.some.call(select.options, function (o) {
      return o.value === value;
    })) {
      typed = document.createElement("option");
      typed.setAttribute("data-combobox-typed", "");
      typed.value = value;
      typed.text = label;
      select.appendChild(typed);
    }
    if (select.value !== value) {
      select.value = value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
  };

  Combobox.prototype.choose = function (option) {
    this.input.value = option.value ? option.label : "";
    this.setValue(option.value);
    this.close();
  };

  // What the text in the input means for the select, when the field is left or the form sent.
  Combobox.prototype.commit = function () {
    var text = this.input.value.trim();
    if (!text) {
      this.setValue("");
      return;
    }
    var option = this.exact(text) || null;
    if (!option) {
      var matches = this.filter(text);
      if (matches.length === 1) {
        option = matches[0];
      }
    }
    if (option) {
      this.input.value = option.label;
      this.setValue(option.value);
    } else if (this.freeText) {
      this.setValue(text, text); // the server resolves it, or asks which one was meant
    } else {
      this.setValue("");
    }
  };

  Combobox.prototype.onInput = function () {
    this.matches = this.filter(this.input.value);
    this.render();
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    var option = this.exact(this.input.value);
    this.setValue(option ? option.value : "");
    if (this.input.value.trim()) {
      this.open();
    } else {
      this.close();
    }
  };

  Combobox.prototype.onClick = function () {
    if (this.isOpen()) {
      return;
    }
    var option = this.exact(this.input.value);
    this.matches = this.filter(option ? "" : this.input.value);
    this.render();
    this.open();
    if (option) {
      var position = this.matches.indexOf(option);
      if (position >= 0) {
        this.highlight(position);
      }
    }
  };

  Combobox.prototype.onKeydown = function (event) {
    var key = event.key;
    if (key === "ArrowDown" || key === "Down") {
      event.preventDefault();
      if (!this.isOpen()) {
        this.matches = this.filter(this.exact(this.input.value) ? "" : this.input.value);
        this.render();
        this.open();
        if (event.altKey) {
          return;
        }
      }
      if (this.matches.length) {
        this.highlight(this.active + 1 < this.matches.length ? this.active + 1 : 0);
      }
    } else if (key === "ArrowUp" || key === "Up") {
      event.preventDefault();
      if (!this.isOpen()) {
        this.matches = this.filter(this.input.value);
        this.render();
        this.open();
      }
      if (this.matches.length) {
        this.highlight(this.active > 0 ? this.active - 1 : this.matches.length - 1);
      }
    } else if (key === "Enter") {
      if (this.isOpen() && this.active >= 0) {
        event.preventDefault(); // pick the option; a second Enter submits the form
        this.choose(this.matches[this.active]);
      } else {
        this.close();
      }
    } else if (key === "Escape" || key === "Esc") {
      if (this.isOpen()) {
        event.preventDefault();
        this.close();
      } else if (this.input.value) {
        event.preventDefault();
        this.input.value = "";
        this.setValue("");
      }
    } else if (key === "Tab") {
      if (this.isOpen() && this.active >= 0) {
        this.choose(this.matches[this.active]);
      }
    }
  };

  Combobox.prototype.onBlur = function () {
    this.close();
    this.commit();
  };

  Combobox.prototype.onListClick = function (event) {
    var item = event.target.closest('[role="option"]');
    if (!item) {
      return;
    }
    this.choose(this.matches[Number(item.getAttribute("data-position"))]);
    this.input.focus();
  };

  function enhance(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("select[data-combobox]"), function (select) {
      if (!select.multiple && !select.hasAttribute("data-combobox-ready")) {
        select.setAttribute("data-combobox-ready", "");
        new Combobox(select);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      enhance(document);
    });
  } else {
    enhance(document);
  }
  window.Combobox = { enhance: enhance };
})();
