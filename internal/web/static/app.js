// Parley progressive enhancement. Every feature here has a plain-HTML
// equivalent; without this file the forum works the same, only with page
// reloads. No build step, no dependencies.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
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

  // The header's menu: on a phone a <details> that closes on Escape or a
  // click elsewhere; on a wide screen its links show inline (CSS), and a
  // browser without ::details-content gets it opened instead.
  document.querySelectorAll("details[data-nav-menu]").forEach(function (menu) {
    var wide = window.matchMedia("(min-width: 641px)");
    var styled = window.CSS && CSS.supports && CSS.supports("selector(::details-content)");
    if (!styled && wide.matches) { menu.open = true; }
    document.addEventListener("click", function (ev) {
      if (menu.open && !wide.matches && !menu.contains(ev.target)) { menu.open = false; }
    });
    menu.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && menu.open && !wide.matches) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  });

  // Hints that only make sense with this script running (keyboard help).
  document.querySelectorAll("[data-js-only]").forEach(function (el) { el.hidden = false; });

  // A rejected form comes back with its errors; put the cursor in the first
  // field that needs fixing so its error is read out with it.
  var invalid = document.querySelector("main [aria-invalid=true]");
  if (invalid) { invalid.focus(); }

  // Code and logs scroll sideways inside their box; make each box that
  // does reachable from the keyboard so it can be scrolled without a mouse.
  function focusableScrollers(root) {
    root.querySelectorAll(".post-body pre, pre.diff, .post-body table").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth + 1) {
        if (!el.hasAttribute("tabindex")) { el.setAttribute("tabindex", "0"); }
      } else if (el.getAttribute("tabindex") === "0") {
        el.removeAttribute("tabindex");
      }
    });
  }
  focusableScrollers(document);
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { focusableScrollers(document); }, 200);
  });

  // A link to a post that is not on this page (an old "/t/{id}#post-N"
  // link, or a page count that changed) goes through the post's permalink,
  // which knows the page that holds it.
  (function landOnPost() {
    var m = /^#post-(\d+)$/.exec(location.hash);
    if (m && document.querySelector("[data-live-thread]") && !document.getElementById("post-" + m[1])) {
      location.replace("/p/" + m[1]);
    }
  })();

  // "Copy link" puts the post's permalink on the clipboard; without this
  // script (or a clipboard) it is a plain link to the permalink.
  var copyStatus = null;
  function announce(el, text) {
    if (!copyStatus) {
      copyStatus = document.createElement("p");
      copyStatus.className = "copy-status";
      copyStatus.setAttribute("role", "status");
      document.querySelector("main").appendChild(copyStatus);
    }
    copyStatus.textContent = text;
    el.setAttribute("data-copied", "");
    setTimeout(function () { el.removeAttribute("data-copied"); }, 2000);
  }
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[data-permalink]");
    if (!a || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) { return; }
    if (!navigator.clipboard || !navigator.clipboard.writeText) { return; }
    ev.preventDefault();
    var url = a.getAttribute("data-permalink");
    navigator.clipboard.writeText(url).then(function () {
      announce(a, "Link copied: " + url);
    }, function () { location.href = a.href; });
  });

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
      // Every copy of the post (it may also be shown as the answer) agrees.
      document.querySelectorAll('form[data-boost][action="/p/' + id + '/boost"]').forEach(function (f) {
        f.querySelector('input[name="on"]').value = data.boosted ? "0" : "1";
        var b = f.querySelector("button");
        b.classList.toggle("on", !!data.boosted);
        b.setAttribute("aria-pressed", data.boosted ? "true" : "false");
      });
      document.querySelectorAll('.boost-count[data-post="' + id + '"]').forEach(function (el) { el.textContent = data.boosts; el.hidden = !data.boosts; });
    }).catch(function () { form.submit(); }).finally(function () { button.disabled = false; });
  });

  // Live Markdown preview, rendered by the server exactly as posting would.
  var kinds = {
    email: ["email address", "email addresses"], ipv4: ["IPv4 address", "IPv4 addresses"],
    ipv6: ["IPv6 address", "IPv6 addresses"], mac: ["MAC address", "MAC addresses"],
    bearer: ["token", "tokens"], api_key: ["API key", "API keys"]
  };
  function redactionText(counts) {
    var parts = Object.keys(counts || {}).filter(function (k) { return counts[k] > 0; }).map(function (k) {
      var names = kinds[k] || [k.replace("_", " "), k.replace("_", " ")];
      return counts[k] + " " + names[counts[k] === 1 ? 0 : 1];
    });
    return parts.length ? "Will redact " + parts.join(", ") + "." : "";
  }
  document.querySelectorAll("form[data-composer]").forEach(function (form) {
    var body = form.querySelector("textarea[name=body]");
    var redact = form.querySelector("input[name=redact]");
    var out = form.querySelector("[data-preview]");
    var note = form.querySelector("[data-redactions]");
    if (!body || !out) { return; }
    var timer = null;
    var seq = 0;
    function refresh() {
      var mine = ++seq;
      if (!body.value.trim()) {
        out.hidden = true;
        if (note) { note.textContent = ""; }
        return;
      }
      api("POST", "/api/preview", { body: body.value, redact: !!(redact && redact.checked) }).then(function (data) {
        if (mine !== seq) { return; }
        out.innerHTML = '<p class="preview-label">Preview</p><div class="post-body">' + data.html + "</div>";
        out.hidden = false;
        focusableScrollers(out);
        if (note) {
          var text = redact && redact.checked ? redactionText(data.redactions) : "";
          if (note.textContent !== text) { note.textContent = text; }
        }
      }).catch(function () { out.hidden = true; });
    }
    function schedule() { clearTimeout(timer); timer = setTimeout(refresh, 350); }
    body.addEventListener("input", schedule);
    if (redact) { redact.addEventListener("change", refresh); }
  });

  // Drafts: a composer with a draft key (signed-in pages) saves what is
  // typed, 1.5 s after the last keystroke, to /api/drafts/{key}; the
  // server keeps the text typed last, whichever tab or device sent it.
  // Offline, or when the server refuses, the text is kept in this
  // browser's localStorage and offered on the next visit, then sent when
  // the browser is back online. Posting deletes the server's copy in the
  // post's own transaction; the browser's copy goes once the post landed.
  var POSTED = "parley-posted";
  var posted = null;
  try { posted = sessionStorage.getItem(POSTED); sessionStorage.removeItem(POSTED); } catch (e) { posted = null; }
  var submitting = false;
  var composers = [];
  document.querySelectorAll("form[data-composer]").forEach(function (form) {
    var body = form.querySelector("textarea[name=body]");
    if (!body) { return; }
    var title = form.querySelector("input[name=title]");
    var section = form.closest(".composer") || form.parentNode;
    var shownAgain = !!(form.querySelector("[aria-invalid=true]") || (section && section.querySelector(".notice[role=alert]")));
    var c = {
      form: form,
      // A form shown again after an error holds text that is nowhere else.
      dirty: function () {
        return body.value !== body.defaultValue || (title && title.value !== title.defaultValue) || (shownAgain && body.value.trim() !== "");
      }
    };
    composers.push(c);
    var key = form.getAttribute("data-draft-key");
    if (!key) { return; }
    var localKey = "parley-draft:" + (form.getAttribute("data-draft-user") || "") + ":" + key;
    var serverAt = Date.parse(form.getAttribute("data-draft-at") || "") || 0;
    var timer = null, typedAt = 0;

    function text() { return { title: title ? title.value : "", body: body.value }; }
    function readLocal() { try { return JSON.parse(localStorage.getItem(localKey) || "null"); } catch (e) { return null; } }
    function writeLocal() {
      var t = text();
      try { localStorage.setItem(localKey, JSON.stringify({ title: t.title, body: t.body, at: typedAt || Date.now() })); } catch (e) { /* full or disabled */ }
    }
    function removeLocal(upTo) {
      var l = readLocal();
      if (l && (upTo === undefined || l.at <= upTo)) { try { localStorage.removeItem(localKey); } catch (e) { /* disabled */ } }
    }
    function save() {
      clearTimeout(timer);
      timer = null;
      var t = text(), at = typedAt;
      if (!navigator.onLine) { writeLocal(); return; }
      var url = "/api/drafts/" + encodeURIComponent(key);
      var req = (!t.title.trim() && !t.body.trim())
        ? api("DELETE", url).catch(function (e) { if (!(e && e.error && e.error.code === "not_found")) { throw e; } })
        : api("PUT", url, { title: t.title, body: t.body, typed_at: new Date(at).toISOString() });
      req.then(function () { removeLocal(at); }).catch(function () { writeLocal(); });
    }
    function typed() {
      typedAt = Date.now();
      clearTimeout(timer);
      timer = setTimeout(save, 1500);
    }
    body.addEventListener("input", typed);
    if (title) { title.addEventListener("input", typed); }
    c.flush = function () { if (timer) { clearTimeout(timer); timer = null; writeLocal(); } };
    c.sync = function () { if (typedAt && readLocal()) { save(); } };

    form.addEventListener("submit", function (ev) {
      if (!navigator.onLine) {
        ev.preventDefault();
        typedAt = typedAt || Date.now();
        writeLocal();
        var note = form.parentNode.querySelector("[data-offline-note]");
        if (!note) {
          note = document.createElement("p");
          note.className = "notice error";
          note.setAttribute("role", "alert");
          note.setAttribute("data-offline-note", "");
          form.parentNode.insertBefore(note, form);
        }
        note.textContent = "You are offline, so nothing was posted. Your text is saved in this browser; post it again when you are back online.";
        return;
      }
      submitting = true;
      clearTimeout(timer);
      timer = null;
      try { sessionStorage.setItem(POSTED, localKey); } catch (e) { /* disabled */ }
    });

    // The post this browser sent last landed (no error page came back):
    // its offline copy has served its purpose.
    if (posted === localKey && !shownAgain) { removeLocal(); }
    var local = readLocal();
    if (!local) { return; }
    if (local.at <= serverAt || shownAgain || (local.body === body.value && (!title || local.title === title.value))) {
      if (local.at <= serverAt) { removeLocal(); }
      return;
    }
    // A copy newer than the server's: offer it instead of the server's.
    var serverOffer = section && section.querySelector("[data-draft-offer]");
    if (serverOffer) { serverOffer.hidden = true; }
    var offer = document.createElement("div");
    offer.className = "notice draft-offer";
    offer.setAttribute("data-local-draft", "");
    var p = document.createElement("p");
    p.textContent = "You have an unsent draft saved in this browser from " + new Date(local.at).toLocaleString() + ".";
    var actions = document.createElement("p");
    actions.className = "form-actions";
    var resume = document.createElement("button");
    resume.type = "button";
    resume.className = "button";
    resume.textContent = "Resume draft";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "link danger";
    discard.textContent = "Discard draft";
    actions.appendChild(resume);
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(discard);
    offer.appendChild(p);
    offer.appendChild(actions);
    form.parentNode.insertBefore(offer, form);
    resume.addEventListener("click", function () {
      body.value = local.body;
      if (title && local.title) { title.value = local.title; }
      typedAt = local.at;
      offer.remove();
      body.focus();
      body.dispatchEvent(new Event("input"));
      typedAt = local.at;
    });
    discard.addEventListener("click", function () {
      removeLocal();
      offer.remove();
      if (serverOffer) { serverOffer.hidden = false; }
    });
  });
  window.addEventListener("online", function () { composers.forEach(function (c) { if (c.sync) { c.sync(); } }); });
  // Leaving a page with unsent text asks first; a save still waiting is
  // kept in the browser so the next visit can offer it.
  window.addEventListener("pagehide", function () { composers.forEach(function (c) { if (c.flush) { c.flush(); } }); });
  window.addEventListener("beforeunload", function (ev) {
    if (submitting) { return; }
    if (composers.some(function (c) { return c.dirty(); })) {
      ev.preventDefault();
      ev.returnValue = "";
    }
  });

  // Similar threads while typing a title, to avoid duplicate questions. The
  // endpoint is optional: any failure just leaves the list hidden.
  var title = document.querySelector("input[data-similar]");
  var similar = document.querySelector("[data-similar-list]");
  if (title && similar) {
    var stimer = null;
    title.addEventListener("input", function () {
      clearTimeout(stimer);
      stimer = setTimeout(function () {
        var q = title.value.trim();
        if (q.length < 8) { similar.hidden = true; return; }
        // The subtopic and tags chosen so far rank their threads higher.
        var url = "/api/similar?title=" + encodeURIComponent(q);
        var form = title.form;
        var sub = form && form.querySelector("select[name=subtopic]");
        if (sub && sub.value) { url += "&subtopic=" + encodeURIComponent(sub.value); }
        if (form) {
          form.querySelectorAll("input[name=tags]:checked").forEach(function (c) { url += "&tag=" + encodeURIComponent(c.value); });
        }
        fetch(url, { headers: { "Accept": "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { threads: [] }; })
          .then(function (data) {
            var items = (data && data.threads || []).filter(function (t) { return t && t.url && t.title; }).slice(0, 5);
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
  function items() { return Array.prototype.slice.call(document.querySelectorAll("[data-nav]")); }
  function currentIndex(list) {
    var active = document.activeElement;
    for (var i = 0; i < list.length; i++) {
      if (list[i].contains(active)) { return i; }
    }
    for (var j = 0; j < list.length; j++) {
      if (list[j].classList.contains("nav-current")) { return j; }
    }
    return -1;
  }
  function move(delta) {
    var list = items();
    if (!list.length) { return; }
    var from = currentIndex(list);
    var to = from < 0 ? (delta > 0 ? 0 : list.length - 1) : Math.max(0, Math.min(list.length - 1, from + delta));
    list.forEach(function (el) { el.classList.remove("nav-current"); });
    var el = list[to];
    el.classList.add("nav-current");
    // A thread row is reached through its title link; a post is focused
    // whole, so a screen reader reads it from its author line on.
    var target = el.tagName === "ARTICLE" ? el : el.querySelector(".thread-title a, h3 a, a") || el;
    if (target === el && !el.hasAttribute("tabindex")) { el.setAttribute("tabindex", "-1"); }
    target.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest" });
  }
  function helpOpen() { return !!(help && help.open); }
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) { return; }
    if (helpOpen()) { return; } // the dialog handles its own keys; Escape closes it
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) {
      if (ev.key === "Escape") { t.blur(); }
      return;
    }
    if (ev.key === "j") { move(1); ev.preventDefault(); }
    else if (ev.key === "k") { move(-1); ev.preventDefault(); }
    else if (ev.key === "/") {
      var box = document.querySelector("main textarea[name=body], main input[name=q], main input[name=title], header input[name=q]");
      if (box) { box.focus(); ev.preventDefault(); }
    } else if (ev.key === "?" && help && help.showModal) {
      help.showModal();
      ev.preventDefault();
    }
  });

  // Live updates: the page listens to its thread's or list's event stream
  // (/api/live) and offers to show what changed. Nothing is rewritten
  // except boost counts; new replies and threads are announced with a link,
  // so the page stays the server's rendering and is right without this.
  (function live() {
    if (!window.EventSource) { return; }
    var threadHead = document.querySelector("[data-live-thread]");
    var listHead = document.querySelector("[data-live-list]");
    var query;
    if (threadHead) {
      query = "thread=" + encodeURIComponent(threadHead.getAttribute("data-live-thread"));
    } else if (listHead && !/[?&]after=/.test(location.search)) {
      // Only a list's first page gains rows at the top.
      query = "list=" + encodeURIComponent(listHead.getAttribute("data-live-list"));
    } else {
      return;
    }
    var source = null, lastId = "", retryDelay = 5000, retryTimer = null;
    var newReplies = {}, newThreads = {}, bumped = {}, changed = false, stale = false;
    var notice = null;

    function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }
    function count(set) { return Object.keys(set).length; }

    function show(text, href) {
      if (!notice) {
        notice = document.createElement("p");
        notice.className = "notice live-notice";
        notice.setAttribute("role", "status");
        if (threadHead) {
          // A reader may be anywhere in a long thread: the notice floats
          // at the bottom of the window rather than after the last reply.
          notice.className += " floating";
          document.querySelector("main").appendChild(notice);
        } else {
          var anchor = document.querySelector("main table.threads, main .empty");
          var parent = document.querySelector("main");
          if (anchor) { anchor.parentNode.insertBefore(notice, anchor); } else if (parent) { parent.appendChild(notice); } else { return; }
        }
      }
      notice.textContent = "";
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      a.addEventListener("click", function (ev) {
        // A link to this very page would only scroll to its anchor.
        if (a.pathname === location.pathname && a.search === location.search) {
          ev.preventDefault();
          if (a.hash) { history.replaceState(null, "", a.hash); }
          location.reload();
        }
      });
      notice.appendChild(a);
    }

    function refreshThreadNotice() {
      var href = threadHead.getAttribute("data-live-last") || location.pathname;
      var n = count(newReplies);
      if (stale) { show("This thread has changed — reload", location.href); }
      else if (n) { show(plural(n, "new reply", "new replies") + " — show", href + "#post-" + Object.keys(newReplies).pop()); }
      else if (changed) { show("This thread was updated — reload", location.href); }
    }

    function refreshListNotice() {
      var fresh = count(newThreads), moved = count(bumped), parts = [];
      if (fresh) { parts.push(plural(fresh, "new thread", "new threads")); }
      if (moved) { parts.push(plural(moved, "thread", "threads") + " with new replies"); }
      var href = location.pathname + location.search;
      if (stale) { show("This list has changed — refresh", href); }
      else if (parts.length) { show(parts.join(", ") + " — refresh", href); }
    }

    function data(ev) {
      if (ev.lastEventId) { lastId = ev.lastEventId; }
      try { return JSON.parse(ev.data) || {}; } catch (e) { return {}; }
    }

    function setBoosts(postID, n) {
      document.querySelectorAll('.boost-count[data-post="' + postID + '"]').forEach(function (el) {
        el.textContent = n;
        // A zero count is not shown: readers see nothing, members "Boost".
        var quiet = el.closest(".boost-static") || el;
        quiet.hidden = !n;
        // The signed-out form reads "3 boosts": keep the word in agreement.
        var word = el.nextSibling;
        if (word && word.nodeType === 3 && /boosts?/.test(word.nodeValue)) {
          word.nodeValue = word.nodeValue.replace(/boosts?/, n === 1 ? "boost" : "boosts");
        }
      });
    }

    // The thread's totals, wherever the page shows them (the header's
    // statistics, the "N replies" heading): a new reply adds one, and the
    // thread's boosts are its question's. A word beside a count
    // (data-stat-word="reply replies") follows it.
    function addStat(name, delta) {
      document.querySelectorAll('[data-stat="' + name + '"]').forEach(function (el) {
        var n = parseInt(el.textContent, 10);
        if (isNaN(n)) { return; }
        n += delta;
        el.textContent = n;
        var word = el.parentNode.querySelector("[data-stat-word]");
        if (word) {
          var forms = word.getAttribute("data-stat-word").split(" ");
          word.textContent = n === 1 ? forms[0] : forms[1];
        }
      });
    }
    function isQuestion(postID) {
      var q = document.querySelector("article.post.question");
      return q && q.id === "post-" + postID;
    }

    function onThreadEvent(ev) {
      var d = data(ev);
      if (ev.type === "reply") {
        // Skip replies already on the page (the writer's own, after a reload).
        if (d.post_id && !document.getElementById("post-" + d.post_id)) {
          if (!newReplies[d.post_id]) { addStat("replies", 1); }
          newReplies[d.post_id] = true;
        }
        else if (!d.post_id) { changed = true; }
      } else if (ev.type === "boost" && typeof d.count === "number") {
        setBoosts(d.post_id, d.count);
        if (isQuestion(d.post_id)) {
          document.querySelectorAll('[data-stat="boosts"]').forEach(function (b) { b.textContent = d.count; });
        }
        return;
      } else {
        changed = true;
      }
      refreshThreadNotice();
    }

    function onListEvent(ev) {
      var d = data(ev);
      if (!d.thread_id) { changed = true; stale = true; }
      else if (d.kind === "thread") { newThreads[d.thread_id] = true; }
      else if (!newThreads[d.thread_id]) { bumped[d.thread_id] = true; }
      refreshListNotice();
    }

    function connect() {
      retryTimer = null;
      var url = "/api/live?" + query + (lastId ? "&last_event_id=" + encodeURIComponent(lastId) : "");
      source = new EventSource(url);
      source.onopen = function () { retryDelay = 5000; };
      if (threadHead) {
        ["reply", "edit", "delete", "restore", "boost", "accepted", "recommended"].forEach(function (t) { source.addEventListener(t, onThreadEvent); });
      } else {
        source.addEventListener("thread", onListEvent);
      }
      // The server forgot what this page missed: only a reload is right.
      source.addEventListener("reset", function () {
        stale = true;
        if (threadHead) { refreshThreadNotice(); } else { refreshListNotice(); }
      });
      source.onerror = function () {
        // The browser retries a dropped stream by itself, but gives up
        // after a refusal (a node shutting down, too many streams): try
        // again later, resuming from the last event seen.
        if (source && source.readyState === EventSource.CLOSED && !retryTimer) {
          source = null;
          retryTimer = setTimeout(connect, retryDelay);
          retryDelay = Math.min(retryDelay * 2, 120000);
        }
      };
    }

    function disconnect() {
      if (retryTimer) { clearTimeout(retryTimer); retryTimer = null; }
      if (source) { source.close(); source = null; }
    }

    // Leaving the page (or putting it in the back-forward cache) closes the
    // stream; coming back from the cache resumes it.
    window.addEventListener("pagehide", disconnect);
    window.addEventListener("pageshow", function (ev) { if (ev.persisted && !source) { connect(); } });
    connect();
  })();

  // Tag picker: the field is plain text (names separated by commas) with
  // a <datalist> of every tag, which browsers already filter as one
  // types. A datalist matches the whole value, so here each suggestion is
  // rewritten to "what is typed so far, plus a tag" for the name being
  // typed, best matches first (prefix, then anywhere), at most 12: a
  // forum with hundreds of tags stays usable on a phone.
  (function () {
    var field = document.querySelector("[data-tag-picker]");
    var list = field && document.getElementById(field.getAttribute("list"));
    if (!list) { return; }
    var tags = Array.prototype.map.call(list.options, function (o) { return { name: o.value, desc: o.textContent }; });
    function suggest() {
      var v = field.value, cut = v.lastIndexOf(",");
      var head = cut < 0 ? "" : v.slice(0, cut + 1) + " ";
      var word = v.slice(cut + 1).trim().toLowerCase();
      var chosen = head.split(",").map(function (s) { return s.trim(); });
      var starts = [], inside = [];
      tags.forEach(function (t) {
        if (chosen.indexOf(t.name) >= 0) { return; }
        var at = t.name.indexOf(word);
        if (at === 0) { starts.push(t); } else if (at > 0 || (word && t.desc.toLowerCase().indexOf(word) >= 0)) { inside.push(t); }
      });
      list.textContent = "";
      starts.concat(inside).slice(0, 12).forEach(function (t) {
        var o = document.createElement("option");
        o.value = head + t.name;
        o.textContent = t.desc;
        list.appendChild(o);
      });
    }
    field.addEventListener("input", suggest);
    field.addEventListener("focus", suggest);
  })();

  // Destructive buttons (forms with data-confirm) ask first in a dialog;
  // confirming sends the form with confirm=1. Without JavaScript the form
  // goes without it and the server answers a confirmation page instead.
  (function () {
    var forms = document.querySelectorAll("form[data-confirm]");
    if (!forms.length || typeof HTMLDialogElement !== "function") { return; }
    var dlg = document.createElement("dialog");
    dlg.className = "dialog";
    dlg.id = "confirm-dialog";
    dlg.setAttribute("aria-labelledby", "confirm-dialog-h");
    dlg.innerHTML = '<h2 id="confirm-dialog-h">Are you sure?</h2><p id="confirm-dialog-text"></p>' +
      '<form method="dialog"><button class="button" value="cancel">Cancel</button> ' +
      '<button class="button primary" value="ok" data-confirm-ok>Confirm</button></form>';
    document.body.appendChild(dlg);
    var pending = null;
    dlg.addEventListener("close", function () {
      var form = pending;
      pending = null;
      if (!form || dlg.returnValue !== "ok") { return; }
      var c = form.querySelector('input[name="confirm"]');
      if (!c) {
        c = document.createElement("input");
        c.type = "hidden";
        c.name = "confirm";
        form.appendChild(c);
      }
      c.value = "1";
      form.submit();
    });
    forms.forEach(function (form) {
      form.addEventListener("submit", function (ev) {
        var c = form.querySelector('input[name="confirm"]');
        if (c && c.value === "1") { return; }
        ev.preventDefault();
        pending = form;
        document.getElementById("confirm-dialog-text").textContent = form.getAttribute("data-confirm");
        dlg.returnValue = "";
        dlg.showModal();
      });
    });
  })();
})();
