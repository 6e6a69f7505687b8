// Voice memo: record in the browser and put the recording into the form's file input,
// so the same no-JavaScript upload path sends it (a phone's own recorder works too).
(function () {
  "use strict";

  function setUp(field) {
    function part(name) {
      return field.querySelector(".voice-" + name);
    }
    var input = field.querySelector('input[type="file"]');
    var controls = part("controls"), record = part("record"), stop = part("stop");
    var preview = part("preview"), status = part("status");
    if (!window.MediaRecorder || !navigator.mediaDevices || !window.DataTransfer) return;
    controls.hidden = false;
    var recorder = null, chunks = [];

    record.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        chunks = [];
        recorder = new MediaRecorder(stream);
        recorder.addEventListener("dataavailable", function (e) { if (e.data.size) chunks.push(e.data); });
        recorder.addEventListener("stop", function () {
          stream.getTracks().forEach(function (t) { t.stop(); });
          var type = recorder.mimeType || "audio/webm";
          var ext = type.indexOf("mp4") >= 0 ? "m4a" : type.indexOf("ogg") >= 0 ? "ogg" : "webm";
          var file = new File(chunks, "voice-memo." + ext, { type: type });
          var transfer = new DataTransfer();
          transfer.items.add(file);
          input.files = transfer.files;
          preview.src = URL.createObjectURL(file);
          preview.hidden = false;
          status.textContent = field.dataset.msgReady;
          record.disabled = false;
          stop.disabled = true;
        });
        recorder.start();
        status.textContent = field.dataset.msgRecording;
        record.disabled = true;
        stop.disabled = false;
      }).catch(function () { status.textContent = field.dataset.msgDenied; });
    });
    stop.addEventListener("click", function () { if (recorder) recorder.stop(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".voice-field").forEach(setUp);
  });
})();
