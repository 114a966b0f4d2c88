/*
 * Stripe.js stand-in served by the ChargeOnce Stripe emulator at GET /js/stripe.js.
 *
 * Plain browser JavaScript, no build step, no imports. It defines `window.Stripe` with the
 * subset of Stripe.js that a plain integration and @stripe/react-stripe-js use, and talks to
 * the emulator it was loaded from (the origin of its own <script src>). The card form is real
 * DOM (not an iframe) so that people and Playwright can type into it. Test mode only.
 *
 * Card numbers entered here are sent to the emulator as payment_method_data[card][...].
 * Never load this script on a page that takes real card numbers.
 */
(function () {
  "use strict";

  if (typeof window === "undefined" || typeof document === "undefined") return;
  if (window.Stripe && window.Stripe.__emulator) return; // loaded twice: keep the first

  // ---------------------------------------------------------------------------------------
  // Where the emulator is: the origin this script came from.
  // ---------------------------------------------------------------------------------------
  var EMULATOR_ORIGIN = (function () {
    var candidates = [];
    if (document.currentScript && document.currentScript.src) candidates.push(document.currentScript.src);
    var scripts = document.getElementsByTagName("script");
    for (var i = scripts.length - 1; i >= 0; i--) {
      if (/\/js\/stripe\.js(\?.*)?$/.test(scripts[i].src || "")) candidates.push(scripts[i].src);
    }
    for (var j = 0; j < candidates.length; j++) {
      try {
        return new URL(candidates[j], document.baseURI).origin;
      } catch (e) {
        /* try the next one */
      }
    }
    return "http://127.0.0.1:12111";
  })();

  var AUTH_FAILURE_MESSAGE =
    "We are unable to authenticate your payment method. Please choose a different payment method and try again.";

  var VALIDATION_MESSAGES = {
    incomplete_number: "Your card number is incomplete.",
    invalid_number: "Your card number is invalid.",
    incomplete_expiry: "Your card's expiration date is incomplete.",
    invalid_expiry_month: "Your card's expiration date is invalid.",
    invalid_expiry_month_past: "Your card's expiration date is in the past.",
    invalid_expiry_year_past: "Your card's expiration year is in the past.",
    invalid_expiry_year: "Your card's expiration year is invalid.",
    incomplete_cvc: "Your card's security code is incomplete.",
  };

  // ---------------------------------------------------------------------------------------
  // Small helpers
  // ---------------------------------------------------------------------------------------
  function IntegrationError(message) {
    var err = new Error(message);
    err.name = "IntegrationError";
    return err;
  }

  function isObject(v) {
    return v !== null && typeof v === "object";
  }

  function assign(target) {
    for (var i = 1; i < arguments.length; i++) {
      var src = arguments[i];
      if (!isObject(src)) continue;
      for (var k in src) if (Object.prototype.hasOwnProperty.call(src, k)) target[k] = src[k];
    }
    return target;
  }

  /** Stripe's form encoding: nested objects and arrays in bracket notation. */
  function formEncode(params) {
    var parts = [];
    function add(prefix, value) {
      if (value === undefined || value === null) return;
      if (Array.isArray(value)) {
        value.forEach(function (v, i) {
          add(prefix + "[" + (isObject(v) ? i : "") + "]", v);
        });
      } else if (isObject(value)) {
        Object.keys(value).forEach(function (k) {
          add(prefix ? prefix + "[" + k + "]" : k, value[k]);
        });
      } else {
        parts.push(encodeURIComponent(prefix) + "=" + encodeURIComponent(String(value)));
      }
    }
    add("", params);
    return parts.join("&");
  }

  function intentIdFromSecret(clientSecret) {
    if (typeof clientSecret !== "string") return null;
    var m = /^(pi_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/.exec(clientSecret);
    return m ? m[1] : null;
  }

  function luhnValid(digits) {
    var sum = 0;
    var double = false;
    for (var i = digits.length - 1; i >= 0; i--) {
      var d = digits.charCodeAt(i) - 48;
      if (double) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
      double = !double;
    }
    return digits.length > 0 && sum % 10 === 0;
  }

  function cardBrand(digits) {
    if (/^4/.test(digits)) return "visa";
    if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(digits)) return "mastercard";
    if (/^3[47]/.test(digits)) return "amex";
    if (/^(6011|65|64[4-9]|622)/.test(digits)) return "discover";
    if (/^(30[0-5]|36|38|39)/.test(digits)) return "diners";
    if (/^35(2[89]|[3-8])/.test(digits)) return "jcb";
    if (/^62/.test(digits)) return "unionpay";
    return "unknown";
  }

  function numberLength(brand) {
    if (brand === "amex") return 15;
    if (brand === "diners") return 14;
    return 16;
  }

  function formatNumber(digits, brand) {
    if (brand === "amex") {
      return [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10, 15)].filter(Boolean).join(" ");
    }
    var groups = [];
    for (var i = 0; i < digits.length; i += 4) groups.push(digits.slice(i, i + 4));
    return groups.join(" ");
  }

  var uid = 0;
  function nextId(prefix) {
    uid += 1;
    return "__stripe-emu-" + prefix + "-" + uid + "-" + Math.random().toString(36).slice(2, 7);
  }

  // ---------------------------------------------------------------------------------------
  // Styles (injected once; all classes are prefixed so they do not clash with the page)
  // ---------------------------------------------------------------------------------------
  var STYLE_ID = "__stripe-emu-style";
  var CSS = [
    ".__stripe-emu{font-family:var(--se-font,system-ui,-apple-system,'Segoe UI',Roboto,sans-serif);color:var(--se-text,#30313d);font-size:15px;line-height:1.3;box-sizing:border-box}",
    ".__stripe-emu *{box-sizing:border-box}",
    ".__stripe-emu-row{display:flex;gap:12px}",
    ".__stripe-emu-field{display:flex;flex-direction:column;flex:1;margin-bottom:12px;min-width:0}",
    ".__stripe-emu-label{font-size:14px;margin-bottom:4px;color:var(--se-label,#30313d)}",
    ".__stripe-emu-input{font:inherit;padding:10px 12px;border:1px solid #e6e6e6;border-radius:var(--se-radius,5px);background:var(--se-bg,#fff);color:inherit;width:100%;box-shadow:0 1px 1px rgba(0,0,0,.03),0 3px 6px rgba(0,0,0,.02);outline:none}",
    ".__stripe-emu-input:focus{border-color:var(--se-primary,#0570de);box-shadow:0 0 0 3px color-mix(in srgb,var(--se-primary,#0570de) 25%,transparent)}",
    ".__stripe-emu-input[aria-invalid=true]{border-color:var(--se-danger,#df1b41);color:var(--se-danger,#df1b41)}",
    ".__stripe-emu-input[readonly],.__stripe-emu-input:disabled{opacity:.7}",
    // The error line keeps its space even when empty: a message appearing on blur must not move
    // the page's Pay button between mousedown and mouseup (that would swallow the click).
    ".__stripe-emu-error{color:var(--se-danger,#df1b41);font-size:14px;line-height:18px;min-height:18px;margin:-4px 0 8px}",
    ".__stripe-emu-hint{font-size:12px;color:#6d6e78;display:flex;align-items:center;gap:6px}",
    ".__stripe-emu-badge{background:#ffde92;color:#a04100;border-radius:4px;padding:1px 5px;font-weight:600;font-size:11px}",
    ".__stripe-emu-loaderror{color:var(--se-danger,#df1b41);border:1px solid var(--se-danger,#df1b41);border-radius:var(--se-radius,5px);padding:10px 12px;font-size:14px}",
    ".__stripe-emu-backdrop{position:fixed;inset:0;background:rgba(0,0,0,.45);display:flex;align-items:center;justify-content:center;z-index:2147483647;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}",
    ".__stripe-emu-dialog{background:#fff;color:#30313d;border-radius:8px;padding:24px;width:min(92vw,380px);box-shadow:0 10px 40px rgba(0,0,0,.3)}",
    ".__stripe-emu-dialog h2{font-size:18px;margin:0 0 8px}",
    ".__stripe-emu-dialog p{font-size:14px;margin:0 0 16px;color:#6d6e78}",
    ".__stripe-emu-dialog-buttons{display:flex;gap:8px;justify-content:flex-end}",
    ".__stripe-emu-dialog button{font:inherit;font-size:14px;padding:8px 16px;border-radius:5px;border:1px solid #d5d6dc;background:#fff;cursor:pointer}",
    ".__stripe-emu-dialog button.__stripe-emu-primary{background:#0570de;border-color:#0570de;color:#fff}",
    ".__stripe-emu-dialog button:disabled{opacity:.6;cursor:default}",
  ].join("\n");

  function ensureStyles() {
    if (document.getElementById(STYLE_ID)) return;
    var style = document.createElement("style");
    style.id = STYLE_ID;
    style.textContent = CSS;
    (document.head || document.documentElement).appendChild(style);
  }

  function appearanceVars(appearance) {
    var v = (appearance && appearance.variables) || {};
    var map = {
      colorPrimary: "--se-primary",
      colorText: "--se-text",
      colorBackground: "--se-bg",
      colorDanger: "--se-danger",
      fontFamily: "--se-font",
      borderRadius: "--se-radius",
    };
    var out = {};
    Object.keys(map).forEach(function (k) {
      if (typeof v[k] === "string") out[map[k]] = v[k];
    });
    return out;
  }

  function createEl(tag, attrs, children) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "text") el.textContent = attrs[k];
        else if (k === "className") el.className = attrs[k];
        else el.setAttribute(k, attrs[k]);
      });
    }
    (children || []).forEach(function (c) {
      if (c) el.appendChild(c);
    });
    return el;
  }

  // ---------------------------------------------------------------------------------------
  // HTTP to the emulator
  // ---------------------------------------------------------------------------------------
  function makeApi(publishableKey, stripeOptions) {
    function request(method, path, params, opts) {
      var url = EMULATOR_ORIGIN + path;
      var headers = {};
      if (!(opts && opts.noAuth)) headers.Authorization = "Bearer " + publishableKey;
      if (stripeOptions && typeof stripeOptions.apiVersion === "string") headers["Stripe-Version"] = stripeOptions.apiVersion;
      var init = { method: method, headers: headers, mode: "cors", credentials: "omit", cache: "no-store" };
      if (method === "GET") {
        var qs = params ? formEncode(params) : "";
        if (qs) url += "?" + qs;
      } else if (opts && opts.json) {
        headers["Content-Type"] = "application/json";
        init.body = JSON.stringify(params || {});
      } else {
        headers["Content-Type"] = "application/x-www-form-urlencoded";
        init.body = formEncode(params || {});
      }
      return fetch(url, init).then(
        function (res) {
          return res.text().then(function (text) {
            var body = null;
            try {
              body = text ? JSON.parse(text) : null;
            } catch (e) {
              body = null;
            }
            if (res.ok && body && !body.error) return { ok: true, status: res.status, body: body };
            var error =
              body && isObject(body.error)
                ? assign({}, body.error)
                : { type: "api_error", message: "The Stripe emulator answered " + res.status + " " + (text || "").slice(0, 200) };
            return { ok: false, status: res.status, error: error };
          });
        },
        function (e) {
          return {
            ok: false,
            status: 0,
            error: {
              type: "api_connection_error",
              message: "Could not reach the Stripe emulator at " + EMULATOR_ORIGIN + " (" + (e && e.message) + ").",
            },
          };
        }
      );
    }
    return { request: request };
  }

  // ---------------------------------------------------------------------------------------
  // Events
  // ---------------------------------------------------------------------------------------
  function Emitter() {
    this._handlers = {};
  }
  Emitter.prototype.on = function (event, handler) {
    if (typeof handler !== "function") throw IntegrationError("on(): handler must be a function.");
    (this._handlers[event] = this._handlers[event] || []).push({ fn: handler, once: false });
    return this;
  };
  Emitter.prototype.once = function (event, handler) {
    if (typeof handler !== "function") throw IntegrationError("once(): handler must be a function.");
    (this._handlers[event] = this._handlers[event] || []).push({ fn: handler, once: true });
    return this;
  };
  Emitter.prototype.off = function (event, handler) {
    var list = this._handlers[event];
    if (!list) return this;
    if (handler === undefined) {
      delete this._handlers[event];
      return this;
    }
    for (var i = list.length - 1; i >= 0; i--) {
      if (list[i].fn === handler) {
        list.splice(i, 1);
        break;
      }
    }
    return this;
  };
  Emitter.prototype._emit = function (event, payload) {
    var list = (this._handlers[event] || []).slice();
    var self = this;
    list.forEach(function (h) {
      if (h.once) self.off(event, h.fn);
      try {
        h.fn(payload);
      } catch (e) {
        setTimeout(function () {
          throw e;
        });
      }
    });
  };

  // ---------------------------------------------------------------------------------------
  // The card form (shared by the 'payment' and 'card' element types)
  // ---------------------------------------------------------------------------------------
  var SUPPORTED_TYPES = { payment: true, card: true };

  function Element(group, type, options) {
    Emitter.call(this);
    this._group = group;
    this._type = type;
    this._options = assign({}, options);
    this._node = null; // mount node
    this._root = null; // our container inside the mount node
    this._inputs = null;
    this._destroyed = false;
    this._touched = { number: false, expiry: false, cvc: false };
    this._showAll = false; // after submit/confirm: show incomplete errors too
    this._focused = false;
    this._readOnly = !!(this._options.readOnly || this._options.disabled);
    this._busy = false;
    this._loadError = null;
    this._lastChange = null;
    this._mountSeq = 0;
  }
  Element.prototype = Object.create(Emitter.prototype);
  Element.prototype.constructor = Element;

  Element.prototype._assertAlive = function (method) {
    if (this._destroyed) throw IntegrationError("This Element has already been destroyed. Please create a new one.");
  };

  Element.prototype.mount = function (target) {
    this._assertAlive("mount");
    var node = target;
    if (typeof target === "string") {
      node = document.querySelector(target);
      if (!node) {
        throw IntegrationError(
          "The selector you specified (" + target + ") applies to no DOM elements that are currently on the page.\n" +
            "Make sure the element exists on the page before calling mount()."
        );
      }
    }
    if (!node || node.nodeType !== 1) {
      throw IntegrationError("Invalid DOM element. Make sure to call mount() with a valid DOM element or selector.");
    }
    if (this._node) {
      throw IntegrationError("This Element is already mounted. Use `unmount()` to unmount the Element before re-mounting.");
    }
    ensureStyles();
    this._node = node;
    this._render();
    var seq = ++this._mountSeq;
    var self = this;
    var ready = this._type === "payment" ? this._group._loadIntent() : Promise.resolve(null);
    ready.then(function (result) {
      // Always asynchronous, like the real iframe-based element.
      setTimeout(function () {
        if (self._destroyed || seq !== self._mountSeq || !self._node) return;
        if (result && result.error) {
          self._showLoadError(result.error);
          self._emit("loaderror", { elementType: self._type, error: result.error });
          return;
        }
        self._emit("ready", { elementType: self._type });
      }, 0);
    });
  };

  Element.prototype.unmount = function () {
    this._assertAlive("unmount");
    this._mountSeq++;
    if (this._root && this._root.parentNode) this._root.parentNode.removeChild(this._root);
    this._root = null;
    this._inputs = null;
    this._node = null;
    this._focused = false;
  };

  Element.prototype.destroy = function () {
    if (this._destroyed) return;
    if (this._node) this.unmount();
    this._destroyed = true;
    this._group._forget(this);
  };

  Element.prototype.update = function (options) {
    this._assertAlive("update");
    if (!isObject(options)) return;
    assign(this._options, options);
    if ("readOnly" in options || "disabled" in options) {
      this._readOnly = !!(this._options.readOnly || this._options.disabled);
      this._applyReadOnly();
    }
  };

  Element.prototype.focus = function () {
    if (this._inputs) this._inputs.number.focus();
  };
  Element.prototype.blur = function () {
    if (this._inputs && this._root && this._root.contains(document.activeElement)) document.activeElement.blur();
  };
  Element.prototype.clear = function () {
    if (!this._inputs) return;
    this._inputs.number.value = "";
    this._inputs.expiry.value = "";
    this._inputs.cvc.value = "";
    this._touched = { number: false, expiry: false, cvc: false };
    this._showAll = false;
    this._refresh(true);
  };
  Element.prototype.collapse = function () {
    /* the emulator's Payment Element has no accordion to collapse */
  };

  Element.prototype._render = function () {
    var self = this;
    var ids = { number: nextId("number"), expiry: nextId("expiry"), cvc: nextId("cvc"), error: nextId("error") };

    function field(key, labelText, attrs) {
      var input = createEl(
        "input",
        assign(
          {
            id: ids[key],
            className: "__stripe-emu-input",
            type: "text",
            inputmode: "numeric",
            spellcheck: "false",
            "aria-invalid": "false",
            "aria-describedby": ids.error,
            "data-testid": "emulator-card-" + key,
            "data-elements-stable-field-name": key === "number" ? "cardNumber" : key === "expiry" ? "cardExpiry" : "cardCvc",
          },
          attrs
        )
      );
      var label = createEl("label", { for: ids[key], className: "__stripe-emu-label", text: labelText });
      return { wrap: createEl("div", { className: "__stripe-emu-field" }, [label, input]), input: input };
    }

    var number = field("number", "Card number", {
      name: "cardnumber",
      autocomplete: "cc-number",
      placeholder: "1234 1234 1234 1234",
      maxlength: "23",
    });
    var expiry = field("expiry", "Expiration date", {
      name: "exp-date",
      autocomplete: "cc-exp",
      placeholder: "MM / YY",
      maxlength: "7",
    });
    var cvc = field("cvc", "CVC", { name: "cvc", autocomplete: "cc-csc", placeholder: "CVC", maxlength: "4" });
    var error = createEl("div", {
      id: ids.error,
      className: "__stripe-emu-error",
      role: "alert",
      "aria-live": "polite",
      "data-testid": "emulator-card-error",
    });
    var hint = createEl("div", { className: "__stripe-emu-hint", "data-testid": "emulator-hint" }, [
      createEl("span", { className: "__stripe-emu-badge", text: "TEST" }),
      createEl("span", { text: "Test mode \u00b7 Stripe emulator" }),
    ]);
    var root = createEl(
      "div",
      {
        className: "__stripe-emu __stripe-emu-" + this._type,
        "data-testid": "emulator-" + this._type + "-element",
        "data-stripe-emulator-element": this._type,
      },
      [number.wrap, createEl("div", { className: "__stripe-emu-row" }, [expiry.wrap, cvc.wrap]), error, hint]
    );
    var vars = appearanceVars(this._group._options.appearance);
    Object.keys(vars).forEach(function (k) {
      root.style.setProperty(k, vars[k]);
    });

    this._inputs = { number: number.input, expiry: expiry.input, cvc: cvc.input, error: error };
    this._root = root;
    this._node.appendChild(root);
    this._applyReadOnly();

    number.input.addEventListener("input", function () {
      self._reformat("number");
    });
    expiry.input.addEventListener("input", function (ev) {
      self._reformat("expiry", ev);
    });
    cvc.input.addEventListener("input", function () {
      self._reformat("cvc");
    });
    ["number", "expiry", "cvc"].forEach(function (key) {
      self._inputs[key].addEventListener("blur", function () {
        if (self._inputs && self._inputs[key].value) self._touched[key] = true;
        self._refresh(false);
      });
    });
    root.addEventListener("focusin", function () {
      if (!self._focused) {
        self._focused = true;
        self._emit("focus", { elementType: self._type });
      }
    });
    root.addEventListener("focusout", function (ev) {
      if (self._root && ev.relatedTarget && self._root.contains(ev.relatedTarget)) return;
      if (self._focused) {
        self._focused = false;
        self._emit("blur", { elementType: self._type });
      }
    });
    root.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") self._emit("escape", { elementType: self._type });
    });
  };

  Element.prototype._applyReadOnly = function () {
    if (!this._inputs) return;
    var ro = this._readOnly || this._busy;
    ["number", "expiry", "cvc"].forEach(
      function (k) {
        if (ro) this._inputs[k].setAttribute("readonly", "");
        else this._inputs[k].removeAttribute("readonly");
      }.bind(this)
    );
  };

  Element.prototype._setBusy = function (busy) {
    this._busy = busy;
    this._applyReadOnly();
  };

  Element.prototype._showLoadError = function (error) {
    if (!this._root) return;
    this._loadError = error;
    var box = createEl("div", {
      className: "__stripe-emu-loaderror",
      role: "alert",
      "data-testid": "emulator-load-error",
      text: "Stripe emulator could not load this payment form: " + (error.message || "unknown error"),
    });
    while (this._root.firstChild) this._root.removeChild(this._root.firstChild);
    this._root.appendChild(box);
    this._inputs = null;
  };

  /** Re-format one field after input, keeping the caret after the same number of digits. */
  Element.prototype._reformat = function (key, ev) {
    var input = this._inputs[key];
    var raw = input.value;
    var caret = input.selectionStart == null ? raw.length : input.selectionStart;
    var digitsBeforeCaret = raw.slice(0, caret).replace(/\D/g, "").length;
    var digits = raw.replace(/\D/g, "");
    var formatted;
    if (key === "number") {
      var brand = cardBrand(digits);
      digits = digits.slice(0, brand === "unknown" ? 19 : numberLength(brand));
      formatted = formatNumber(digits, brand);
    } else if (key === "expiry") {
      digits = digits.slice(0, 4);
      var deleting = !!(ev && typeof ev.inputType === "string" && ev.inputType.indexOf("delete") === 0);
      if (!deleting && digits.length === 1 && digits > "1") digits = "0" + digits; // "4" -> "04 / "
      formatted = digits.length > 2 || (!deleting && digits.length === 2) ? digits.slice(0, 2) + " / " + digits.slice(2) : digits;
    } else {
      var cvcMax = cardBrand(this._inputs.number.value.replace(/\D/g, "")) === "amex" ? 4 : 3;
      formatted = digits.slice(0, cvcMax);
    }
    if (formatted !== raw) {
      input.value = formatted;
      var pos = formatted.length;
      if (caret < raw.length) {
        var seen = 0;
        pos = 0;
        while (pos < formatted.length && seen < digitsBeforeCaret) {
          if (/\d/.test(formatted[pos])) seen++;
          pos++;
        }
      }
      try {
        input.setSelectionRange(pos, pos);
      } catch (e) {
        /* not focusable right now */
      }
    }
    this._refresh(true);
  };

  /** The card's digits and the first validation error, if any. */
  Element.prototype._state = function () {
    var inputs = this._inputs;
    if (!inputs) {
      return {
        empty: true,
        complete: false,
        brand: "unknown",
        errors: { number: { code: "incomplete_number" } },
        card: null,
      };
    }
    var number = inputs.number.value.replace(/\D/g, "");
    var expiryDigits = inputs.expiry.value.replace(/\D/g, "");
    var cvc = inputs.cvc.value.replace(/\D/g, "");
    var brand = cardBrand(number);
    var errors = {};

    if (number.length < numberLength(brand)) errors.number = { code: "incomplete_number" };
    else if (!luhnValid(number)) errors.number = { code: "invalid_number", definitive: true };

    var month = null;
    var year = null;
    if (expiryDigits.length < 4) {
      errors.expiry = { code: "incomplete_expiry" };
      if (expiryDigits.length >= 2 && (+expiryDigits.slice(0, 2) < 1 || +expiryDigits.slice(0, 2) > 12)) {
        errors.expiry = { code: "invalid_expiry_month", definitive: true };
      }
    } else {
      month = +expiryDigits.slice(0, 2);
      year = 2000 + +expiryDigits.slice(2, 4);
      var now = new Date();
      var thisYear = now.getFullYear();
      var thisMonth = now.getMonth() + 1;
      if (month < 1 || month > 12) errors.expiry = { code: "invalid_expiry_month", definitive: true };
      else if (year < thisYear) errors.expiry = { code: "invalid_expiry_year_past", definitive: true };
      else if (year === thisYear && month < thisMonth) errors.expiry = { code: "invalid_expiry_month_past", definitive: true };
      else if (year > thisYear + 50) errors.expiry = { code: "invalid_expiry_year", definitive: true };
    }

    var cvcNeed = brand === "amex" ? 4 : 3;
    if (cvc.length < cvcNeed) errors.cvc = { code: "incomplete_cvc" };

    var complete = !errors.number && !errors.expiry && !errors.cvc;
    return {
      empty: !number && !expiryDigits && !cvc,
      complete: complete,
      brand: brand,
      errors: errors,
      card: complete ? { number: number, exp_month: month, exp_year: year, cvc: cvc } : null,
    };
  };

  function toValidationError(code) {
    return { type: "validation_error", code: code, message: VALIDATION_MESSAGES[code] || "Your card details are invalid." };
  }

  /** Which error the form shows now: definitive errors always, incomplete ones after blur/submit. */
  Element.prototype._visibleError = function (state) {
    var order = ["number", "expiry", "cvc"];
    for (var i = 0; i < order.length; i++) {
      var k = order[i];
      var e = state.errors[k];
      if (!e) continue;
      if (e.definitive || this._showAll || this._touched[k]) return { field: k, error: toValidationError(e.code) };
    }
    return null;
  };

  Element.prototype._refresh = function (emitChange) {
    if (!this._inputs) return;
    var state = this._state();
    var visible = this._visibleError(state);
    var inputs = this._inputs;
    ["number", "expiry", "cvc"].forEach(function (k) {
      inputs[k].setAttribute("aria-invalid", visible && visible.field === k ? "true" : "false");
    });
    inputs.error.textContent = visible ? visible.error.message : "";
    var change = {
      elementType: this._type,
      empty: state.empty,
      complete: state.complete,
      error: visible ? visible.error : undefined,
      collapsed: false,
    };
    if (this._type === "payment") change.value = { type: "card" };
    else {
      change.brand = state.brand;
      change.value = { postalCode: "" };
    }
    var key = JSON.stringify(change);
    if (emitChange || key !== this._lastChange) {
      this._lastChange = key;
      this._emit("change", change);
    }
  };

  /** Validate for submit/confirm: shows every error in the form; returns {error} or {card}. */
  Element.prototype._collect = function () {
    if (this._loadError) return { error: assign({}, this._loadError) };
    if (!this._inputs) {
      return {
        error: {
          type: "invalid_request_error",
          code: "element_not_mounted",
          message: "The " + this._type + " Element is not mounted. Mount it before confirming.",
        },
      };
    }
    this._showAll = true;
    this._refresh(false);
    var state = this._state();
    var order = ["number", "expiry", "cvc"];
    for (var i = 0; i < order.length; i++) {
      var e = state.errors[order[i]];
      if (e) {
        try {
          this._inputs[order[i]].focus();
        } catch (x) {
          /* ignore */
        }
        return { error: toValidationError(e.code) };
      }
    }
    return { card: state.card };
  };

  // ---------------------------------------------------------------------------------------
  // Elements group
  // ---------------------------------------------------------------------------------------
  function Elements(stripe, options) {
    this._stripe = stripe;
    this._options = assign({}, options);
    this._elements = {};
    this._intentPromise = null;
    this._intent = null;
  }

  Elements.prototype.create = function (type, options) {
    if (!SUPPORTED_TYPES[type]) {
      throw IntegrationError(
        "The Stripe emulator does not support the '" + type + "' Element. Supported: " + Object.keys(SUPPORTED_TYPES).join(", ") + "."
      );
    }
    var existing = this._elements[type];
    if (existing && !existing._destroyed) {
      throw IntegrationError("Can only create one Element of type " + type + ".");
    }
    var element = new Element(this, type, options);
    this._elements[type] = element;
    return element;
  };

  Elements.prototype.getElement = function (type) {
    var el = this._elements[type];
    return el && !el._destroyed ? el : null;
  };

  Elements.prototype._forget = function (element) {
    if (this._elements[element._type] === element) delete this._elements[element._type];
  };

  Elements.prototype._cardElement = function () {
    return this.getElement("payment") || this.getElement("card");
  };

  Elements.prototype.update = function (options) {
    if (!isObject(options)) return;
    if ("clientSecret" in options) console.warn("elements.update(): clientSecret cannot be changed; create a new Elements group.");
    var rest = assign({}, options);
    delete rest.clientSecret;
    assign(this._options, rest);
    if (rest.appearance) {
      var vars = appearanceVars(this._options.appearance);
      var self = this;
      Object.keys(this._elements).forEach(function (t) {
        var root = self._elements[t]._root;
        if (root) Object.keys(vars).forEach(function (k) {
          root.style.setProperty(k, vars[k]);
        });
      });
    }
  };

  /** Retrieve the group's PaymentIntent once (used by the Payment Element to decide ready/loaderror). */
  Elements.prototype._loadIntent = function () {
    var secret = this._options.clientSecret;
    if (!secret) return Promise.resolve(null);
    if (!this._intentPromise) {
      var self = this;
      this._intentPromise = this._stripe._retrieve(secret).then(function (result) {
        if (result.paymentIntent) self._intent = result.paymentIntent;
        return result;
      });
    }
    return this._intentPromise;
  };

  Elements.prototype.fetchUpdates = function () {
    this._intentPromise = null;
    return this._loadIntent().then(function (result) {
      return result && result.error ? { error: result.error } : {};
    });
  };

  Elements.prototype.submit = function () {
    var element = this._cardElement();
    if (!element) {
      return Promise.resolve({
        error: {
          type: "validation_error",
          code: "missing_element",
          message: "elements.submit(): no Payment Element or Card Element has been created in this Elements group.",
        },
      });
    }
    var result = element._collect();
    if (result.error) return Promise.resolve({ error: result.error });
    return Promise.resolve({ selectedPaymentMethod: "card" });
  };

  // ---------------------------------------------------------------------------------------
  // 3-D Secure challenge dialog
  // ---------------------------------------------------------------------------------------
  function showThreeDSChallenge(paymentIntent) {
    ensureStyles();
    return new Promise(function (resolve) {
      var titleId = nextId("3ds-title");
      var complete = createEl("button", { type: "button", className: "__stripe-emu-primary", text: "Complete" });
      var fail = createEl("button", { type: "button", text: "Fail" });
      var amount =
        typeof paymentIntent.amount === "number" && paymentIntent.currency
          ? (paymentIntent.amount / 100).toFixed(2) + " " + String(paymentIntent.currency).toUpperCase()
          : "";
      var dialog = createEl(
        "div",
        {
          className: "__stripe-emu-dialog",
          role: "dialog",
          "aria-modal": "true",
          "aria-label": "3D Secure authentication",
          "data-testid": "emulator-3ds-dialog",
        },
        [
          createEl("h2", { id: titleId, text: "3D Secure authentication" }),
          createEl("p", {
            text:
              "Stripe emulator test challenge" +
              (amount ? " for " + amount : "") +
              ". Choose the outcome of the bank's authentication.",
          }),
          createEl("div", { className: "__stripe-emu-dialog-buttons" }, [fail, complete]),
        ]
      );
      var backdrop = createEl("div", { className: "__stripe-emu-backdrop", "data-testid": "emulator-3ds-backdrop" }, [dialog]);
      var previouslyFocused = document.activeElement;
      document.body.appendChild(backdrop);
      complete.focus();

      function choose(outcome) {
        complete.disabled = true;
        fail.disabled = true;
        resolve({
          outcome: outcome,
          close: function () {
            if (backdrop.parentNode) backdrop.parentNode.removeChild(backdrop);
            try {
              if (previouslyFocused && previouslyFocused.focus) previouslyFocused.focus();
            } catch (e) {
              /* ignore */
            }
          },
        });
      }
      complete.addEventListener("click", function () {
        choose("complete");
      });
      fail.addEventListener("click", function () {
        choose("fail");
      });
      dialog.addEventListener("keydown", function (ev) {
        if (ev.key === "Tab") {
          // keep focus inside the dialog
          var first = fail;
          var last = complete;
          if (ev.shiftKey && document.activeElement === first) {
            ev.preventDefault();
            last.focus();
          } else if (!ev.shiftKey && document.activeElement === last) {
            ev.preventDefault();
            first.focus();
          }
        }
      });
    });
  }

  // ---------------------------------------------------------------------------------------
  // The Stripe object
  // ---------------------------------------------------------------------------------------
  function StripeInstance(publishableKey, options) {
    this._key = publishableKey;
    this._options = assign({}, options);
    this._api = makeApi(publishableKey, this._options);
    this._wrappers = [];
    this._appInfo = null;
  }

  StripeInstance.prototype.elements = function (options) {
    return new Elements(this, options || {});
  };

  StripeInstance.prototype.registerAppInfo = function (info) {
    this._appInfo = info || null;
  };
  StripeInstance.prototype._registerWrapper = function (wrapper) {
    if (wrapper) this._wrappers.push(wrapper);
  };

  StripeInstance.prototype._retrieve = function (clientSecret) {
    var id = intentIdFromSecret(clientSecret);
    if (!id) {
      return Promise.resolve({
        error: {
          type: "invalid_request_error",
          code: "parameter_invalid_string",
          param: "client_secret",
          message: "Invalid value for clientSecret: it should be a PaymentIntent client secret like pi_..._secret_....",
        },
      });
    }
    return this._api.request("GET", "/v1/payment_intents/" + encodeURIComponent(id), { client_secret: clientSecret }).then(function (r) {
      return r.ok ? { paymentIntent: r.body } : { error: r.error };
    });
  };

  StripeInstance.prototype.retrievePaymentIntent = function (clientSecret) {
    if (typeof clientSecret !== "string") {
      return Promise.reject(IntegrationError("retrievePaymentIntent: expected a client secret string."));
    }
    return this._retrieve(clientSecret);
  };

  /** The outcome of a PaymentIntent after confirm / 3DS, as Stripe.js reports it. */
  function outcomeOf(paymentIntent) {
    if (paymentIntent.status === "requires_payment_method" && paymentIntent.last_payment_error) {
      var lpe = paymentIntent.last_payment_error;
      var error = assign({}, lpe);
      error.type = lpe.type || "card_error";
      if (lpe.code === "payment_intent_authentication_failure") {
        error.type = lpe.type || "invalid_request_error";
        error.message = AUTH_FAILURE_MESSAGE;
      }
      error.payment_intent = paymentIntent;
      return { error: error };
    }
    return { paymentIntent: paymentIntent };
  }

  /** After a confirm: run the 3-D Secure challenge when the PaymentIntent needs it. */
  StripeInstance.prototype._handleActions = function (paymentIntent, clientSecret) {
    var self = this;
    if (paymentIntent.status !== "requires_action" || !paymentIntent.next_action) {
      return Promise.resolve(outcomeOf(paymentIntent));
    }
    var next = paymentIntent.next_action;
    if (next.type === "redirect_to_url" && next.redirect_to_url && next.redirect_to_url.url) {
      window.location.assign(next.redirect_to_url.url);
      return new Promise(function () {});
    }
    if (next.type !== "use_stripe_sdk") {
      return Promise.resolve({
        error: {
          type: "invalid_request_error",
          code: "unsupported_next_action",
          message: "The Stripe emulator's Stripe.js cannot handle next_action " + next.type + ".",
          payment_intent: paymentIntent,
        },
      });
    }
    return showThreeDSChallenge(paymentIntent).then(function (choice) {
      return self._api
        .request("POST", "/_emulator/3ds/" + encodeURIComponent(paymentIntent.id), { client_secret: clientSecret, outcome: choice.outcome }, { json: true, noAuth: true })
        .then(function (r) {
          if (!r.ok) {
            choice.close();
            return { error: r.error };
          }
          return self._retrieve(clientSecret).then(function (result) {
            choice.close();
            if (result.error) return result;
            return outcomeOf(result.paymentIntent);
          });
        });
    });
  };

  /** POST confirm with the card, then handle next actions. */
  StripeInstance.prototype._confirmWithCard = function (clientSecret, paymentMethodData, extra, handleActions) {
    var self = this;
    var id = intentIdFromSecret(clientSecret);
    if (!id) return this._retrieve(clientSecret); // produces the invalid client secret error
    var params = assign({ client_secret: clientSecret }, extra);
    if (typeof paymentMethodData === "string") params.payment_method = paymentMethodData;
    else params.payment_method_data = paymentMethodData;
    return this._api.request("POST", "/v1/payment_intents/" + encodeURIComponent(id) + "/confirm", params).then(function (r) {
      if (!r.ok) {
        // A decline comes back as a 402 card_error carrying the PaymentIntent, like Stripe.
        return { error: r.error };
      }
      if (handleActions === false) return outcomeOf(r.body);
      return self._handleActions(r.body, clientSecret);
    });
  };

  function cardData(card, billingDetails) {
    var data = {
      type: "card",
      card: { number: card.number, exp_month: card.exp_month, exp_year: card.exp_year, cvc: card.cvc },
    };
    if (isObject(billingDetails)) data.billing_details = billingDetails;
    return data;
  }

  function redirectStatus(status) {
    if (status === "succeeded" || status === "requires_capture") return "succeeded";
    if (status === "processing") return "processing";
    return "failed";
  }

  function withRedirectParams(returnUrl, paymentIntent, clientSecret) {
    var url = new URL(returnUrl, window.location.href);
    url.searchParams.set("payment_intent", paymentIntent.id);
    url.searchParams.set("payment_intent_client_secret", clientSecret);
    url.searchParams.set("redirect_status", redirectStatus(paymentIntent.status));
    return url.toString();
  }

  StripeInstance.prototype.confirmPayment = function (options) {
    var self = this;
    try {
      if (!isObject(options)) throw IntegrationError("confirmPayment(): expected an object argument.");
      var elements = options.elements;
      var confirmParams = options.confirmParams || {};
      var redirect = options.redirect === undefined ? "always" : options.redirect;
      if (redirect !== "always" && redirect !== "if_required") {
        throw IntegrationError("confirmPayment(): redirect must be 'always' or 'if_required'.");
      }
      if (redirect === "always" && !confirmParams.return_url) {
        throw IntegrationError(
          "confirmPayment(): the `confirmParams.return_url` argument is required unless passing `redirect: 'if_required'`"
        );
      }
      if (elements && !(elements instanceof Elements)) throw IntegrationError("confirmPayment(): `elements` must be a Stripe Elements group.");
      var clientSecret = options.clientSecret || (elements && elements._options.clientSecret);
      if (!clientSecret) {
        throw IntegrationError("confirmPayment(): a clientSecret is required (in stripe.elements({clientSecret}) or in confirmPayment({clientSecret})).");
      }
      if (options.clientSecret && elements && elements._options.clientSecret && options.clientSecret !== elements._options.clientSecret) {
        throw IntegrationError("confirmPayment(): the clientSecret does not match the one the Elements group was created with.");
      }
    } catch (e) {
      return Promise.reject(e);
    }

    var element = elements ? elements._cardElement() : null;
    var pm = null;
    if (typeof confirmParams.payment_method === "string") {
      pm = confirmParams.payment_method;
    } else {
      if (!element) {
        return Promise.reject(IntegrationError("confirmPayment(): pass `elements` with a mounted Payment Element, or confirmParams.payment_method."));
      }
      var collected = element._collect();
      if (collected.error) return Promise.resolve({ error: collected.error });
      var pmd = confirmParams.payment_method_data || {};
      pm = cardData(collected.card, pmd.billing_details);
    }

    var extra = {};
    if (confirmParams.return_url) extra.return_url = confirmParams.return_url;
    if (confirmParams.receipt_email) extra.receipt_email = confirmParams.receipt_email;
    if (confirmParams.shipping) extra.shipping = confirmParams.shipping;

    if (element) element._setBusy(true);
    return this._confirmWithCard(clientSecret, pm, extra, true).then(
      function (result) {
        if (element && !element._destroyed) element._setBusy(false);
        if (result.paymentIntent && redirect === "always") {
          window.location.assign(withRedirectParams(confirmParams.return_url, result.paymentIntent, clientSecret));
          return new Promise(function () {}); // the page is navigating away
        }
        return result;
      },
      function (e) {
        if (element && !element._destroyed) element._setBusy(false);
        throw e;
      }
    );
  };

  StripeInstance.prototype.confirmCardPayment = function (clientSecret, data, options) {
    if (typeof clientSecret !== "string") {
      return Promise.reject(IntegrationError("confirmCardPayment: expected a client secret string as the first argument."));
    }
    var handleActions = !(options && options.handleActions === false);
    data = data || {};
    var pmParam = data.payment_method;
    var extra = {};
    if (data.return_url) extra.return_url = data.return_url;
    if (data.receipt_email) extra.receipt_email = data.receipt_email;
    if (data.shipping) extra.shipping = data.shipping;

    if (pmParam === undefined) {
      // Confirm with the PaymentMethod already attached to the PaymentIntent.
      var self = this;
      var id = intentIdFromSecret(clientSecret);
      if (!id) return this._retrieve(clientSecret);
      return this._api
        .request("POST", "/v1/payment_intents/" + encodeURIComponent(id) + "/confirm", assign({ client_secret: clientSecret }, extra))
        .then(function (r) {
          if (!r.ok) return { error: r.error };
          return handleActions ? self._handleActions(r.body, clientSecret) : outcomeOf(r.body);
        });
    }
    if (typeof pmParam === "string") return this._confirmWithCard(clientSecret, pmParam, extra, handleActions);
    if (!isObject(pmParam) || !(pmParam.card instanceof Element)) {
      return Promise.reject(
        IntegrationError("confirmCardPayment: payment_method must be a PaymentMethod id or { card: cardElement } from this Stripe emulator.")
      );
    }
    var element = pmParam.card;
    var collected = element._collect();
    if (collected.error) return Promise.resolve({ error: collected.error });
    element._setBusy(true);
    return this._confirmWithCard(clientSecret, cardData(collected.card, pmParam.billing_details), extra, handleActions).then(
      function (result) {
        if (!element._destroyed) element._setBusy(false);
        return result;
      },
      function (e) {
        if (!element._destroyed) element._setBusy(false);
        throw e;
      }
    );
  };

  StripeInstance.prototype.handleNextAction = function (options) {
    var clientSecret = options && options.clientSecret;
    if (typeof clientSecret !== "string") {
      return Promise.reject(IntegrationError("handleNextAction: expected { clientSecret }."));
    }
    var self = this;
    return this._retrieve(clientSecret).then(function (result) {
      if (result.error) return result;
      return self._handleActions(result.paymentIntent, clientSecret);
    });
  };

  StripeInstance.prototype.handleCardAction = function (clientSecret) {
    return this.handleNextAction({ clientSecret: clientSecret });
  };

  function unsupported(what) {
    return Promise.resolve({
      error: {
        type: "invalid_request_error",
        code: "emulator_unsupported",
        message: what + " is not supported by the Stripe emulator; confirm the PaymentIntent with confirmPayment or confirmCardPayment instead.",
      },
    });
  }

  StripeInstance.prototype.createPaymentMethod = function () {
    return unsupported("stripe.createPaymentMethod()");
  };
  StripeInstance.prototype.createToken = function () {
    return unsupported("stripe.createToken()");
  };
  StripeInstance.prototype.createSource = function () {
    return unsupported("stripe.createSource()");
  };
  StripeInstance.prototype.createConfirmationToken = function () {
    return unsupported("stripe.createConfirmationToken()");
  };

  // ---------------------------------------------------------------------------------------
  // window.Stripe
  // ---------------------------------------------------------------------------------------
  function Stripe(publishableKey, options) {
    if (publishableKey === undefined || publishableKey === null || publishableKey === "") {
      throw IntegrationError("Please call Stripe() with your publishable key. You used an empty string.");
    }
    if (typeof publishableKey !== "string") {
      throw IntegrationError("Invalid value for Stripe(): apiKey should be a string. You specified: " + typeof publishableKey + ".");
    }
    if (/^(sk|rk)_/.test(publishableKey)) {
      throw IntegrationError("You should not use your secret key with Stripe.js.\nPlease pass a publishable key instead.");
    }
    if (!/^pk_test_/.test(publishableKey)) {
      console.warn("Stripe emulator: expected a test publishable key (pk_test_...); the emulator is test mode only.");
    }
    return new StripeInstance(publishableKey, options);
  }
  Stripe.version = "endive"; // the release train @stripe/stripe-js 10 expects, so loadStripe does not warn
  Stripe.__emulator = { origin: EMULATOR_ORIGIN };

  window.Stripe = Stripe;
})();
