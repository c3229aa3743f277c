// 复制到公众号 (wechat/copy.js, shared by every story's 公众号 version): puts the article on
// the clipboard as rich HTML, so the WeChat editor keeps its inline styles when it is pasted.
// The asynchronous Clipboard API with a text/html ClipboardItem first; where a browser lacks it
// or refuses (no secure context, no permission), the article is selected and copied with
// document.execCommand("copy"). No request leaves the page.
(function () {
  "use strict";
  var button = document.getElementById("wechat-copy");
  var status = document.getElementById("wechat-status");
  var article = document.getElementById("wechat-article");
  if (!button || !status || !article) {
    return;
  }

  function say(text) {
    status.textContent = text;
  }

  function done() {
    say("已复制。请到公众号后台的图文编辑器正文里粘贴（Ctrl+V，苹果电脑按 ⌘V）。");
  }

  function failed() {
    say("浏览器没有允许自动复制：文章已选中，请按 Ctrl+C（苹果电脑按 ⌘C）复制。");
  }

  // Selects the article and copies the selection; the article stays selected when the
  // browser refuses, so the editor can press Ctrl+C.
  function copyBySelection() {
    var selection = window.getSelection();
    var range = document.createRange();
    range.selectNodeContents(article);
    selection.removeAllRanges();
    selection.addRange(range);
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (err) {
      copied = false;
    }
    if (copied) {
      selection.removeAllRanges();
      done();
    } else {
      failed();
    }
  }

  button.addEventListener("click", function () {
    say("正在复制……");
    var html = article.innerHTML.trim();
    if (!navigator.clipboard || typeof navigator.clipboard.write !== "function" || typeof ClipboardItem !== "function") {
      copyBySelection();
      return;
    }
    var item;
    try {
      item = new ClipboardItem({
        "text/html": new Blob([html], { type: "text/html" }),
        "text/plain": new Blob([article.innerText], { type: "text/plain" })
      });
    } catch (err) {
      copyBySelection();
      return;
    }
    navigator.clipboard.write([item]).then(done, copyBySelection);
  });
})();
