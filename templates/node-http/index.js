// The function's HTTP server: hands each request to function/handler.js (Node's standard library only).
// Listens on 127.0.0.1:5000, the watchdog's upstream_url.
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');
const handler = require('./function/handler');

const context = {
  env: process.env,
  secret: (name) => fs.readFileSync(path.join('/var/openfaas/secrets', name), 'utf8').replace(/\n+$/, ''),
};

// handle() may return (or resolve to) a string, a Buffer, or {statusCode, body, headers}.
function normalise(result) {
  const out = result !== null && typeof result === 'object' && !Buffer.isBuffer(result)
    ? { statusCode: result.statusCode || 200, headers: result.headers || {}, body: result.body }
    : { statusCode: 200, headers: {}, body: result };
  if (out.body === undefined || out.body === null) out.body = '';
  if (typeof out.body === 'string') {
    if (!Object.keys(out.headers).some((h) => h.toLowerCase() === 'content-type')) {
      out.headers['Content-Type'] = 'text/plain; charset=utf-8';
    }
  } else if (!Buffer.isBuffer(out.body)) {
    out.body = JSON.stringify(out.body);
    out.headers['Content-Type'] = 'application/json';
  }
  return out;
}

http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', async () => {
    const url = new URL(req.url, 'http://function');
    const event = {
      method: req.method, path: url.pathname, query: url.search.replace(/^\?/, ''),
      headers: req.headers, body: Buffer.concat(chunks),
    };
    let answer;
    try {
      answer = normalise(await handler(event, context));
    } catch (err) {
      console.error(err);
      answer = normalise({ statusCode: 500, body: 'the function failed; see its logs\n' });
    }
    res.writeHead(answer.statusCode, answer.headers);
    res.end(answer.body);
  });
}).listen(Number(process.env.function_port || 5000), '127.0.0.1');
