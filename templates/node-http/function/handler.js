'use strict';

// Answers one call.
//   event: method, path, query (raw string), headers (lower-case names), body (Buffer)
//   context: env (process.env), secret(name)
// Return (or resolve to) a string, a Buffer, an object (sent as JSON in body) or {statusCode, body, headers}.
module.exports = async (event, context) => {
  const name = event.body.toString() || 'world';
  return { statusCode: 200, body: `Hello, ${name}\n` };
};
