#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm ci`/`npm install` through `prepare`).

// The AWS SDK warns on Node 20 that its releases from 2027 will need Node 22; the versions our
// lockfile pins run on Node 20, so the warning only adds noise to every scan.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
let main;
try {
  ({ main } = await import('../dist/src/cli/main.js'));
} catch (error) {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist')) {
    process.stderr.write('snapaudit: not built yet: run `npm run build` in the snapaudit folder\n');
    process.exit(70);
  }
  throw error;
}
const code = await main(process.argv.slice(2));
// Exit once stdout has drained: idle keep-alive sockets must not hold the process open.
process.stdout.write('', () => process.exit(code));
