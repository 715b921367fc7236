/* Starts the official Web Chat on /chat with a token from /chat/session (no secret here). */
(function () {
  'use strict';
  var root = document.getElementById('webchat');
  var data = root.dataset;
  var restarts = 0;

  // The page's CSP allows <style> elements only with this page's nonce. Web Chat passes it to
  // its own styles, but one of its parts (react-scroll-to-bottom) makes a <style> without it:
  // give every new <style> element the nonce, before it is attached.
  var createElement = document.createElement;
  document.createElement = function (tagName) {
    var element = createElement.apply(document, arguments);
    if (String(tagName).toLowerCase() === 'style' && !element.getAttribute('nonce')) {
      element.setAttribute('nonce', data.nonce);
    }
    return element;
  };

  // Replace the chat with one line of text (role alert or status).
  function showStatus(text, role) {
    root.textContent = '';
    var message = document.createElement('p');
    message.className = 'koers-status';
    message.setAttribute('role', role);
    message.textContent = text;
    root.appendChild(message);
  }

  function unavailable() {
    showStatus(data.unavailable, 'alert');
  }

  function erased() {
    showStatus(data.erased, 'status');
    var again = document.createElement('button');
    again.type = 'button';
    again.className = 'koers-button';
    again.textContent = data.newConversation;
    again.addEventListener('click', function () {
      root.textContent = '';
      newSession().then(start).catch(unavailable);
    });
    root.appendChild(again);
    again.focus();
  }

  function newSession() {
    return window
      .fetch('/chat/session', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ language: data.language })
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('session ' + response.status);
        }
        return response.json();
      });
  }

  function start(session) {
    var directLine = window.WebChat.createDirectLine({
      domain: window.location.origin + '/v3/directline',
      token: session.token,
      webSocket: true
    });
    // After the phone or laptop slept past the token's lifetime, the client reports an expired
    // token (3) or gives up (4). The cookie still knows the conversation: start a fresh client
    // with a new token, and the history comes back from the server. A few times, not forever.
    var replaced = false;
    // After "verwijder mijn gegevens" the server says the conversation is gone: end this
    // client (it must not reconnect to nothing) and offer a new conversation.
    directLine.activity$.subscribe(
      function (activity) {
        if (activity.channelData && activity.channelData.koers === 'erased' && !replaced) {
          replaced = true;
          directLine.end();
          erased();
        }
      },
      function () {
        // "conversation ended": expected once this client was ended on purpose.
      }
    );
    directLine.connectionStatus$.subscribe(function (status) {
      if ((status === 3 || status === 4) && !replaced) {
        replaced = true;
        directLine.end();
        if (restarts >= 5) {
          unavailable();
          return;
        }
        restarts += 1;
        newSession().then(start).catch(unavailable);
      }
    });
    var host = document.createElement('div');
    host.className = 'koers-webchat-host';
    root.textContent = '';
    root.appendChild(host);
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        locale: data.locale,
        // Koers says "je"; Web Chat's own Dutch says "Typ uw bericht".
        overrideLocalizedStrings: { TEXT_INPUT_PLACEHOLDER: data.placeholder },
        // Web Chat's styles are <style> elements: the page's CSP allows them by this nonce.
        nonce: data.nonce,
        styleOptions: {
          accent: data.accent,
          backgroundColor: '#FFFFFF',
          bubbleBackground: data.bubble,
          bubbleTextColor: data.bubbleText,
          bubbleBorderColor: '#767676',
          bubbleBorderWidth: 1,
          bubbleFromUserBackground: data.accent,
          bubbleFromUserTextColor: data.accentText,
          bubbleFromUserBorderColor: data.accent,
          botAvatarImage: '/chat/logo',
          // Screen readers announce each message as '<initials> said'.
          botAvatarInitials: data.botName,
          hideUploadButton: true,
          sendTypingIndicator: false,
          primaryFont: '"Segoe UI", Calibri, Arial, Helvetica, sans-serif',
          rootHeight: '100%',
          subtle: '#595959',
          timestampColor: '#595959'
        }
      },
      host
    );
  }

  // Inside the intranet embed, Escape asks the page around us to close the chat.
  if (window.parent !== window) {
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        window.parent.postMessage({ koers: 'close' }, '*');
      }
    });
  }

  if (!window.WebChat) {
    unavailable();
    return;
  }
  newSession().then(start).catch(unavailable);
})();
