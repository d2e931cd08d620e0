// Row editor: <div data-row-editor> with rows ([data-row]) of inputs. Without this script the
// page shows blank rows to fill; with it, "Tambah baris" ([data-row-add]) adds an empty copy of
// the last row and "Hapus" ([data-row-remove]) removes a row (the last one is only emptied).
(function () {
  "use strict";

  function renumber(editor) {
    editor.querySelectorAll("[data-row]").forEach(function (row, index) {
      row.querySelectorAll("select, input").forEach(function (field) {
        field.id = field.id.replace(/_\d+$/, "_" + index);
      });
      row.querySelectorAll("label").forEach(function (label) {
        var target = label.getAttribute("for") || "";
        label.setAttribute("for", target.replace(/_\d+$/, "_" + index));
        label.textContent = label.textContent.replace(/\d+/, String(index + 1));
      });
    });
  }

  function clear(row) {
    row.querySelectorAll("select, input").forEach(function (field) {
      field.value = "";
    });
  }

  function attach(editor) {
    var body = editor.querySelector("tbody");
    var add = editor.querySelector("[data-row-add]");
    if (!body || !add) {
      return;
    }
    editor.addEventListener("click", function (event) {
      var remove = event.target.closest("[data-row-remove]");
      if (!remove) {
        return;
      }
      var row = remove.closest("[data-row]");
      var rows = body.querySelectorAll("[data-row]");
      if (rows.length > 1) {
        var next = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        renumber(editor);
        (next.querySelector("select, input") || add).focus();
      } else {
        clear(row);
        row.querySelector("select, input").focus();
      }
    });
    add.addEventListener("click", function () {
      var rows = body.querySelectorAll("[data-row]");
      var copy = rows[rows.length - 1].cloneNode(true);
      clear(copy);
      body.appendChild(copy);
      renumber(editor);
      copy.querySelector("select, input").focus();
    });
    editor.querySelectorAll("[data-row-remove]").forEach(function (button) {
      button.hidden = false;
    });
    add.hidden = false;
  }

  document.querySelectorAll("[data-row-editor]").forEach(attach);
})();
