// The Bridgekeeper console: plain JavaScript, no framework, no build step. Every action is an API
// call (JSON 1.1, X-Amz-Target) signed with the keys the user gives (sigv4.js), so it is authorized
// exactly as the same call from the AWS CLI would be. Data from the server is only ever put into
// the page as text (textContent), never as HTML.
"use strict";
(function () {
  const $ = id => document.getElementById(id);
  const STORE = "bridgekeeper.console.keys";
  let keys = JSON.parse(sessionStorage.getItem(STORE) || "null");
  let deliveriesToken = null;

  // ---- the API ----------------------------------------------------------------------------------
  async function api(target, input) {
    if (!keys) { showSignIn(); throw new Error("No access keys yet."); }
    const body = JSON.stringify(input || {});
    const headers = { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": target };
    const signed = await SigV4.sign({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey,
      region: keys.region, service: "events", host: location.host, headers, body });
    const response = await fetch("/", { method: "POST", headers: Object.assign({}, headers, signed), body,
      credentials: "omit", cache: "no-store" });
    const text = await response.text();
    const json = text ? JSON.parse(text) : {};
    if (!response.ok) {
      const type = (json.__type || response.headers.get("x-amzn-ErrorType") || "Error").split("#").pop();
      throw new Error(type + ": " + (json.message || json.Message || response.status));
    }
    return json;
  }

  /** Every page of a list operation. */
  async function all(target, input, key) {
    let out = [];
    let token = null;
    do {
      const page = await api(target, Object.assign({}, input, token ? { NextToken: token } : {}));
      out = out.concat(page[key] || []);
      token = page.NextToken;
    } while (token);
    return out;
  }

  // ---- rendering helpers --------------------------------------------------------------------------
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function badge(state) { return el("span", state, "badge " + state); }
  function time(seconds) {
    if (seconds === undefined || seconds === null) return "";
    return new Date(seconds * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
  }
  function row(tbody, cells) {
    const tr = document.createElement("tr");
    for (const c of cells) {
      const td = document.createElement("td");
      if (c instanceof Node) td.appendChild(c); else if (c !== undefined && c !== null) td.textContent = String(c);
      tr.appendChild(td);
    }
    tbody.appendChild(tr);
    return tr;
  }
  function button(label, action, cls) {
    const b = el("button", label, cls);
    b.addEventListener("click", () => run(action));
    return b;
  }
  function clear(tbody, message) {
    tbody.replaceChildren();
    if (message) { const tr = row(tbody, [message]); tr.firstChild.colSpan = 9; tr.className = "note"; }
  }
  async function run(action) {
    const error = $("error");
    error.classList.add("hidden");
    try { await action(); } catch (e) { error.textContent = e.message; error.classList.remove("hidden"); }
  }
  function status(text) { $("status").textContent = text; }
  function lastPart(arn) { return (arn || "").split(":").pop(); }

  // ---- tabs -------------------------------------------------------------------------------------
  const loaders = {};
  function show(tab) {
    for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("active", b.dataset.tab === tab);
    for (const s of document.querySelectorAll("section.tab")) s.classList.toggle("hidden", s.id !== tab);
    location.hash = tab;
    if (keys || tab === "overview") run(loaders[tab]);
  }

  // ---- overview: /metrics -----------------------------------------------------------------------
  function parseMetrics(text) {
    const samples = [];
    for (const line of text.split("\n")) {
      if (!line || line.startsWith("#")) continue;
      const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/);
      if (!m) continue;
      const labels = {};
      if (m[3]) for (const l of m[3].matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
      samples.push({ name: m[1], labels, value: Number(m[4]) });
    }
    return samples;
  }
  const sum = (samples, name, where) => samples.filter(s => s.name === name && (!where || where(s.labels)))
    .reduce((a, s) => a + s.value, 0);

  loaders.overview = async () => {
    const cards = $("cards");
    const response = await fetch("/metrics", { cache: "no-store", credentials: "omit" });
    if (!response.ok) {
      cards.replaceChildren(el("p", response.status === 404 ? "Metrics are off (--metrics off)."
        : "GET /metrics answered " + response.status + " (it needs its bearer token).", "note"));
      return;
    }
    const samples = parseMetrics(await response.text());
    const card = (label, value) => {
      const c = el("div", null, "card");
      c.appendChild(el("div", value, "value"));
      c.appendChild(el("div", label, "label"));
      return c;
    };
    const heap = sum(samples, "jvm_memory_used_bytes", l => l.area === "heap");
    cards.replaceChildren(
      card("API requests", sum(samples, "bridgekeeper_requests_total")),
      card("API errors", sum(samples, "bridgekeeper_requests_total", l => l.outcome !== "success")),
      card("delivered", sum(samples, "bridgekeeper_deliveries_total", l => l.outcome === "delivered")),
      card("attempts to retry", sum(samples, "bridgekeeper_deliveries_total", l => l.outcome === "retry")),
      card("dead-lettered", sum(samples, "bridgekeeper_deliveries_total", l => l.outcome === "dead")),
      card("pending deliveries", sum(samples, "bridgekeeper_pending_deliveries")),
      card("dead letters", sum(samples, "bridgekeeper_dead_letters")),
      card("OAuth token requests", sum(samples, "bridgekeeper_oauth_token_requests_total")),
      card("heap used (MB)", Math.round(heap / 1048576)));
    const tbody = $("connection-states").tBodies[0];
    clear(tbody);
    for (const s of samples.filter(s => s.name === "bridgekeeper_connections" && s.value > 0)) {
      row(tbody, [badge(s.labels.state), s.value]);
    }
    if (!tbody.children.length) clear(tbody, "No connections.");
    status("Metrics read at " + new Date().toLocaleTimeString() + ".");
  };

  // ---- connections ------------------------------------------------------------------------------
  loaders.connections = async () => {
    const list = await all("AWSEvents.ListConnections", {}, "Connections");
    const tbody = $("connection-list").tBodies[0];
    clear(tbody, list.length ? null : "No connections.");
    for (const c of list) {
      const actions = document.createElement("span");
      if (["AUTHORIZED", "AUTHORIZING", "ACTIVE", "FAILED_CONNECTIVITY"].includes(c.ConnectionState)) {
        actions.appendChild(button("Deauthorize", async () => {
          if (!confirm("Deauthorize " + c.Name + "? Its credentials are removed; deliveries through it wait.")) return;
          await api("AWSEvents.DeauthorizeConnection", { Name: c.Name });
          await loaders.connections();
        }, "danger"));
      }
      const tr = row(tbody, [c.Name, c.AuthorizationType, badge(c.ConnectionState), c.StateReason || "",
        time(c.LastModifiedTime), actions]);
      tr.dataset.name = c.Name;
    }
    status(list.length + " connections.");
  };

  // ---- API destinations -------------------------------------------------------------------------
  loaders.destinations = async () => {
    const list = await all("AWSEvents.ListApiDestinations", {}, "ApiDestinations");
    const tbody = $("destination-list").tBodies[0];
    clear(tbody, list.length ? null : "No API destinations.");
    for (const d of list) {
      const endpoint = el("span", d.InvocationEndpoint, "mono");
      row(tbody, [d.Name, badge(d.ApiDestinationState), d.HttpMethod, endpoint, d.InvocationRateLimitPerSecond,
        lastPart(d.ConnectionArn).replace(/^connection\//, "").split("/")[0]]);
    }
    status(list.length + " API destinations.");
  };

  // ---- buses, rules, targets --------------------------------------------------------------------
  loaders.rules = async () => {
    const container = $("bus-list");
    const buses = await all("AWSEvents.ListEventBuses", {}, "EventBuses");
    container.replaceChildren();
    for (const bus of buses) {
      const section = el("div", null, "bus");
      section.appendChild(el("h3", "Bus " + bus.Name));
      const rules = await all("AWSEvents.ListRules", { EventBusName: bus.Name }, "Rules");
      if (!rules.length) section.appendChild(el("p", "No rules.", "note"));
      for (const r of rules) {
        const div = el("div", null, "rule");
        const title = el("div");
        title.appendChild(el("strong", r.Name + " "));
        title.appendChild(badge(r.State));
        div.appendChild(title);
        div.appendChild(el("div", r.EventPattern || r.ScheduleExpression || "", "mono"));
        const targets = await all("AWSEvents.ListTargetsByRule", { Rule: r.Name, EventBusName: bus.Name }, "Targets");
        const table = el("table");
        table.appendChild(el("thead")).appendChild(document.createElement("tr"));
        for (const h of ["Target", "ARN", "Retry policy"]) table.tHead.rows[0].appendChild(el("th", h));
        const tbody = table.appendChild(document.createElement("tbody"));
        for (const t of targets) {
          const policy = t.RetryPolicy ? (t.RetryPolicy.MaximumRetryAttempts ?? 185) + " retries, "
            + (t.RetryPolicy.MaximumEventAgeInSeconds ?? 86400) + " s" : "185 retries, 86400 s (default)";
          row(tbody, [t.Id, el("span", t.Arn, "mono"), policy]);
        }
        if (!targets.length) clear(tbody, "No targets.");
        div.appendChild(table);
        section.appendChild(div);
      }
      container.appendChild(section);
    }
    status(buses.length + " event buses.");
  };

  // ---- deliveries -------------------------------------------------------------------------------
  async function loadDeliveries(more) {
    const tbody = $("delivery-list").tBodies[0];
    const state = $("delivery-state").value;
    const input = Object.assign({ Limit: 50 }, state ? { State: state } : {}, more && deliveriesToken ? { NextToken: deliveriesToken } : {});
    const page = await api("Bridgekeeper.ListDeliveries", input);
    if (!more) clear(tbody, page.Deliveries.length ? null : "No deliveries.");
    for (const d of page.Deliveries) {
      const actions = document.createElement("span");
      actions.appendChild(button("Attempts", () => describeDelivery(d.Id)));
      if (d.State === "PENDING") {
        actions.appendChild(button("Retry now", async () => {
          await api("Bridgekeeper.RetryDelivery", { Id: d.Id });
          status("Delivery " + d.Id + " is being attempted.");
          await loadDeliveries(false);
        }));
        actions.appendChild(button("Cancel", async () => {
          if (!confirm("Cancel this delivery? It moves to the dead letters (it can be redriven).")) return;
          await api("Bridgekeeper.CancelDelivery", { Id: d.Id });
          await loadDeliveries(false);
        }, "danger"));
      }
      const tr = row(tbody, [time(d.CreatedTime), badge(d.State), d.EventBusName + "/" + d.Rule, d.TargetId,
        d.AttemptCount, d.LastStatusCode || "", d.Reason || "", actions]);
      tr.dataset.id = d.Id;
    }
    deliveriesToken = page.NextToken || null;
    $("more-deliveries").classList.toggle("hidden", !deliveriesToken);
    status(tbody.children.length + " deliveries shown.");
  }
  loaders.deliveries = () => loadDeliveries(false);

  async function describeDelivery(id) {
    const d = await api("Bridgekeeper.DescribeDelivery", { Id: id });
    const panel = $("delivery-detail");
    panel.replaceChildren();
    const head = el("div", null, "bar");
    head.appendChild(el("h2", "Delivery " + d.Id));
    head.appendChild(badge(d.State));
    head.appendChild(button("Close", async () => panel.classList.add("hidden")));
    panel.appendChild(head);
    panel.appendChild(el("p", "Event " + d.EventId + " on " + d.EventBusName + ", rule " + d.Rule + ", target " + d.TargetId
      + (d.TraceParent ? ", traceparent " + d.TraceParent : "")));
    const table = el("table");
    table.id = "attempt-list";
    table.appendChild(el("thead")).appendChild(document.createElement("tr"));
    for (const h of ["#", "Time", "Outcome", "Status", "Latency", "Reason", "Next attempt", "Answer (first KB)"]) {
      table.tHead.rows[0].appendChild(el("th", h));
    }
    const tbody = table.appendChild(document.createElement("tbody"));
    for (const a of d.Attempts || []) {
      row(tbody, [a.Number, time(a.Time), badge(a.Outcome), a.StatusCode || "",
        a.LatencyMillis !== undefined ? a.LatencyMillis + " ms" : "", a.Reason || "", time(a.NextAttemptTime),
        el("span", a.ResponseBody || "", "mono")]);
    }
    if (!(d.Attempts || []).length) clear(tbody, "No attempt yet.");
    panel.appendChild(table);
    panel.appendChild(el("h3", "Payload"));
    panel.appendChild(el("pre", d.Payload));
    if (d.Request) {
      panel.appendChild(el("h3", "Last request sent (secrets as ***)"));
      panel.appendChild(el("pre", d.Request.Method + " " + d.Request.Url + "\n"
        + Object.entries(d.Request.Headers || {}).map(([k, v]) => k + ": " + v).join("\n")));
    }
    panel.classList.remove("hidden");
    panel.scrollIntoView();
  }

  // ---- dead letters -----------------------------------------------------------------------------
  loaders["dead-letters"] = async () => {
    const list = await all("Bridgekeeper.ListDeadLetters", {}, "DeadLetters");
    const tbody = $("dead-letter-list").tBodies[0];
    clear(tbody, list.length ? null : "No dead letters.");
    for (const l of list) {
      const tr = row(tbody, [time(l.FailedTime), l.EventBusName + "/" + l.Rule, l.TargetId, l.Attempts, l.StatusCode || "",
        l.Reason, button("Redrive", async () => {
          const r = await api("Bridgekeeper.RedriveDeadLetters", { Ids: [l.Id] });
          status(r.Redriven + " dead letter redriven.");
          await loaders["dead-letters"]();
        })]);
      tr.dataset.id = l.Id;
    }
    status(list.length + " dead letters.");
  };

  // ---- keys -------------------------------------------------------------------------------------
  function showSignIn() {
    $("sign-in").classList.remove("hidden");
    $("access-key").focus();
  }
  function signedIn() {
    $("sign-in").classList.add("hidden");
    $("identity").textContent = keys ? keys.accessKeyId + " in " + keys.region : "not signed in";
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const b of document.querySelectorAll("#tabs button")) b.addEventListener("click", () => show(b.dataset.tab));
    $("keys").addEventListener("submit", e => {
      e.preventDefault();
      keys = { accessKeyId: $("access-key").value.trim(), secretAccessKey: $("secret-key").value, region: $("region").value.trim() };
      sessionStorage.setItem(STORE, JSON.stringify(keys));
      $("secret-key").value = "";
      signedIn();
      show((location.hash || "#overview").slice(1));
    });
    $("sign-out").addEventListener("click", () => { keys = null; sessionStorage.removeItem(STORE); signedIn(); showSignIn(); });
    $("refresh-overview").addEventListener("click", () => run(loaders.overview));
    $("refresh-connections").addEventListener("click", () => run(loaders.connections));
    $("refresh-destinations").addEventListener("click", () => run(loaders.destinations));
    $("refresh-rules").addEventListener("click", () => run(loaders.rules));
    $("refresh-deliveries").addEventListener("click", () => run(loaders.deliveries));
    $("delivery-state").addEventListener("change", () => run(loaders.deliveries));
    $("more-deliveries").addEventListener("click", () => run(() => loadDeliveries(true)));
    $("refresh-dead-letters").addEventListener("click", () => run(loaders["dead-letters"]));
    $("redrive-all").addEventListener("click", () => run(async () => {
      if (!confirm("Redrive every dead letter of this account and Region?")) return;
      const r = await api("Bridgekeeper.RedriveDeadLetters", {});
      status(r.Redriven + " dead letters redriven.");
      await loaders["dead-letters"]();
    }));
    signedIn();
    if (!keys) showSignIn();
    const tab = (location.hash || "#overview").slice(1);
    show(loaders[tab] ? tab : "overview");
  });
})();
