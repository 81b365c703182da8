/* Relais web UI behaviour: the scanner input, batch feedback (colour, text, sound), camera
 * scanning where the browser has BarcodeDetector, and small form helpers.
 * Everything degrades: without this file the forms still post and the pages still render. */
(function () {
  "use strict";

  var SOUND_KEY = "relais.sound";
  var audioContext = null;

  function scanInput() {
    return document.querySelector("[data-scan-input]");
  }

  var NOT_TYPED_INTO = ["checkbox", "radio", "button", "submit", "reset", "file", "image", "range", "color"];

  /* Whether keys typed now belong to the focused element (a text field), not to a scan. */
  function isTypingTarget(element) {
    if (!element || element === document.body) return false;
    var tag = element.tagName;
    if (tag === "INPUT") return NOT_TYPED_INTO.indexOf(element.type) === -1;
    return tag === "TEXTAREA" || tag === "SELECT" || element.isContentEditable;
  }

  /* A keyboard-wedge scanner types fast into whatever has focus: keep the scan input ready.
   * Printable keys typed while no field has focus go to the scan input; Tab, Space and Enter
   * still operate links and buttons, so keyboard navigation is not trapped. */
  function keepScannerFocused() {
    var input = scanInput();
    if (!input) return;
    input.focus();
    // A code left from a refused scan is selected: the next scan replaces it.
    if (input.value) input.select();
    document.addEventListener("keydown", function (event) {
      var target = scanInput();
      if (!target || isTypingTarget(document.activeElement)) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key.length !== 1 || event.key === " ") return;
      // Moving the focus during keydown does not carry this key along: type it ourselves. A
      // scan that starts while the input is not focused is a new code: it replaces the old one.
      event.preventDefault();
      target.focus();
      target.value = event.key;
    });
  }

  function soundOn() {
    return window.localStorage.getItem(SOUND_KEY) !== "off";
  }

  function beep(frequency, duration, delay, type) {
    if (!window.AudioContext && !window.webkitAudioContext) return;
    audioContext = audioContext || new (window.AudioContext || window.webkitAudioContext)();
    var start = audioContext.currentTime + (delay || 0);
    var oscillator = audioContext.createOscillator();
    var gain = audioContext.createGain();
    oscillator.type = type || "sine";
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.25, start + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + duration);
    oscillator.connect(gain).connect(audioContext.destination);
    oscillator.start(start);
    oscillator.stop(start + duration + 0.02);
  }

  var FLASHES = ["scanner--flash-ok", "scanner--flash-warn", "scanner--flash-refused"];

  /* "ok", "info" (a stock-take's device scanned again) and "again" (a batch's device scanned
   * twice) sound and flash as accepted; "warn" (misplaced, off the shelf) and "failed" (a wipe
   * recorded as failed) in amber with two middle tones; anything else as refused. */
  function feedback(outcome) {
    var tone = outcome === "info" || outcome === "again" ? "ok" : outcome === "failed" ? "warn" : outcome === "ok" || outcome === "warn" ? outcome : "refused";
    var form = document.querySelector("[data-batch]");
    if (form) {
      form.classList.remove.apply(form.classList, FLASHES);
      void form.offsetWidth; // restart the flash when two scans come quickly
      form.classList.add("scanner--flash-" + tone);
      window.setTimeout(function () {
        form.classList.remove.apply(form.classList, FLASHES);
      }, 900);
    }
    if (!soundOn()) return;
    try {
      if (tone === "ok") {
        beep(1046, 0.12, 0, "sine");
      } else if (tone === "warn") {
        beep(660, 0.12, 0, "triangle");
        beep(660, 0.12, 0.16, "triangle");
      } else {
        beep(220, 0.16, 0, "square");
        beep(180, 0.22, 0.2, "square");
      }
    } catch (error) {
      /* no audio output: the colour and the text still tell */
    }
  }

  function setUpSoundToggle() {
    var toggle = document.querySelector("[data-sound-toggle]");
    if (!toggle) return;
    toggle.checked = soundOn();
    toggle.addEventListener("change", function () {
      window.localStorage.setItem(SOUND_KEY, toggle.checked ? "on" : "off");
    });
  }

  // The codes Relais prints (Code 128 labels and cards) and the usual 2D codes; fewer formats
  // make each look at a frame cheaper for the WebAssembly decoder.
  var CAMERA_FORMATS = ["code_128", "qr_code", "data_matrix", "code_39"];

  /* The browser's BarcodeDetector, else the vendored one (zxing-cpp compiled to WebAssembly),
   * loaded from /static the first time the camera starts: Safari, Firefox and Chromium on
   * Linux have no detector of their own. */
  function barcodeDetector(button) {
    if ("BarcodeDetector" in window) return Promise.resolve(window.BarcodeDetector);
    if (window.BarcodeDetectionAPI) return Promise.resolve(window.BarcodeDetectionAPI.BarcodeDetector);
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = button.dataset.detectorScript;
      script.onload = function () {
        var api = window.BarcodeDetectionAPI;
        api.prepareZXingModule({
          overrides: {
            locateFile: function (path, prefix) {
              return path.slice(-5) === ".wasm" ? button.dataset.detectorWasm : prefix + path;
            },
          },
        });
        resolve(api.BarcodeDetector);
      };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  /* Camera scanning: the browser's decoder or the vendored one; hidden without a camera API. */
  function setUpCamera() {
    var button = document.querySelector("[data-camera-toggle]");
    var panel = document.querySelector("[data-camera]");
    if (!button || !panel || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
    if (!("BarcodeDetector" in window) && !("WebAssembly" in window)) return;
    var video = panel.querySelector("video");
    var stream = null;
    var timer = null;
    var lastCode = "";
    var lastAt = 0;
    var detector = null;
    button.hidden = false;

    function stop() {
      if (timer) window.clearInterval(timer);
      timer = null;
      if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
      panel.hidden = true;
      button.setAttribute("aria-pressed", "false");
      button.textContent = button.dataset.labelOff;
    }

    function submit(code) {
      var now = Date.now();
      if (code === lastCode && now - lastAt < 2500) return; // the same barcode still in view
      lastCode = code;
      lastAt = now;
      var input = scanInput();
      input.value = code;
      input.form.requestSubmit();
    }

    button.addEventListener("click", function () {
      if (stream) { stop(); return; }
      barcodeDetector(button).then(function (Detector) {
        return Detector.getSupportedFormats().then(function (supported) {
          var formats = CAMERA_FORMATS.filter(function (format) { return supported.indexOf(format) !== -1; });
          detector = new Detector({ formats: formats.length ? formats : supported });
        });
      }).then(function () {
        return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      }).then(function (media) {
        stream = media;
        video.srcObject = media;
        panel.hidden = false;
        button.setAttribute("aria-pressed", "true");
        button.textContent = button.dataset.labelOn;
        return video.play();
      }).then(function () {
        var busy = false; // the WebAssembly decoder may take longer than one interval on a phone
        timer = window.setInterval(function () {
          if (busy) return;
          busy = true;
          detector.detect(video).then(function (codes) {
            if (codes.length) submit(codes[0].rawValue.trim());
          }).catch(function () {}).then(function () {
            busy = false;
          });
        }, 250);
      }).catch(function () {
        stop();
      });
    });
    window.addEventListener("pagehide", stop);
  }

  /* "Mark every check as passed" on the refurbishment checklist. */
  function setUpChecklist() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-check-all]");
      if (!button) return;
      var value = button.dataset.checkAll;
      button.closest("fieldset").querySelectorAll('input[type="radio"][value="' + value + '"]').forEach(
        function (radio) { radio.checked = true; }
      );
    });
  }

  /* "Select all or none" for a list of checkboxes. */
  function setUpToggleAll() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-toggle-all]");
      if (!button) return;
      var boxes = button.closest("fieldset").querySelectorAll('input[type="checkbox"][name="' + button.dataset.toggleAll + '"]');
      var allChecked = Array.prototype.every.call(boxes, function (box) { return box.checked; });
      boxes.forEach(function (box) { box.checked = !allChecked; });
    });
  }

  /* The sheet under the start position: used positions greyed, a click picks the start. */
  function setUpSheetPicker() {
    var layout = document.querySelector('select[name="layout"]');
    var start = document.querySelector("[data-start-position]");
    if (!layout || !start) return;
    function draw() {
      document.querySelectorAll("[data-sheet]").forEach(function (sheet) {
        var shown = sheet.dataset.sheet === layout.value;
        sheet.hidden = !shown;
        if (!shown) return;
        var cells = sheet.querySelectorAll("[data-position]");
        start.max = cells.length;
        var first = parseInt(start.value, 10) || 1;
        cells.forEach(function (cell) {
          var position = parseInt(cell.dataset.position, 10);
          cell.classList.toggle("sheet__cell--used", position < first);
          cell.classList.toggle("sheet__cell--start", position === first);
        });
      });
      if (!document.querySelector('[data-sheet="' + layout.value + '"]')) start.max = 1;
    }
    layout.addEventListener("change", draw);
    start.addEventListener("input", draw);
    document.addEventListener("click", function (event) {
      var cell = event.target.closest("[data-position]");
      if (!cell) return;
      start.value = cell.dataset.position;
      draw();
    });
    draw();
  }

  /* A file larger than a form takes is refused before it is sent, in the words the server
   * would use: on a slow connection the whole upload would be wasted, and the other fields keep
   * what was typed. The server refuses such a file anyway. */
  function setUpFileLimits() {
    document.querySelectorAll('input[type="file"][data-max-bytes]').forEach(function (input) {
      var limit = parseInt(input.dataset.maxBytes, 10);
      var message = document.createElement("p");
      message.className = "field__error";
      message.id = input.id + "-too-large";
      message.textContent = input.dataset.tooLarge;
      message.hidden = true;
      input.parentNode.insertBefore(message, input);

      function check() {
        var tooLarge = Array.prototype.some.call(input.files || [], function (file) {
          return file.size > limit;
        });
        // Only a change of verdict touches the field: an error the server gave stays until then.
        if (tooLarge === !message.hidden) return !tooLarge;
        var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
          return id && id !== message.id;
        });
        if (tooLarge) described.unshift(message.id);
        input.setAttribute("aria-describedby", described.join(" "));
        input.setAttribute("aria-invalid", tooLarge ? "true" : "false");
        input.closest(".field").classList.toggle("field--error", tooLarge);
        message.hidden = !tooLarge;
        return !tooLarge;
      }

      input.addEventListener("change", check);
      input.form.addEventListener("submit", function (event) {
        if (check()) return;
        event.preventDefault();
        input.focus();
      });
    });
  }

  /* A table wider than the screen scrolls sideways in its frame: the frame then takes the focus,
   * so the arrow keys scroll it too (WCAG 2.1.1), and is named after its table. A frame that
   * does not scroll stays out of the Tab order. */
  function frameName(frame) {
    var caption = frame.querySelector("caption");
    var section = frame.closest("section, article, .card");
    var heading = caption || (section && section.querySelector("h1, h2, h3, figcaption"));
    return heading ? heading.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function updateScrollingTables() {
    document.querySelectorAll(".table-wrap").forEach(function (frame) {
      var scrolls = frame.scrollWidth > frame.clientWidth;
      if (scrolls === frame.hasAttribute("tabindex")) return;
      if (!scrolls) {
        ["tabindex", "role", "aria-label"].forEach(function (name) { frame.removeAttribute(name); });
        return;
      }
      frame.tabIndex = 0;
      var name = frameName(frame);
      if (!name) return;
      // A group, not a region: the section around it is often a landmark of the same name.
      frame.setAttribute("role", "group");
      frame.setAttribute("aria-label", name);
    });
  }

  function focusAlerts() {
    var alert = document.querySelector("[data-autofocus]");
    if (alert) alert.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    keepScannerFocused();
    setUpSoundToggle();
    setUpCamera();
    setUpChecklist();
    setUpToggleAll();
    setUpSheetPicker();
    setUpFileLimits();
    updateScrollingTables();
    focusAlerts();
  });
  window.addEventListener("resize", updateScrollingTables);
  document.addEventListener("htmx:afterSettle", updateScrollingTables);

  /* Batch scans: a scanner may send the next code before the last answer is back. Each code
   * is taken from the input the moment Enter is pressed (the input is emptied at once for the
   * next one) and the requests go out one after the other, in scanning order, so none is
   * dropped and the tally carried in the form is always the latest. */
  var batchQueue = Promise.resolve();

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-batch]") || !window.htmx) return;
    event.preventDefault();
    event.stopPropagation();
    var input = form.querySelector("[data-scan-input]");
    var code = input.value.trim();
    input.value = "";
    input.focus();
    if (!code) return;
    batchQueue = batchQueue.then(function () {
      return window.htmx.ajax("POST", form.getAttribute("action"), {
        source: form,
        target: form.getAttribute("hx-target"),
        swap: form.getAttribute("hx-swap") || "innerHTML",
        values: { code: code },
      });
    }).catch(function () {});
  }, true);

  /* A single scan keeps its code in the input, selected, so the next scan replaces it. */
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form || !form.matches || !form.matches("[data-scanner]") || form.matches("[data-batch]")) return;
    var input = scanInput();
    if (!input) return;
    input.focus();
    input.select();
  });

  document.addEventListener("relais:scanned", function (event) {
    feedback(event.detail && event.detail.outcome);
  });
})();
