// Scan a certificate's QR code with the phone camera (or from a photo) on the verification page.
//
// The markup (templates/public/certificates/_qr_scan.html) holds the button, the photo input, the
// video area and every message, translated by the server (data-msg-*). Decoding uses the browser's
// BarcodeDetector where it supports QR codes, else the vendored jsQR (static/vendor/jsqr-1.4.0),
// loaded by the page before this file. A decoded text goes into the lookup field and the form is
// submitted, so the server decides what the code means (it never trusts the scan).
(function () {
  "use strict";

  var root = document.querySelector("[data-qr-scan]");
  if (!root) {
    return;
  }
  var form = document.getElementById(root.getAttribute("data-qr-form"));
  var field = document.getElementById(root.getAttribute("data-qr-field"));
  var startButton = root.querySelector("[data-qr-start]");
  var stopButton = root.querySelector("[data-qr-stop]");
  var photoInput = root.querySelector("[data-qr-photo]");
  var video = root.querySelector("video");
  var status = root.querySelector("[data-qr-status]");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;
  var detector = null;
  var running = false;

  function message(name) {
    return root.getAttribute("data-msg-" + name) || "";
  }

  function say(name) {
    status.textContent = message(name);
  }

  function nativeDetector() {
    if (!("BarcodeDetector" in window)) {
      return Promise.resolve(null);
    }
    return window.BarcodeDetector.getSupportedFormats()
      .then(function (formats) {
        return formats.indexOf("qr_code") >= 0 ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
      })
      .catch(function () {
        return null;
      });
  }

  // Decode one image source (video frame, image) with jsQR; null when nothing is found.
  function decodeWithJsQR(source, width, height) {
    if (!window.jsQR || !width || !height) {
      return null;
    }
    var scale = Math.min(1, 1024 / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    var pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    var found = window.jsQR(pixels.data, pixels.width, pixels.height, { inversionAttempts: "attemptBoth" });
    return found && found.data ? found.data : null;
  }

  function decode(source, width, height) {
    if (detector) {
      return detector
        .detect(source)
        .then(function (codes) {
          return codes.length ? codes[0].rawValue : null;
        })
        .catch(function () {
          return decodeWithJsQR(source, width, height);
        });
    }
    return Promise.resolve(decodeWithJsQR(source, width, height));
  }

  function found(text) {
    stop();
    field.value = text;
    say("found");
    root.setAttribute("data-qr-result", text);
    form.submit();
  }

  function stop() {
    running = false;
    if (stream) {
      stream.getTracks().forEach(function (track) {
        track.stop();
      });
      stream = null;
    }
    video.hidden = true;
    stopButton.hidden = true;
    startButton.hidden = false;
  }

  function tick() {
    if (!running) {
      return;
    }
    if (video.readyState < 2) {
      window.setTimeout(tick, 150);
      return;
    }
    decode(video, video.videoWidth, video.videoHeight).then(function (text) {
      if (text) {
        found(text);
      } else if (running) {
        window.setTimeout(tick, 200);
      }
    });
  }

  function start() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say("no-camera");
      return;
    }
    say("starting");
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        stopButton.hidden = false;
        startButton.hidden = true;
        running = true;
        return video.play().then(function () {
          say("scanning");
          tick();
        });
      })
      .catch(function (error) {
        stop();
        say(error && error.name === "NotAllowedError" ? "denied" : "no-camera");
      });
  }

  function fromPhoto() {
    var file = photoInput.files && photoInput.files[0];
    if (!file) {
      return;
    }
    say("reading");
    // A data: URL, not a blob: one: the site's CSP allows images from 'self' and data: only.
    var reader = new FileReader();
    reader.onerror = function () {
      say("not-image");
    };
    reader.onload = function () {
      var image = new Image();
      image.onload = function () {
        decode(image, image.naturalWidth, image.naturalHeight).then(function (text) {
          if (text) {
            found(text);
          } else {
            say("not-found");
          }
        });
      };
      image.onerror = function () {
        say("not-image");
      };
      image.src = reader.result;
    };
    reader.readAsDataURL(file);
  }

  nativeDetector().then(function (native) {
    detector = native;
    root.setAttribute("data-qr-engine", native ? "native" : "jsqr");
    root.hidden = false;
    startButton.addEventListener("click", start);
    stopButton.addEventListener("click", function () {
      stop();
      say("stopped");
    });
    photoInput.addEventListener("change", fromPhoto);
  });
})();
