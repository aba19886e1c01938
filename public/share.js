/* global document, navigator */
// News post page: progressive enhancement of the share links (features/news/public.tsx).
// Without this script the page already offers plain links and the address to copy. Here: a
// "Share…" button that opens the phone's own share sheet (Web Share API) where the browser has
// one, and the address field copies itself when tapped. Nothing is sent anywhere else.
(function () {
  'use strict';
  var box = document.querySelector('[data-share-url]');
  if (!box) return;
  var url = box.getAttribute('data-share-url');
  var title = box.getAttribute('data-share-title') || document.title;
  var button = box.querySelector('.share-native');
  if (button && typeof navigator.share === 'function') {
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.share({ title: title, url: url }).catch(function () {
        // Cancelled by the person, or not allowed: the links below remain.
      });
    });
  }
  var input = box.querySelector('#share-link');
  var copied = box.querySelector('.share-copied');
  if (input && navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
    input.addEventListener('click', function () {
      input.select();
      navigator.clipboard.writeText(url).then(function () {
        if (copied) copied.hidden = false;
      });
    });
  }
})();
