// Re-reads the queue every N seconds and redraws the table (text only, never HTML from the server).
(function () {
  "use strict";
  var table = document.getElementById("queue");
  if (!table) { return; }
  var every = (parseInt(table.getAttribute("data-refresh"), 10) || 15) * 1000;
  var source = table.getAttribute("data-source");
  var body = document.getElementById("queue-rows");
  var stamp = document.getElementById("refreshed");

  function cell(row, text, className) {
    var td = document.createElement("td");
    if (className) { td.className = className; }
    if (text !== undefined && text !== null) { td.textContent = text; }
    row.appendChild(td);
    return td;
  }

  function badge(parent, text, className) {
    var span = document.createElement("span");
    span.className = className;
    span.textContent = text;
    parent.appendChild(span);
  }

  function draw(tickets) {
    var rows = document.createDocumentFragment();
    tickets.forEach(function (t) {
      var tr = document.createElement("tr");
      tr.className = "row lvl-" + t.level;
      tr.setAttribute("data-ticket", String(t.id));
      badge(cell(tr), t.level_label, "badge lvl-" + t.level);
      var link = document.createElement("a");
      link.className = "open-ticket";
      link.href = t.url;
      link.textContent = "#" + t.id;
      cell(tr).appendChild(link);
      cell(tr, "#" + t.member_id);
      cell(tr, t.reasons.join(", "));
      badge(cell(tr), t.status_label, "status st-" + t.status);
      var due = cell(tr, t.sla_due_at + (t.sla_left_min === null ? "" : " (" + t.sla_left_min + " min)"),
                     t.overdue ? "overdue" : "");
      due.title = t.overdue ? "已超时 overdue" : "";
      var who = cell(tr, t.assigned || "—");
      if (t.on_call) { who.appendChild(document.createTextNode(" ")); badge(who, "值班 on call", "badge oncall"); }
      cell(tr, String(t.repeat_count));
      rows.appendChild(tr);
    });
    if (!tickets.length) {
      var empty = document.createElement("tr");
      empty.className = "empty";
      var td = cell(empty, "暂无工单 No tickets");
      td.colSpan = 8;
      rows.appendChild(empty);
    }
    body.replaceChildren(rows);
  }

  function refresh() {
    fetch(source, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (response.status === 401) { window.location.assign("/console/login"); return null; }
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        if (!data) { return; }
        draw(data.tickets);
        stamp.textContent = "更新于 " + new Date().toLocaleTimeString();
        table.setAttribute("data-refreshed", String(Date.now()));
      })
      .catch(function () { stamp.textContent = "刷新失败 refresh failed"; });
  }

  stamp.textContent = "更新于 " + new Date().toLocaleTimeString();
  window.setInterval(refresh, every);
})();
