// The word rule shared by the live counters (word-count.js, proposal-words.js). It mirrors
// inovasi/competitions/words.py: a word is a run of characters that are not separators, and the
// separators are the code-point ranges below (Unicode spaces, invisible format characters, blank-
// looking fillers such as U+2800 and U+3164). A test compares this table with the server's and
// runs countWords on the same cases, so the live count agrees with the server's verdict.
(function (root) {
  "use strict";
  // SEPARATOR_RANGES begin
  var SEPARATOR_RANGES = [
    [0x9, 0xD],
    [0x1C, 0x20],
    [0x85, 0x85],
    [0xA0, 0xA0],
    [0xAD, 0xAD],
    [0x34F, 0x34F],
    [0x600, 0x605],
    [0x61C, 0x61C],
    [0x6DD, 0x6DD],
    [0x70F, 0x70F],
    [0x890, 0x891],
    [0x8E2, 0x8E2],
    [0x115F, 0x1160],
    [0x1680, 0x1680],
    [0x17B4, 0x17B5],
    [0x180B, 0x180F],
    [0x2000, 0x200F],
    [0x2028, 0x202F],
    [0x205F, 0x2064],
    [0x2066, 0x206F],
    [0x2800, 0x2800],
    [0x3000, 0x3000],
    [0x3164, 0x3164],
    [0xFE00, 0xFE0F],
    [0xFEFF, 0xFEFF],
    [0xFFA0, 0xFFA0],
    [0xFFF9, 0xFFFB],
    [0x110BD, 0x110BD],
    [0x110CD, 0x110CD],
    [0x13430, 0x13438],
    [0x1BCA0, 0x1BCA3],
    [0x1D159, 0x1D159],
    [0x1D173, 0x1D17A],
    [0xE0001, 0xE0001],
    [0xE0020, 0xE007F],
    [0xE0100, 0xE01EF]
  ];
  // SEPARATOR_RANGES end

  function isSeparator(code) {
    for (var i = 0; i < SEPARATOR_RANGES.length; i++) {
      if (code < SEPARATOR_RANGES[i][0]) { return false; }
      if (code <= SEPARATOR_RANGES[i][1]) { return true; }
    }
    return false;
  }

  function countWords(text) {
    var count = 0;
    var inWord = false;
    text = text || "";
    for (var i = 0; i < text.length; i++) {
      var code = text.codePointAt(i);
      if (code > 0xFFFF) { i++; }
      if (isSeparator(code)) {
        inWord = false;
      } else if (!inWord) {
        inWord = true;
        count++;
      }
    }
    return count;
  }

  function countChars(text) {
    return Array.from(text || "").length;
  }

  var api = { countWords: countWords, countChars: countChars };
  if (typeof module !== "undefined" && module.exports) { module.exports = api; }
  root.InovasiWords = api;
})(typeof window !== "undefined" ? window : globalThis);
