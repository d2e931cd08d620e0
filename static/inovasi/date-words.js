// Dates in words next to every date and time input, whatever the browser's language: an English
// Chrome shows "05/01/2026, 12:00 AM", so the page adds "Jumat, 1 Mei 2026 pukul 00.00 WIB".
// The server renders the first value ([data-date-words-for]); inputs without one get an output.
(function () {
  "use strict";

  var MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember"];
  var DAYS = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"];

  function words(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(value || "");
    if (!match) {
      return "";
    }
    var year = +match[1], month = +match[2], day = +match[3];
    // Day of the week from the calendar date alone (UTC), so the browser's time zone cannot shift it.
    var weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
    var text = DAYS[weekday] + ", " + day + " " + MONTHS[month - 1] + " " + year;
    if (match[4] !== undefined) {
      text += " pukul " + match[4] + "." + match[5] + " WIB";
    }
    return text;
  }

  function attach(input) {
    if (!input.id) {
      return;
    }
    var output = document.querySelector('[data-date-words-for="' + input.id + '"]');
    if (!output) {
      output = document.createElement("div");
      output.className = "form-text date-words";
      output.setAttribute("data-date-words-for", input.id);
      output.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", output);
    }
    function update() {
      output.textContent = words(input.value);
    }
    input.addEventListener("input", update);
    input.addEventListener("change", update);
    update();
  }

  document.querySelectorAll('input[type="date"], input[type="datetime-local"]').forEach(attach);
})();
