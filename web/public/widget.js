/*
 * Xiaoer chat widget: put the shop's chat on any page with one tag.
 *   <script src="https://xiaoer.example.com/widget.js" data-shop="demo" async></script>
 * Optional: data-label (the button's text), data-color (its colour), data-position ("right" or "left").
 * The chat runs in a frame from the Xiaoer server, so the host page never sees the buyer's session.
 */
(function () {
  var script = document.currentScript;
  if (!script || !script.dataset.shop) return;
  var origin = new URL(script.src, location.href).origin;
  var shop = script.dataset.shop;
  var side = script.dataset.position === 'left' ? 'left' : 'right';
  var color = script.dataset.color || '#ff5000';

  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = script.dataset.label || '联系客服';
  button.setAttribute('data-xiaoer', 'launcher');
  button.style.cssText = 'position:fixed;bottom:24px;' + side + ':24px;z-index:2147483000;border:0;border-radius:24px;'
    + 'padding:12px 20px;font-size:15px;color:#fff;cursor:pointer;box-shadow:0 4px 12px rgba(0,0,0,.2);background:' + color;

  var frame = null;
  button.addEventListener('click', function () {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.src = origin + '/chat/' + encodeURIComponent(shop);
      frame.title = button.textContent;
      frame.setAttribute('data-xiaoer', 'chat');
      frame.style.cssText = 'position:fixed;bottom:80px;' + side + ':24px;z-index:2147483000;width:380px;height:560px;'
        + 'max-width:calc(100vw - 48px);max-height:calc(100vh - 104px);border:0;border-radius:12px;background:#fff;'
        + 'box-shadow:0 8px 24px rgba(0,0,0,.2)';
      document.body.appendChild(frame);
    } else {
      frame.style.display = frame.style.display === 'none' ? 'block' : 'none';
    }
  });
  document.body.appendChild(button);
})();
