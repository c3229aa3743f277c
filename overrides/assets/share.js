/* 复制链接: the share block's button copies the page's address (its canonical address, else
 * the one in the address bar). Works offline and on plain http: the Clipboard API where the
 * browser allows it, else a hidden text field and the copy command. Without JavaScript the
 * button stays hidden and the address is shown to copy by hand. Loaded only by pages with a
 * share block (main.html, page.meta.share). */
(function () {
  "use strict";

  function fallback(text) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "fixed";
    field.style.top = "0";
    field.style.opacity = "0";
    document.body.appendChild(field);
    field.select();
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (e) {
      done = false;
    }
    document.body.removeChild(field);
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        return fallback(text);
      });
    }
    return fallback(text);
  }

  Array.prototype.forEach.call(document.querySelectorAll(".column-copy"), function (button) {
    var status = button.closest(".column-share").querySelector(".column-copy__status");
    button.hidden = false;
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-url") || location.href.split("#")[0];
      copy(url).then(
        function () {
          button.setAttribute("data-copied", url);
          status.textContent = "已复制本页链接，可以粘贴到微信等处分享。";
        },
        function () {
          status.textContent = "没能自动复制，请长按或选中本页地址复制。";
        }
      );
    });
  });
})();
