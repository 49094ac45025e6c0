// node-fetch@2 only falls back to whatwg-url when Node has no URL class (Node < 10); the
// extension host always has one. Bundling this shim instead keeps 290 KB of Unicode tables
// (tr46) out of dist/extension.js.
module.exports = { URL: require('url').URL };
