/* 适老化 large-text mode: a "大字" button in the header enlarges text and raises contrast.
 * The choice is kept in localStorage, so it follows the reader from page to page; the small
 * script in partials/readers-head.html applies it before the first paint (no flash of small
 * text). Without JavaScript the button is not shown at all: it could do nothing. */
(function () {
  "use strict";
  var KEY = "column-large-text";
  var CLASS = "column-large";
  var root = document.documentElement;

  function remember(on) {
    try {
      if (on) {
        localStorage.setItem(KEY, "1");
      } else {
        localStorage.removeItem(KEY);
      }
    } catch (e) {
      /* storage refused (private mode): the mode still applies to this page */
    }
  }

  function apply(button, on) {
    root.classList.toggle(CLASS, on);
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.title = on ? "恢复标准字号" : "放大文字、加深颜色（适合老年读者）";
  }

  function addButton() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".column-large-toggle")) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button column-large-toggle";
    button.textContent = "大字";
    button.setAttribute("aria-label", "大字模式");
    apply(button, root.classList.contains(CLASS));
    button.addEventListener("click", function () {
      var on = !root.classList.contains(CLASS);
      apply(button, on);
      remember(on);
    });
    // Before the search button, so the order stays: menu, title, 大字, search.
    var search = header.querySelector("label[for='__search'], .md-search, [data-md-component='search']");
    header.insertBefore(button, search && search.parentNode === header ? search : null);
  }

  // The photo lightbox (mkdocs-glightbox) labels its dialog and buttons in English only:
  // name them in Chinese for screen readers whenever it opens.
  var LIGHTBOX_LABELS = { ".gclose": "关闭", ".gnext": "下一张", ".gprev": "上一张" };

  function labelLightbox() {
    var box = document.getElementById("glightbox-body");
    if (!box || box.getAttribute("aria-label")) {
      return;
    }
    box.setAttribute("aria-label", "查看照片");
    Object.keys(LIGHTBOX_LABELS).forEach(function (selector) {
      var button = box.querySelector(selector);
      if (button) {
        button.setAttribute("aria-label", LIGHTBOX_LABELS[selector]);
      }
    });
  }

  addButton();
  if (document.querySelector("a.glightbox") && window.MutationObserver) {
    new MutationObserver(labelLightbox).observe(document.body, { childList: true });
  }
})();
