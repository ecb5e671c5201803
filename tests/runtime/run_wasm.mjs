// Runs a wasm32-wasi command module under Node's WASI (preview1) and exits with its exit code:
//
//   node tests/runtime/run_wasm.mjs [--dir HOST[:GUEST]]… [--env NAME=VALUE]… MODULE.wasm [ARGS…]
//
// The module sees argv = [MODULE.wasm, ARGS…], the environment given by --env (none by
// default), the host directories given by --dir preopened under GUEST (default: the same
// path; none by default), and this process's stdin, stdout and stderr. wasi-libc resolves a
// path under the preopened directory with the longest matching prefix, and takes relative
// paths from "/": `--dir .:.` (the working directory as ".") makes relative paths work. A
// trap (unreachable, out-of-bounds access, stack overflow) is reported on stderr and gives
// exit code 134, like a native abort. Needs Node ≥ 20.

// node:wasi announces itself with an ExperimentalWarning on stderr; keep stderr the program's
// own. Other warnings are still shown. (The import is dynamic so that it runs after this.)
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name === 'ExperimentalWarning' && /WASI/.test(w.message)) return;
  process.stderr.write(`${w.name}: ${w.message}\n`);
});

const { WASI } = await import('node:wasi');
const { readFile } = await import('node:fs/promises');

const usage = 'usage: node run_wasm.mjs [--dir HOST[:GUEST]]... [--env NAME=VALUE]... MODULE.wasm [ARGS...]\n';
const argv = process.argv.slice(2);
const preopens = {};
const env = {};
while (argv.length > 0 && (argv[0] === '--dir' || argv[0] === '--env')) {
  const [option, value] = argv.splice(0, 2);
  if (value === undefined) {
    process.stderr.write(usage);
    process.exit(2);
  }
  if (option === '--dir') {
    const colon = value.indexOf(':');
    const host = colon < 0 ? value : value.slice(0, colon);
    preopens[colon < 0 ? value : value.slice(colon + 1)] = host;
  } else {
    const eq = value.indexOf('=');
    if (eq <= 0) {
      process.stderr.write(usage);
      process.exit(2);
    }
    env[value.slice(0, eq)] = value.slice(eq + 1);
  }
}
const [file, ...args] = argv;
if (!file) {
  process.stderr.write(usage);
  process.exit(2);
}

let module;
try {
  module = await WebAssembly.compile(await readFile(file));
} catch (e) {
  process.stderr.write(`run_wasm: ${file}: ${e.message}\n`);
  process.exit(2);
}
const wasi = new WASI({ version: 'preview1', args: [file, ...args], env, preopens, returnOnExit: true });
// Node 20's fast API calls into WASI segfault once the module's memory has grown
// (nodejs/node#53087); calling through plain JS functions avoids them.
const imports = wasi.getImportObject();
imports.wasi_snapshot_preview1 = Object.fromEntries(
  Object.entries(imports.wasi_snapshot_preview1).map(([k, f]) => [k, typeof f === 'function' ? (...a) => f(...a) : f]));
const instance = await WebAssembly.instantiate(module, imports);
try {
  process.exitCode = wasi.start(instance);
} catch (e) {
  process.stderr.write(`run_wasm: ${file}: ${e instanceof WebAssembly.RuntimeError ? 'trap: ' : ''}${e.message}\n`);
  process.exitCode = 134;
}
