// Preloaded into the Node tools the tests run (NODE_OPTIONS=--require=this file): a TCP connection
// or a DNS lookup for any host but 127.0.0.1, localhost or ::1 throws before anything leaves the
// machine. See tests/structured_data.py.
"use strict";
const net = require("net");
const dns = require("dns");

const LOCAL = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

function refused(host) {
  const error = new Error(`loopback-only: refused a connection to ${host}`);
  error.code = "ELOOPBACKONLY";
  return error;
}

function check(host) {
  if (!LOCAL.has(String(host))) throw refused(host);
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // connect(options[, listener]), connect(port[, host][, listener]), connect(path[, listener]),
  // or Node's own normalized [options, listener] array.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first && typeof first === "object") {
    if (!first.path) check(first.host || "localhost");
  } else if (typeof first === "number" || /^\d+$/.test(String(first))) {
    check(typeof args[1] === "string" ? args[1] : "localhost");
  }
  return connect.apply(this, args);
};

const lookup = dns.lookup;
dns.lookup = function (hostname, ...rest) {
  check(hostname);
  return lookup.call(this, hostname, ...rest);
};
const lookupPromise = dns.promises.lookup;
dns.promises.lookup = function (hostname, ...rest) {
  check(hostname);
  return lookupPromise.call(this, hostname, ...rest);
};
