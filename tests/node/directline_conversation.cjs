// Runs one conversation with Koers through the official botframework-directlinejs client, the
// library Web Chat uses, and prints what happened as JSON on stdout for the Python test.
// Usage: node directline_conversation.cjs <base url> <secret> <websocket|polling> <message>...
'use strict';

global.XMLHttpRequest = require('xhr2');
global.WebSocket = require('ws');
const { DirectLine, ConnectionStatus } = require('botframework-directlinejs');

const [baseUrl, secret, mode, ...messages] = process.argv.slice(2);
const directLine = new DirectLine({
  secret,
  domain: baseUrl + '/v3/directline',
  webSocket: mode === 'websocket',
  pollingInterval: 200
});

const seen = [];
const statuses = [];
const waiting = [];

function botMessages() {
  return seen.filter((activity) => activity.from.role === 'bot' && activity.type === 'message');
}

function untilBotHasSaid(count) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for the bot')), 15000);
    const check = () => {
      if (botMessages().length >= count) {
        clearTimeout(timer);
        resolve();
        return true;
      }
      return false;
    };
    if (!check()) {
      waiting.push(check);
    }
  });
}

directLine.connectionStatus$.subscribe((status) => statuses.push(ConnectionStatus[status]));
directLine.activity$.subscribe((activity) => {
  seen.push(activity);
  for (let i = waiting.length - 1; i >= 0; i -= 1) {
    if (waiting[i]()) {
      waiting.splice(i, 1);
    }
  }
});

function post(text) {
  return new Promise((resolve, reject) => {
    directLine
      .postActivity({ type: 'message', from: { id: 'node-user' }, text })
      .subscribe(resolve, reject);
  });
}

async function main() {
  await untilBotHasSaid(3); // the greeting and the first question
  for (const text of messages) {
    const before = botMessages().length;
    await post(text);
    await untilBotHasSaid(before + 1);
  }
  const ids = seen.map((activity) => activity.id);
  process.stdout.write(
    JSON.stringify({
      conversationId: directLine.conversationId,
      statuses,
      ids,
      duplicates: ids.length - new Set(ids).size,
      activities: seen.map((a) => ({ id: a.id, role: a.from.role, text: a.text || '' }))
    })
  );
  directLine.end();
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error));
  process.exit(1);
});
