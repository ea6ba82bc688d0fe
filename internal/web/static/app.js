// Parley progressive enhancement. Every feature here has a plain-HTML
// equivalent; without this file the forum works the same, only with page
// reloads. No build step, no dependencies.
(function () {
  "use strict";
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.content : "";

  function api(method, url, body) {
    var opts = { method: method, headers: { "Accept": "application/json", "X-CSRF-Token": csrf }, credentials: "same-origin" };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(url, opts).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) { throw data; }
        return data;
      });
    });
  }

  // Boost without a reload: the form posts to /p/{id}/boost without JS.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.hasAttribute("data-boost")) { return; }
    ev.preventDefault();
    var on = form.querySelector('input[name="on"]');
    var button = form.querySelector("button");
    var id = form.action.match(/\/p\/(\d+)\/boost/)[1];
    var boosting = on.value === "1";
    button.disabled = true;
    api(boosting ? "PUT" : "DELETE", "/api/posts/" + id + "/boost").then(function (data) {
      on.value = data.boosted ? "0" : "1";
      button.classList.toggle("on", !!data.boosted);
      button.setAttribute("aria-pressed", data.boosted ? "true" : "false");
      document.querySelectorAll('.boost-count[data-post="' + id + '"]').forEach(function (el) { el.textContent = data.boosts; });
    }).catch(function () { form.submit(); }).finally(function () { button.disabled = false; });
  });

  // Live Markdown preview, rendered by the server exactly as posting would.
  document.querySelectorAll("form[data-composer]").forEach(function (form) {
    var body = form.querySelector("textarea[name=body]");
    var redact = form.querySelector("input[name=redact]");
    var out = form.querySelector("[data-preview]");
    if (!body || !out) { return; }
    var timer = null;
    function refresh() {
      if (!body.value.trim()) { out.hidden = true; return; }
      api("POST", "/api/preview", { body: body.value, redact: !!(redact && redact.checked) }).then(function (data) {
        var note = "";
        var counts = data.redactions || {};
        var parts = Object.keys(counts).filter(function (k) { return counts[k] > 0; }).map(function (k) { return counts[k] + " " + k.replace("_", " "); });
        if (parts.length) { note = '<p class="redactions">Will redact: ' + parts.join(", ") + "</p>"; }
        out.innerHTML = '<p class="meta">Preview</p>' + note + '<div class="post-body">' + data.html + "</div>";
        out.hidden = false;
      }).catch(function () { out.hidden = true; });
    }
    function schedule() { clearTimeout(timer); timer = setTimeout(refresh, 350); }
    body.addEventListener("input", schedule);
    if (redact) { redact.addEventListener("change", refresh); }
  });

  // Similar threads while typing a title, to avoid duplicate questions.
  var title = document.querySelector("input[data-similar]");
  var similar = document.querySelector("[data-similar-list]");
  if (title && similar) {
    var stimer = null;
    title.addEventListener("input", function () {
      clearTimeout(stimer);
      stimer = setTimeout(function () {
        var q = title.value.trim();
        if (q.length < 8) { similar.hidden = true; return; }
        fetch("/api/similar?title=" + encodeURIComponent(q), { headers: { "Accept": "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { threads: [] }; })
          .then(function (data) {
            var items = (data.threads || []).slice(0, 5);
            if (!items.length) { similar.hidden = true; return; }
            similar.textContent = "";
            var p = document.createElement("p");
            p.className = "meta";
            p.textContent = "These threads may already answer your question:";
            var ul = document.createElement("ul");
            items.forEach(function (t) {
              var li = document.createElement("li");
              var a = document.createElement("a");
              a.href = t.url; a.textContent = t.title;
              li.appendChild(a);
              ul.appendChild(li);
            });
            similar.appendChild(p); similar.appendChild(ul);
            similar.hidden = false;
          }).catch(function () { similar.hidden = true; });
      }, 300);
    });
  }

  // Keyboard shortcuts: j/k move through posts or thread rows, / focuses
  // the composer, ? shows help.
  var help = document.getElementById("shortcuts");
  var current = -1;
  function items() { return Array.prototype.slice.call(document.querySelectorAll("[data-nav]")); }
  function move(delta) {
    var list = items();
    if (!list.length) { return; }
    if (current >= 0 && list[current]) { list[current].classList.remove("nav-current"); }
    current = Math.max(0, Math.min(list.length - 1, current + delta));
    var el = list[current];
    el.classList.add("nav-current");
    el.scrollIntoView({ block: "nearest" });
    var link = el.querySelector("a[href^='/t/'], .thread-title a, a");
    if (link) { link.focus({ preventScroll: true }); }
  }
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) {
      if (ev.key === "Escape") { t.blur(); }
      return;
    }
    if (ev.key === "j") { move(1); ev.preventDefault(); }
    else if (ev.key === "k") { move(-1); ev.preventDefault(); }
    else if (ev.key === "/") {
      var box = document.querySelector("textarea[name=body], input[name=q], input[name=title]");
      if (box) { box.focus(); ev.preventDefault(); }
    } else if (ev.key === "?" && help) { help.hidden = false; help.querySelector("[data-close]").focus(); ev.preventDefault(); }
    else if (ev.key === "Escape" && help) { help.hidden = true; }
  });
  if (help) { help.querySelector("[data-close]").addEventListener("click", function () { help.hidden = true; }); }
})();
