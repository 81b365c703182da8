/* Scanner discipline for every form of the web UI, and confirmation of irreversible actions.
 *
 * A keyboard-wedge scanner types a code, then Enter, into whatever field has the focus. So:
 * - A scan field carries `data-scan` (the scan station's input also `data-scan-input`). There,
 *   Enter does what the browser does: a scanner form submits, a list of codes takes a new line.
 * - In any other field of a form, Enter moves to the next field and never submits. Only a
 *   button, or Ctrl+Enter (Cmd+Enter on a Mac) from a field, submits. A form marked
 *   `data-enter-submits` (the log-in form) keeps the browser's Enter.
 * - A burst of characters typed at a scanner's pace and ended by Enter into a field that is not
 *   a scan field, matching a code Relais prints (the patterns come from the domains, rendered
 *   into <body data-scan-patterns>), is taken out of the field again and the page says "this
 *   looks like a scan": an asset tag never becomes a tool name or a serial number. In a <select>,
 *   whose typeahead changes the choice as the characters come, the choice made before is put back.
 * - A form, or the button that submits it, carrying `data-confirm="<question>"` asks first in the
 *   page's native <dialog> (plain confirm() where <dialog> is missing); htmx forms too, since the
 *   question is asked before htmx sees the submit. An htmx element that is not a form and
 *   carries data-confirm asks through htmx's own htmx:confirm event.
 * Without this file every form still works, as plain HTML forms.
 */
(function () {
  "use strict";

  // A scanner types a character every few milliseconds; people, even fast typists, one every
  // 100 ms or more on average. A burst is the characters typed since the last pause longer than
  // BURST_PAUSE_MS, at least BURST_MIN_LENGTH of them, typed with Enter at an average pace of
  // BURST_AVERAGE_MS or faster. An average, not a maximum gap: a busy browser may stall one
  // keystroke of a real scan for a few hundred milliseconds.
  var BURST_MIN_LENGTH = 4;
  var BURST_PAUSE_MS = 500;
  var BURST_AVERAGE_MS = 50;

  var NOT_FIELDS = ["hidden", "button", "submit", "reset", "image", "file"];
  var TEXT_INPUTS = ["text", "search", "number", "tel", "url", "email", "password"];

  function isField(element) {
    if (!element || !element.tagName) return false;
    var tag = element.tagName;
    if (tag === "INPUT") return NOT_FIELDS.indexOf(element.type) === -1;
    return tag === "SELECT" || tag === "TEXTAREA";
  }

  function takesText(element) {
    return element.tagName === "TEXTAREA" || (element.tagName === "INPUT" && TEXT_INPUTS.indexOf(element.type) !== -1);
  }

  function isScanField(element) {
    return element.matches("[data-scan], [data-scan-input]");
  }

  function patterns() {
    if (patterns.cache) return patterns.cache;
    var list = [];
    try {
      list = JSON.parse(document.body.dataset.scanPatterns || "[]");
    } catch (error) {
      list = [];
    }
    patterns.cache = list.map(function (source) { return new RegExp(source, "i"); });
    return patterns.cache;
  }

  function isKnownCode(text) {
    var code = text.trim();
    return code !== "" && patterns().some(function (pattern) { return pattern.test(code); });
  }

  /* ---- Enter moves to the next field ---- */

  function shown(element) {
    return !element.disabled && element.getClientRects().length > 0;
  }

  /* The field after `element` in its form; a radio group counts as one field, entered at its
   * checked radio. */
  function nextField(element) {
    var fields = Array.prototype.filter.call(element.form.elements, function (candidate) {
      return isField(candidate) && shown(candidate);
    });
    var index = fields.indexOf(element);
    for (var i = index + 1; i < fields.length; i++) {
      var candidate = fields[i];
      if (candidate.type === "radio") {
        if (element.type === "radio" && candidate.name === element.name) continue;
        var checked = element.form.querySelector('input[type="radio"][name="' + CSS.escape(candidate.name) + '"]:checked');
        return checked && shown(checked) ? checked : candidate;
      }
      return candidate;
    }
    return null;
  }

  function submitForm(form) {
    var button = form.querySelector('button[type="submit"], button:not([type]), input[type="submit"]');
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit(button || undefined);
    } else {
      form.submit();
    }
  }

  /* ---- A scan typed into the wrong field ---- */

  var burst = null; // {field, before, chars, first, last}
  var MODIFIERS = ["Shift", "CapsLock", "Alt", "AltGraph", "Control", "Meta"];

  function trackKey(event, field) {
    if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) {
      if (MODIFIERS.indexOf(event.key) === -1) burst = null;
      return;
    }
    var now = event.timeStamp;
    if (!burst || burst.field !== field || now - burst.last > BURST_PAUSE_MS) {
      burst = { field: field, before: field.value, chars: "", first: now, last: now };
    }
    burst.chars += event.key;
    burst.last = now;
  }

  /* The code just scanned into `field` (a fast burst matching a printed code), else null. A
   * select counts: its typeahead picks another choice as the code's characters come. */
  function scannedCode(event, field) {
    if (!burst || burst.field !== field || !(takesText(field) || field.tagName === "SELECT")) return null;
    var count = burst.chars.length;
    if (count < BURST_MIN_LENGTH || event.timeStamp - burst.last > BURST_PAUSE_MS) return null;
    if ((event.timeStamp - burst.first) / count > BURST_AVERAGE_MS) return null;
    return isKnownCode(burst.chars) ? burst.chars.trim() : null;
  }

  function warningOf(field) {
    var id = (field.id || field.name || "field") + "-looks-like-scan";
    var warning = document.getElementById(id);
    if (warning) return warning;
    warning = document.createElement("p");
    warning.id = id;
    warning.className = "field__error field__scan-warning";
    warning.setAttribute("role", "alert");
    warning.setAttribute("data-scan-warning", "");
    field.parentNode.insertBefore(warning, field);
    var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    described.unshift(id);
    field.setAttribute("aria-describedby", described.join(" "));
    field.addEventListener("input", function clear() {
      field.removeEventListener("input", clear);
      warning.remove();
      field.setAttribute("aria-describedby", described.slice(1).join(" "));
      if (!field.getAttribute("aria-describedby")) field.removeAttribute("aria-describedby");
    });
    return warning;
  }

  function refuseScan(field, code, before) {
    var changed = field.value !== before;
    field.value = before;
    // What listens to the select (a sheet preview) follows it back, as after a choice by hand.
    if (changed && field.tagName === "SELECT") field.dispatchEvent(new Event("change", { bubbles: true }));
    var text = document.body.dataset.looksLikeScan || "{code}";
    warningOf(field).textContent = text.replace("{code}", code);
  }

  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (!isField(field) || event.isComposing || event.defaultPrevented) return;
    if (event.key !== "Enter") {
      if (!isScanField(field)) trackKey(event, field);
      return;
    }
    var code = isScanField(field) ? null : scannedCode(event, field);
    var before = burst && burst.before;
    burst = null;
    if (code !== null) {
      event.preventDefault();
      refuseScan(field, code, before);
      return;
    }
    var form = field.form;
    if (!form || isScanField(field) || form.matches("[data-enter-submits]")) return;
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      submitForm(form);
      return;
    }
    if (field.tagName === "TEXTAREA") return; // a new line
    event.preventDefault();
    var next = nextField(field);
    if (next) next.focus();
  }, true);

  /* ---- Irreversible actions ask first ---- */

  function ask(question) {
    var dialog = document.querySelector("[data-confirm-dialog]");
    if (!dialog || typeof dialog.showModal !== "function") return Promise.resolve(window.confirm(question));
    dialog.querySelector("[data-confirm-question]").textContent = question;
    dialog.returnValue = "";
    return new Promise(function (resolve) {
      dialog.addEventListener("close", function () {
        resolve(dialog.returnValue === "confirm");
      }, { once: true });
      dialog.showModal();
    });
  }

  var confirmed = new WeakSet();

  // Registered before relais.js's listeners (this file is loaded first), on the capture phase: the
  // question comes before htmx or the batch queue see the submit.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var question = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (!question || form.getAttribute("method") === "dialog") return;
    if (confirmed.has(form)) {
      confirmed.delete(form);
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    ask(question).then(function (yes) {
      if (!yes) return;
      confirmed.add(form);
      form.requestSubmit(submitter || undefined);
    });
  }, true);

  document.addEventListener("htmx:confirm", function (event) {
    var element = event.detail && event.detail.elt;
    if (!element || element.tagName === "FORM" || !element.hasAttribute("data-confirm")) return;
    event.preventDefault();
    ask(element.getAttribute("data-confirm")).then(function (yes) {
      if (yes) event.detail.issueRequest(true);
    });
  });
})();
