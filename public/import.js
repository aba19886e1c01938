/* global document, window, XMLHttpRequest, FormData */
// Upload progress for the import form (progressive enhancement: without this script the form
// simply posts). The file is sent with XMLHttpRequest so a <progress> bar can follow it; when
// the server answers with the preview (after its redirect) the browser goes there. Any other
// answer (a message about the file, a refusal) is left to an ordinary form submission, so it
// shows exactly as it does without JavaScript.
(function () {
  'use strict';
  var form = document.querySelector('form[data-upload-progress]');
  if (!form || !window.XMLHttpRequest || !window.FormData) return;
  var box = document.getElementById(form.getAttribute('data-upload-progress'));
  var bar = box && box.querySelector('progress');
  var status = box && box.querySelector('[role="status"]');
  if (!box || !bar) return;

  form.addEventListener('submit', function (event) {
    var file = form.querySelector('input[type="file"]');
    if (!file || !file.files || file.files.length === 0) return; // the server explains what is missing
    event.preventDefault();
    var button = form.querySelector('button[type="submit"]');
    var xhr = new XMLHttpRequest();
    var lastAnnounced = -1;
    xhr.open('POST', form.action);
    xhr.upload.addEventListener('progress', function (e) {
      if (!e.lengthComputable) return;
      bar.max = e.total;
      bar.value = e.loaded;
      var percent = Math.floor((100 * e.loaded) / e.total);
      bar.textContent = percent + '%';
      // Screen readers hear every quarter, not every packet.
      var quarter = Math.floor(percent / 25);
      if (status && quarter !== lastAnnounced) {
        lastAnnounced = quarter;
        status.textContent = percent + '%';
      }
    });
    xhr.upload.addEventListener('load', function () {
      bar.value = bar.max;
      if (status) status.textContent = bar.getAttribute('data-done') || '';
    });
    xhr.addEventListener('load', function () {
      var url = xhr.responseURL || '';
      if (xhr.status === 200 && url && url.split('#')[0] !== form.action) {
        window.location.assign(url);
      } else {
        form.submit();
      }
    });
    xhr.addEventListener('error', function () {
      form.submit();
    });
    box.hidden = false;
    if (button) button.disabled = true;
    xhr.send(new FormData(form));
  });
})();
