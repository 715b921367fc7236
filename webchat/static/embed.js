/* Koers' intranet embed: one <script src=".../embed.js"> gives a chat button that opens /chat in a
   panel. Optional attribute on the script tag: data-language="nl" or "en" (default: the page's). */
(function () {
  'use strict';
  var config = /*KOERS_CONFIG*/null;
  var script = document.currentScript;
  if (!script || document.getElementById('koers-launcher')) {
    return;
  }
  var origin = new URL(script.src).origin;
  var pageLanguage = (script.getAttribute('data-language') || document.documentElement.lang || 'nl');
  var language = pageLanguage.toLowerCase().indexOf('en') === 0 ? 'en' : 'nl';
  var texts = config.texts[language];

  function style(element, rules) {
    Object.keys(rules).forEach(function (name) {
      element.style.setProperty(name, rules[name]);
    });
  }

  var launcher = document.createElement('button');
  launcher.id = 'koers-launcher';
  launcher.type = 'button';
  launcher.textContent = texts.open;
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-controls', 'koers-panel');
  style(launcher, {
    position: 'fixed', right: '1rem', bottom: '1rem', 'z-index': '2147483000',
    padding: '0.75rem 1.25rem', border: '2px solid ' + config.accentText, 'border-radius': '2rem',
    background: config.accent, color: config.accentText, font: 'bold 1rem Arial, sans-serif',
    cursor: 'pointer', 'box-shadow': '0 2px 8px rgba(0, 0, 0, 0.3)'
  });

  var panel = document.createElement('div');
  panel.id = 'koers-panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', texts.region);
  panel.hidden = true;
  var narrow = window.matchMedia('(max-width: 30rem)').matches;
  style(panel, narrow ? {
    position: 'fixed', inset: '0', 'z-index': '2147483001', background: '#FFFFFF'
  } : {
    position: 'fixed', right: '1rem', bottom: '1rem', width: '25rem', height: '40rem',
    'max-height': 'calc(100vh - 2rem)', 'max-width': 'calc(100vw - 2rem)',
    'z-index': '2147483001', background: '#FFFFFF', 'border-radius': '0.5rem',
    'box-shadow': '0 4px 16px rgba(0, 0, 0, 0.35)', overflow: 'hidden'
  });

  var close = document.createElement('button');
  close.type = 'button';
  close.textContent = '\u00d7';
  close.setAttribute('aria-label', texts.close);
  style(close, {
    position: 'absolute', top: '0.35rem', right: '0.35rem', width: '2.75rem', height: '2.75rem',
    border: '2px solid ' + config.accentText, 'border-radius': '50%', background: config.accent,
    color: config.accentText, font: 'bold 1.4rem Arial, sans-serif', cursor: 'pointer',
    'z-index': '1'
  });

  var frame = null;

  function open() {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.title = texts.region;
      frame.src = origin + '/chat?embed=1&lang=' + language;
      style(frame, { width: '100%', height: '100%', border: '0', display: 'block' });
      panel.appendChild(frame);
    }
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute('aria-expanded', 'true');
    frame.focus();
  }

  function shut() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  launcher.addEventListener('click', open);
  close.addEventListener('click', shut);
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') {
      shut();
    }
  });
  window.addEventListener('message', function (event) {
    if (event.origin === origin && event.data && event.data.koers === 'close' && !panel.hidden) {
      shut();
    }
  });
  panel.appendChild(close);
  document.body.appendChild(panel);
  document.body.appendChild(launcher);
})();
