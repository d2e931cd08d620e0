/*
 * Exhibition gallery: one finalist per slide, advancing every `data-interval` seconds and looping
 * forever. Built to run unattended on a screen at the event:
 *  - re-reads the list from `data-source` every `data-refresh` seconds, so new results appear;
 *    a failed or slow fetch (15 s timeout) keeps the last list and tries again later;
 *  - a broken photo falls back to the initials placeholder;
 *  - every timer callback is guarded, so one error never stops the loop;
 *  - after many hours it reloads the page, but only right after the server answered.
 * Keys: → / PageDown next, ← / PageUp previous, Space pause, F full screen.
 * No inline script or style (the site's Content Security Policy forbids them); text is set with
 * textContent only.
 */
(function () {
  "use strict";

  var root = document.getElementById("galeri");
  if (!root) {
    return;
  }
  document.documentElement.classList.add("gallery-js");

  var list = root.querySelector("[data-slides]");
  var counter = root.querySelector("[data-counter]");
  var status = root.querySelector("[data-status]");
  var pauseButton = root.querySelector("[data-pause]");
  var fullscreenButton = root.querySelector("[data-fullscreen]");
  var labels = root.dataset;

  function clamp(value, low, high, fallback) {
    var number = parseInt(value, 10);
    if (isNaN(number)) {
      return fallback;
    }
    return Math.min(Math.max(number, low), high);
  }

  var intervalMs = clamp(labels.interval, 3, 300, 10) * 1000;
  var refreshMs = clamp(labels.refresh, 30, 3600, 180) * 1000;
  var reloadAfterMs = 6 * 60 * 60 * 1000;
  var startedAt = Date.now();
  var index = 0;
  var paused = false;
  var advanceTimer = null;
  var signature = "";

  function guarded(fn) {
    return function () {
      try {
        fn.apply(null, arguments);
      } catch (error) {
        if (window.console) {
          window.console.error("galeri:", error);
        }
      }
    };
  }

  function slides() {
    return list.querySelectorAll(".slide");
  }

  function setStatus(text) {
    if (status) {
      status.textContent = text || "";
    }
  }

  function show(target) {
    var all = slides();
    if (!all.length) {
      if (counter) {
        counter.textContent = "";
      }
      return;
    }
    index = ((target % all.length) + all.length) % all.length;
    for (var k = 0; k < all.length; k += 1) {
      var active = k === index;
      all[k].classList.toggle("is-active", active);
      all[k].setAttribute("aria-hidden", active ? "false" : "true");
    }
    if (counter) {
      counter.textContent = index + 1 + " / " + all.length;
    }
  }

  function schedule() {
    window.clearTimeout(advanceTimer);
    if (!paused) {
      advanceTimer = window.setTimeout(
        guarded(function () {
          show(index + 1);
          schedule();
        }),
        intervalMs
      );
    }
  }

  function setPaused(value) {
    paused = value;
    root.classList.toggle("is-paused", paused);
    if (pauseButton) {
      pauseButton.textContent = paused ? labels.labelPlay : labels.labelPause;
      pauseButton.setAttribute("aria-pressed", paused ? "true" : "false");
    }
    schedule();
  }

  function step(delta) {
    show(index + delta);
    schedule();
  }

  function placeholder(initials) {
    var box = document.createElement("div");
    box.className = "slide-initials";
    box.setAttribute("aria-hidden", "true");
    box.textContent = initials || "?";
    return box;
  }

  function watchImage(img) {
    function fallBack() {
      if (img.parentNode) {
        img.parentNode.replaceChild(placeholder(img.dataset.initials), img);
      }
    }
    if (img.complete && img.naturalWidth === 0) {
      fallBack();
    } else {
      img.addEventListener("error", fallBack);
    }
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function build(item) {
    var slide = element("article", "slide");
    slide.dataset.key = String(item.key);
    slide.setAttribute("aria-roledescription", "slide");
    var photo = element("div", "slide-photo");
    if (item.photo) {
      var img = document.createElement("img");
      img.src = item.photo;
      img.alt = item.name || "";
      img.dataset.initials = item.initials || "?";
      photo.appendChild(img);
      watchImage(img);
    } else {
      photo.appendChild(placeholder(item.initials));
    }
    var text = element("div", "slide-text");
    if (item.label) {
      text.appendChild(element("p", "slide-label", item.label));
    }
    text.appendChild(element("h2", "slide-name", item.name || ""));
    if (item.expansion) {
      text.appendChild(element("p", "slide-expansion", item.expansion));
    }
    text.appendChild(element("p", "slide-region", item.region || ""));
    if (item.agency) {
      text.appendChild(element("p", "slide-agency", item.agency));
    }
    if (item.summary) {
      text.appendChild(element("p", "slide-summary", item.summary));
    }
    slide.appendChild(photo);
    slide.appendChild(text);
    return slide;
  }

  function replace(items) {
    var next = JSON.stringify(items);
    if (next === signature) {
      return;
    }
    var current = slides()[index];
    var currentKey = current ? current.dataset.key : null;
    var fragment = document.createDocumentFragment();
    var target = 0;
    items.forEach(function (item, k) {
      if (String(item.key) === currentKey) {
        target = k;
      }
      fragment.appendChild(build(item));
    });
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    if (items.length) {
      list.appendChild(fragment);
    } else {
      list.appendChild(element("p", "gallery-empty", labels.labelEmpty));
    }
    signature = next;
    show(target);
  }

  function fetchList() {
    var controller = window.AbortController ? new window.AbortController() : null;
    var timeout = window.setTimeout(function () {
      if (controller) {
        controller.abort();
      }
    }, 15000);
    window
      .fetch(labels.source, {
        cache: "no-store",
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (!data || !Array.isArray(data.slides)) {
          throw new Error("unexpected answer");
        }
        replace(data.slides);
        setStatus("");
        if (Date.now() - startedAt > reloadAfterMs) {
          // A fresh page now and then keeps a browser that runs for days healthy; only reload
          // when the server has just answered, so an outage never leaves an error page on screen.
          window.location.reload();
        }
      })
      .catch(function () {
        setStatus(labels.labelOffline);
      })
      .then(function () {
        window.clearTimeout(timeout);
        window.setTimeout(guarded(fetchList), refreshMs);
      });
  }

  function toggleFullscreen() {
    var element = document.documentElement;
    if (document.fullscreenElement || document.webkitFullscreenElement) {
      (document.exitFullscreen || document.webkitExitFullscreen).call(document);
    } else {
      var request = element.requestFullscreen || element.webkitRequestFullscreen;
      var result = request.call(element);
      if (result && result.catch) {
        result.catch(function () {});
      }
    }
  }

  var canFullscreen = !!(document.documentElement.requestFullscreen || document.documentElement.webkitRequestFullscreen);
  if (fullscreenButton && canFullscreen) {
    fullscreenButton.hidden = false;
    fullscreenButton.addEventListener("click", guarded(toggleFullscreen));
  }
  if (pauseButton) {
    pauseButton.setAttribute("aria-pressed", "false");
    pauseButton.addEventListener(
      "click",
      guarded(function () {
        setPaused(!paused);
      })
    );
  }
  var prev = root.querySelector("[data-prev]");
  var next = root.querySelector("[data-next]");
  if (prev) {
    prev.addEventListener("click", guarded(function () { step(-1); }));
  }
  if (next) {
    next.addEventListener("click", guarded(function () { step(1); }));
  }

  document.addEventListener(
    "keydown",
    guarded(function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      var tag = event.target && event.target.tagName;
      if (event.key === "ArrowRight" || event.key === "PageDown") {
        step(1);
        event.preventDefault();
      } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
        step(-1);
        event.preventDefault();
      } else if ((event.key === " " || event.key === "Spacebar") && tag !== "BUTTON" && tag !== "A") {
        setPaused(!paused);
        event.preventDefault();
      } else if ((event.key === "f" || event.key === "F") && canFullscreen) {
        toggleFullscreen();
      }
    })
  );

  // The pointer and the controls disappear after a few still seconds, as on any kiosk screen.
  var idleTimer = null;
  function wake() {
    root.classList.remove("is-idle");
    window.clearTimeout(idleTimer);
    idleTimer = window.setTimeout(function () {
      root.classList.add("is-idle");
    }, 3000);
  }
  ["mousemove", "pointerdown", "keydown", "touchstart"].forEach(function (name) {
    document.addEventListener(name, wake, { passive: true });
  });

  Array.prototype.forEach.call(list.querySelectorAll("img[data-initials]"), watchImage);
  show(0);
  schedule();
  wake();
  window.setTimeout(guarded(fetchList), refreshMs);
})();
