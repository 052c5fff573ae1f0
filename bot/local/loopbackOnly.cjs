'use strict';
// Preloaded (node --require) into the Microsoft 365 Agents Playground, which has no host option and
// listens on every interface. It relays chat to a bot that checks no auth in development mode, so
// it must stay on loopback like the bot itself: a listen() without a host gets 127.0.0.1.
const net = require('node:net');

const LOOPBACK = '127.0.0.1';
const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const first = args[0];
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    // listen(port[, host][, backlog][, callback])
    if (typeof args[1] !== 'string') args.splice(1, 0, LOOPBACK);
  } else if (first === undefined || typeof first === 'function') {
    // listen([callback]): a random port
    args.unshift(0, LOOPBACK);
  } else if (first && typeof first === 'object' && first.host === undefined && first.path === undefined && first.fd === undefined && first.handle === undefined && first._handle === undefined) {
    // listen({ port }): options without a host (handles, fds and pipes are left alone)
    args[0] = { ...first, host: LOOPBACK };
  }
  return listen.apply(this, args);
};
