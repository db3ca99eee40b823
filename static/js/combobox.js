/*
 * Type-to-find for long <select>s: every <select data-combobox> becomes an ARIA 1.2 combobox
 * (a text input with role="combobox" and a role="listbox" popup), following the WAI-ARIA Authoring
 * Practices "list autocomplete" pattern. Without JavaScript the plain <select> and its form work as
 * before; with it, the <select> stays in the form (hidden) and carries the chosen option's value, so the
 * server sees exactly what it would have seen from the select.
 *
 * Matching is salaries.places.match_metros's rule, applied to the data each option carries
 * (salaries.places.picker_tables): every word typed must start a word of the option's text, of its
 * states' names, of its aliases or of its data-search, ignoring case, accents and punctuation; an alias typed whole
 * ("nyc", "bay area": the data-combobox-aliases table) lists its metros first; a query naming a state
 * ("north carolina", "nc": the data-combobox-states table; a metro's states are the postal codes after
 * the last comma of its name) lists that state's metros only, those it comes first in first;
 * a principal city starting with what was typed comes before other matches; ties keep the list's order.
 * "Raleigh", "raleigh nc", "carolina" and "Cary" all find "Raleigh-Cary, NC". While the text matches
 * nothing the field says so, visibly, and keeps the text.
 *
 * The same file makes a list filterable: an <input data-filter-list="ID"> filters (and orders) the <li>s
 * of the list with that id by the same rule, each <li> carrying data-name and data-code (the input
 * carries the two tables).
 *
 * Keyboard: Down/Up move through the list (Alt+Down opens it), Enter or Tab picks the highlighted
 * option, Escape closes the list (and clears the text when it is already closed). Touch or click picks
 * an option. Picking sets the select's value and fires "change" on it, so a page can react to it.
 *
 * Options on the <select>:
 *   data-combobox                 turn it into a combobox
 *   data-combobox-placeholder     the input's placeholder
 *   data-combobox-list-label      the popup list's accessible name (default "Suggestions")
 *   data-combobox-states          "Alabama=AL|…": the state names a query can name   } picker_tables
 *   data-combobox-aliases         "nyc=35620|bay area=41860 41940|…": aliases → values }
 *   data-combobox-no-match        what to say when the text matches nothing ("%s" is the text)
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

  // The matcher's tables (salaries.places.picker_tables) from an element's attributes:
  // phrases {normalised state name: postal code}, names {postal code: name}, aliases {value: [alias]}
  // and byAlias {normalised alias: [value]}.
  function tables(element) {
    var result = { phrases: {}, names: {}, aliases: {}, byAlias: {} };
    (element.getAttribute("data-combobox-states") || "").split("|").forEach(function (pair) {
      var parts = pair.split("=");
      if (parts.length === 2) {
        result.phrases[normalise(parts[0])] = parts[1];
        result.names[parts[1]] = parts[0];
      }
    });
    (element.getAttribute("data-combobox-aliases") || "").split("|").forEach(function (pair) {
      var parts = pair.split("=");
      if (parts.length === 2) {
        var alias = normalise(parts[0]);
        result.byAlias[alias] = parts[1].split(" ").filter(Boolean);
        result.byAlias[alias].forEach(function (value) {
          (result.aliases[value] = result.aliases[value] || []).push(alias);
        });
      }
    });
    return result;
  }

  // What matching needs of one option or list item: its name's words and principal cities, its states
  // (the postal codes after the last comma of a BLS name), their names, its aliases, data-search.
  function entry(label, value, element, index, table) {
    var text = normalise(label);
    var comma = label.lastIndexOf(",");
    var head = comma >= 0 ? label.slice(0, comma) : label;
    var states = (comma >= 0 ? label.slice(comma + 1).match(/[A-Z]{2}/g) || [] : []).filter(function (code) {
      return table.names[code];
    });
    var extra = states.map(function (code) { return table.names[code]; }).concat(table.aliases[value] || []);
    extra.push(element.getAttribute("data-search") || "");
    return {
      index: index,
      value: value,
      label: label,
      text: text,
      nameWords: text.split(" ").filter(Boolean),
      words: (text + " " + normalise(extra.join(" "))).split(" ").filter(Boolean),
      cities: head.split("-").map(normalise).filter(Boolean),
      states: states
    };
  }

  function allPrefix(tokens, words) {
    return tokens.every(function (token) {
      return words.some(function (word) { return word.indexOf(token) === 0; });
    });
  }

  // The states a normalised query names (full names as whole words, or a lone postal code) and the rest.
  function statesNamed(wanted, phrases) {
    var ordered = Object.keys(phrases).sort(function (a, b) { return b.length - a.length; });
    var rest = " " + wanted + " ";
    var found = [];
    ordered.forEach(function (phrase) {
      if (rest.indexOf(" " + phrase + " ") !== -1) {
        found.push(phrases[phrase]);
        rest = rest.split(" " + phrase + " ").join(" ");
      }
    });
    if (!found.length) {
      Object.keys(phrases).forEach(function (phrase) {
        if (phrases[phrase].toLowerCase() === wanted) {
          found = [phrases[phrase]];
          rest = "";
        }
      });
    }
    return { states: found, rest: rest.split(" ").filter(Boolean) };
  }

  function rank(item, wanted, tokens, named) {
    var city = item.cities.some(function (c) { return c.indexOf(wanted) === 0; });
    if (named.states.length) {
      var inState = item.states.some(function (s) { return named.states.indexOf(s) !== -1; });
      if (inState && allPrefix(named.rest, item.nameWords)) {
        return city ? 0 : named.states.indexOf(item.states[0]) !== -1 ? 1 : 2;
      }
      return allPrefix(tokens, item.nameWords) ? 3 : -1;
    }
    if (allPrefix(tokens, item.words)) {
      return city ? 0 : 3;
    }
    return -1;
  }

  // The entries matching query, best first (salaries.places.match_metros's rule); [] for no text.
  function match(query, entries, table) {
    var wanted = normalise(query);
    if (!wanted) {
      return [];
    }
    var tokens = wanted.split(" ");
    var named = statesNamed(wanted, table.phrases);
    var aliased = [];
    (table.byAlias[wanted] || []).forEach(function (value) {
      entries.forEach(function (item) {
        if (item.value === value) {
          aliased.push(item);
        }
      });
    });
    var ranked = [];
    entries.forEach(function (item) {
      if (aliased.indexOf(item) !== -1) {
        return;
      }
      var r = rank(item, wanted, tokens, named);
      if (r >= 0) {
        ranked.push({ item: item, rank: r });
      }
    });
    ranked.sort(function (a, b) {
      return a.rank - b.rank || (a.item.text < b.item.text ? -1 : a.item.text > b.item.text ? 1 : a.item.index - b.item.index);
    });
    return aliased.concat(ranked.map(function (r) { return r.item; }));
  }

  function noMatch(element, typed) {
    var template = element.getAttribute("data-combobox-no-match") || "Nothing matches “%s”.";
    return template.replace("%s", typed);
  }

  function Combobox(select) {
    counter += 1;
    var id = select.id || "combobox-" + counter;
    this.select = select;
    this.freeText = select.hasAttribute("data-combobox-free-text");
    this.table = tables(select);
    var table = this.table;
    this.options = Array.prototype.map.call(select.options, function (option, index) {
      return entry(option.text, option.value, option, index, table);
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
    if (!normalise(query)) {
      return this.options.filter(function (option) { return option.label.trim(); });
    }
    return match(query, this.options.filter(function (option) {
      return option.value && option.label.trim(); // "Choose…"-style options only while nothing is typed
    }), this.table);
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
    var typed = this.input.value.trim();
    var none = count === 0 && typed;
    this.status.textContent = none
      ? noMatch(this.select, typed)
      : count === 0 ? "No matches" : count === 1 ? "1 match" : count + " matches";
    // "Nothing matches" is shown, not only announced; the text typed stays in the field.
    this.status.className = none ? "combobox-status combobox-nomatch" : "combobox-status visually-hidden";
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

  // <input data-filter-list="ID" data-filter-status="ID">: the list's <li data-name> items that match
  // what is typed, best first; the others hidden. Without JavaScript the input's form asks the server.
  function FilterList(input) {
    var list = document.getElementById(input.getAttribute("data-filter-list"));
    if (!list) {
      return;
    }
    var status = document.getElementById(input.getAttribute("data-filter-status"));
    var table = tables(input);
    var items = Array.prototype.map.call(list.querySelectorAll("li[data-name]"), function (li, index) {
      var item = entry(li.getAttribute("data-name"), li.getAttribute("data-code"), li, index, table);
      item.element = li;
      return item;
    });
    function update() {
      var typed = input.value.trim();
      var shown = normalise(typed) ? match(typed, items, table) : items;
      items.forEach(function (item) {
        item.element.hidden = true;
      });
      shown.forEach(function (item) {
        item.element.hidden = false;
        list.appendChild(item.element);
      });
      if (status) {
        if (!typed) {
          status.textContent = status.getAttribute("data-all") || "";
        } else if (!shown.length) {
          status.textContent = noMatch(input, typed);
        } else {
          status.textContent = shown.length + (shown.length === 1 ? " match" : " matches") + " for \u201c" + typed + "\u201d";
        }
      }
    }
    input.addEventListener("input", update);
    if (input.value.trim()) {
      update();
    }
  }

  function enhance(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("select[data-combobox]"), function (select) {
      if (!select.multiple && !select.hasAttribute("data-combobox-ready")) {
        select.setAttribute("data-combobox-ready", "");
        new Combobox(select);
      }
    });
    Array.prototype.forEach.call((root || document).querySelectorAll("input[data-filter-list]"), function (input) {
      if (!input.hasAttribute("data-filter-ready")) {
        input.setAttribute("data-filter-ready", "");
        FilterList(input);
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
