// lecturecast studio: save a segment, follow the build over server-sent events, refresh what changed.
// Plain JavaScript, no build step. Every text from the server is inserted with textContent or as
// server-rendered (autoescaped) HTML fragments.
(function () {
  "use strict";
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const page = document.querySelector("main.page");

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify(body || {}),
    }).then(function (r) { return r.json().catch(function () { return {}; }).then(function (d) { d.status = r.status; return d; }); });
  }

  // ---- import page --------------------------------------------------------------------------
  if (page.dataset.page === "import") {
    const button = document.getElementById("do-import");
    if (button) button.addEventListener("click", function () {
      button.disabled = true;
      post("/import").then(function (d) {
        if (d.status === 200) { location.reload(); return; }
        document.getElementById("import-message").textContent = d.error || "import failed";
        button.disabled = false;
      });
    });
    return;
  }

  // ---- studio page --------------------------------------------------------------------------
  let digest = page.dataset.digest;
  let saving = 0;
  const banner = document.getElementById("banner");
  const busy = document.getElementById("busy");

  function showBanner(text, offerReload) {
    banner.textContent = text;
    if (offerReload) {
      const b = document.createElement("button");
      b.type = "button"; b.id = "reload"; b.textContent = "Reload the script";
      b.addEventListener("click", function () { location.reload(); });
      banner.append(" ", b);
    }
    banner.hidden = false;
  }

  function seekTo(seconds) {
    const video = document.querySelector("video#video");
    if (!video) return;
    video.currentTime = seconds;
    video.scrollIntoView({behavior: "smooth", block: "center"});
  }
  document.addEventListener("click", function (e) {
    const a = e.target.closest("[data-seek]");
    if (a) { e.preventDefault(); seekTo(parseFloat(a.dataset.seek)); }
  });

  document.querySelectorAll("form.edit").forEach(function (form) {
    const id = form.dataset.segment;
    const area = form.querySelector("textarea");
    area.addEventListener("input", function () { form.classList.add("dirty"); });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      const message = form.querySelector(".message");
      message.textContent = "saving…";
      saving += 1;
      post("/segment/" + encodeURIComponent(id), {text: area.value, digest: digest}).then(function (d) {
        saving -= 1;
        if (d.status === 200) {
          digest = d.digest;
          form.classList.remove("dirty");
          message.textContent = "saved; regenerating…";
          refreshState();
        } else if (d.conflict) {
          message.textContent = "not saved: the script changed on disk";
          showBanner(d.error + " Your text is still in the field.", true);
        } else {
          message.textContent = "not saved: " + (d.error || ("HTTP " + d.status));
        }
      }).catch(function (err) { saving -= 1; message.textContent = "not saved: " + err; });
    });
  });

  document.getElementById("build-video").addEventListener("click", function () {
    post("/build").then(refreshState);
  });

  function setState(id, state, error) {
    document.querySelectorAll('[data-state-of="' + CSS.escape(id) + '"]').forEach(function (el) {
      el.textContent = state; el.className = "state state-" + state; el.title = error || "";
    });
    document.querySelectorAll('[data-error-of="' + CSS.escape(id) + '"]').forEach(function (el) {
      el.textContent = state === "error" ? error : "";
    });
    const msg = document.querySelector('[data-message-of="' + CSS.escape(id) + '"]');
    if (msg && state === "error") msg.textContent = "rebuild failed, previous audio kept: " + error;
    if (msg && state === "ready" && msg.textContent.indexOf("regenerating") >= 0) msg.textContent = "regenerated";
  }

  function refreshState() {
    return fetch("/api/state", {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (s) {
      Object.keys(s.segments).forEach(function (id) { setState(id, s.segments[id].state, s.segments[id].error); });
      busy.textContent = s.busy || (s.idle ? "" : "queued");
      page.dataset.idle = s.idle ? "yes" : "no";
      if (s.error) showBanner("Last build failed: " + s.error, false);
      else if (banner.querySelector("#reload") === null) banner.hidden = true;
      return s;
    });
  }

  function fetchFragment(part) {
    return fetch("/fragment/" + part, {credentials: "same-origin"}).then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return null;
        const t = document.createElement("template");
        t.innerHTML = html.trim();
        return t.content.firstElementChild;
      });
  }

  // replace only what changed, so a player that is playing something else keeps playing
  function replaceById(fresh) {
    const old = fresh && document.getElementById(fresh.id);
    if (old && old.outerHTML !== fresh.outerHTML) old.replaceWith(fresh);
  }

  function refreshAfterBuild() {
    const jobs = ["table", "lecture", "reports"].map(function (part) { return fetchFragment(part).then(replaceById); });
    jobs.push(fetchFragment("media").then(function (wrapper) {
      if (wrapper) Array.from(wrapper.children).forEach(replaceById);
    }));
    return Promise.all(jobs).then(refreshState).then(function () { page.dataset.refreshed = String(Date.now()); });
  }

  const events = new EventSource("/events");
  events.addEventListener("state", refreshState);
  events.addEventListener("built", refreshAfterBuild);
  events.addEventListener("failed", refreshState);
  events.addEventListener("progress", function (e) {
    const p = JSON.parse(e.data);
    busy.textContent = "building: " + p.stage + " " + p.done + "/" + p.total;
  });
  events.addEventListener("script", function (e) {
    const d = JSON.parse(e.data);
    if (saving === 0 && d.digest !== digest) {
      showBanner("The script changed on disk since this page was loaded. Saving is refused until you reload.", true);
    }
  });
  events.addEventListener("hello", refreshState);
})();
