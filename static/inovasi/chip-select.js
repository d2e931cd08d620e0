// Chip picker: enhances a <select multiple data-chips> (options grouped in <optgroup>s) into a
// search field, a list of matches and one chip per chosen option. The select stays in the form
// (hidden) and carries the values; without this script it is an ordinary multi-select.
// Texts come from the select: data-chips-remove ("Hapus %s"), data-chips-added, data-chips-removed,
// data-chips-none (no match).
(function () {
  "use strict";

  var MAX_SHOWN = 50;

  function fold(text) {
    return (text || "").toLocaleLowerCase("id").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function text(select, name, fallback, value) {
    return (select.getAttribute(name) || fallback).replace("%s", value || "");
  }

  function make(tag, attrs, content) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    if (content) {
      node.textContent = content;
    }
    return node;
  }

  function attach(select) {
    var base = select.id || "chips";
    var options = Array.prototype.slice.call(select.options);
    var wrap = make("div", { class: "chip-select" });
    var chips = make("ul", { class: "chip-select-chips", "aria-live": "off" });
    var input = make("input", {
      type: "search",
      class: "form-control",
      id: base + "_search",
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": base + "_matches",
      autocomplete: "off",
    });
    var list = make("ul", { class: "chip-select-list", id: base + "_matches", role: "listbox", hidden: "" });
    var status = make("div", { class: "visually-hidden", role: "status" });
    var described = select.getAttribute("aria-describedby");
    if (described) {
      input.setAttribute("aria-describedby", described);
    }
    var label = document.querySelector('label[for="' + base + '"]');
    if (label) {
      label.setAttribute("for", input.id);
    }
    var active = -1;

    function announce(message) {
      status.textContent = message;
    }

    function toggle(option, chosen) {
      option.selected = chosen;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function drawChips() {
      chips.textContent = "";
      options.forEach(function (option) {
        if (!option.selected) {
          return;
        }
        var chip = make("li", { class: "chip-select-chip" });
        chip.appendChild(make("span", {}, option.text));
        var remove = make("button", { type: "button", "aria-label": text(select, "data-chips-remove", "Hapus %s", option.text) }, "×");
        remove.addEventListener("click", function () {
          toggle(option, false);
          drawChips();
          announce(text(select, "data-chips-removed", "Dihapus: %s", option.text));
          input.focus();
        });
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(option) {
      toggle(option, true);
      drawChips();
      announce(text(select, "data-chips-added", "Ditambahkan: %s", option.text));
      input.value = "";
      close();
      input.focus();
    }

    function highlight(index) {
      var items = list.querySelectorAll("[role=option]");
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      }
    }

    function search() {
      var query = fold(input.value.trim());
      list.textContent = "";
      if (!query) {
        close();
        return;
      }
      var shown = 0;
      options.forEach(function (option, index) {
        if (shown >= MAX_SHOWN || option.selected) {
          return;
        }
        var group = option.parentNode.tagName === "OPTGROUP" ? option.parentNode.label : "";
        if (fold(option.text + " " + group).indexOf(query) === -1) {
          return;
        }
        var item = make("li", { role: "option", id: base + "_opt_" + index, "aria-selected": "false" }, option.text);
        if (group) {
          item.appendChild(document.createTextNode(" "));
          item.appendChild(make("small", {}, "— " + group));
        }
        item.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(option);
        });
        item.optionRef = option;
        list.appendChild(item);
        shown += 1;
      });
      if (!shown) {
        list.appendChild(make("li", { "aria-disabled": "true" }, text(select, "data-chips-none", "Tidak ada yang cocok.")));
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      highlight(shown ? 0 : -1);
    }

    input.addEventListener("input", search);
    input.addEventListener("keydown", function (event) {
      var items = list.querySelectorAll("[role=option]");
      if (event.key === "ArrowDown" && items.length) {
        event.preventDefault();
        highlight(Math.min(active + 1, items.length - 1));
      } else if (event.key === "ArrowUp" && items.length) {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && !list.hidden) {
        event.preventDefault(); // never submit the form while choosing
        if (items[active]) {
          choose(items[active].optionRef);
        }
      } else if (event.key === "Escape") {
        close();
      } else if (event.key === "Backspace" && !input.value) {
        var chosen = options.filter(function (option) { return option.selected; });
        if (chosen.length) {
          var last = chosen[chosen.length - 1];
          toggle(last, false);
          drawChips();
          announce(text(select, "data-chips-removed", "Dihapus: %s", last.text));
        }
      }
    });
    input.addEventListener("blur", close);

    wrap.appendChild(chips);
    wrap.appendChild(input);
    wrap.appendChild(list);
    wrap.appendChild(status);
    select.parentNode.insertBefore(wrap, select.nextSibling);
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    drawChips();
  }

  document.querySelectorAll("select[multiple][data-chips]").forEach(attach);
})();
