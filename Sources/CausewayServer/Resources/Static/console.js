// Progressive enhancement only: every page works without this file.
// 1. "Copy" buttons next to code snippets and secrets.
// 2. Upload forms show live progress (bytes sent, then rows checked and errors found) instead
//    of a page that waits; without the script the form posts and the server answers when done.
// 3. A linkage project's upload form shows the bytes sent, then opens the project's page.
(function () {
  "use strict";

  document.querySelectorAll("button.copy[data-copy-from]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy-from"));
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value || source.textContent).then(function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy"; }, 2000);
      });
    });
  });

  if (!window.XMLHttpRequest) return;

  // Sends the form's file as the body of a POST to `url`, showing the bytes sent; `done` gets
  // the parsed answer (or {} and the request) once the server has answered.
  function sendFile(form, url, contentType, done) {
    var file = form.querySelector("input[type=file]").files[0];
    if (!file) return false;
    var status = form.querySelector(".upload-status");
    var bar = form.querySelector(".upload-progress");
    var figures = form.querySelector(".progress-figures");
    status.hidden = false;
    var request = new XMLHttpRequest();
    request.open("POST", url);
    request.setRequestHeader("X-CSRF-Token", form.querySelector("input[name=csrf]").value);
    request.setRequestHeader("Accept", "application/json");
    request.setRequestHeader("Content-Type", contentType(file));
    request.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) return;
      bar.max = e.total;
      bar.value = e.loaded;
      figures.textContent = "Sent " + e.loaded.toLocaleString() + " of " + e.total.toLocaleString() + " bytes";
    });
    request.addEventListener("load", function () {
      var answer = {};
      try { answer = JSON.parse(request.responseText); } catch (e) { /* keep empty */ }
      done(answer, request, bar, figures);
    });
    request.addEventListener("error", function () { figures.textContent = "The upload failed: the connection broke."; });
    request.send(file);
    return true;
  }

  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var mode = form.querySelector("select[name=mode]").value;
      var url = form.getAttribute("data-upload") + "?mode=" + encodeURIComponent(mode);
      var type = function (file) { return /\.(jsonl|ndjson)$/i.test(file.name) ? "application/x-ndjson" : "text/csv"; };
      var sent = sendFile(form, url, type, function (answer, request, bar, figures) {
        if (request.status >= 400 || !answer.job) {
          figures.textContent = answer.detail || "The upload was refused.";
          return;
        }
        poll(answer.job, bar, figures);
      });
      if (sent) event.preventDefault();
    });
  });

  document.querySelectorAll("form[data-linkage-upload]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var type = function () { return "application/json"; };
      var sent = sendFile(form, form.getAttribute("data-linkage-upload"), type, function (answer, request, bar, figures) {
        if (request.status >= 400 || !answer.location) {
          figures.textContent = answer.detail || "The upload was refused.";
          return;
        }
        window.location.assign(answer.location);
      });
      if (sent) event.preventDefault();
    });
  });

  function poll(job, bar, figures) {
    var request = new XMLHttpRequest();
    request.open("GET", "/console/jobs/" + encodeURIComponent(job) + "/progress");
    request.addEventListener("load", function () {
      var answer = {};
      try { answer = JSON.parse(request.responseText); } catch (e) { /* keep empty */ }
      figures.textContent = "Checked " + (answer.rows || 0).toLocaleString() + " rows, found " + (answer.errors || 0).toLocaleString() + " errors";
      bar.removeAttribute("value");
      if (answer.state === "succeeded" || answer.state === "failed") {
        window.location.assign(answer.report);
      } else {
        setTimeout(function () { poll(job, bar, figures); }, 500);
      }
    });
    request.send();
  }
})();
